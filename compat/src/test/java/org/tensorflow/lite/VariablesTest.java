package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State across runs, and {@link Interpreter#resetVariableTensors()}, on the model writer's variables model. */
class VariablesTest {

    @Test
    void resourceVariableAccumulates() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.variables()))) {
            float[] total = new float[3];
            interpreter.runSignature(Map.of("delta", new float[] {1f, 2f, 3f}), Map.of("total", total), "accumulate");
            interpreter.runSignature(Map.of("delta", new float[] {1f, 2f, 3f}), Map.of("total", total), "accumulate");
            assertArrayEquals(new float[] {2f, 4f, 6f}, total);
        }
    }

    @Test
    void aSignatureWithoutInputsCannotRunAsInTheOfficialApi() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.variables()))) {
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.runSignature(Map.of(), Map.of("total", new float[3]), "read")),
                    "Input error: Inputs should not be null or empty.");
        }
    }

    @Test
    void resetZeroesTheRnnState() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.variables()))) {
            // TFLite resets every subgraph's variables, and fails while the rnn's are not allocated yet.
            assertContains(
                    assertThrows(IllegalArgumentException.class, interpreter::resetVariableTensors),
                    "Internal error: Failed to reset variable tensors");
            float[][][] x = {{{1f, 0f}, {0f, 1f}}};
            float[][][] first = new float[1][2][2];
            float[][][] second = new float[1][2][2];
            float[][][] afterReset = new float[1][2][2];
            interpreter.runSignature(Map.of("x", x), Map.of("y", first), "rnn");
            interpreter.runSignature(Map.of("x", x), Map.of("y", second), "rnn");
            assertFalse(Arrays.deepEquals(first, second), "the hidden state carried over");
            interpreter.resetVariableTensors();
            interpreter.runSignature(Map.of("x", x), Map.of("y", afterReset), "rnn");
            assertArrayEquals(first[0][1], afterReset[0][1]);
        }
    }
}
