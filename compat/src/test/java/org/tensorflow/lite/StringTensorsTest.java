package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** String tensors as {@code String} and {@code byte[]} arrays, in and out, by index and by signature. */
class StringTensorsTest {

    @Test
    void stringsThroughTheSampleSignatures() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.strings()))) {
            // lookup (the primary subgraph): int32 ids in, strings out, by index.
            String[] words = new String[3];
            interpreter.run(new int[] {0, 4, 5}, words);
            assertArrayEquals(new String[] {"hello", "façade", "日本語"}, words);
            // echo: strings in and out, by name; multi-byte UTF-8 survives both ways.
            String[] text = {"a", "", "façade", "日本語 text"};
            String[] echoed = new String[4];
            String[] first = new String[1];
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("echoed", echoed);
            outputs.put("first", first);
            interpreter.runSignature(Map.of("text", text), outputs, "echo");
            assertArrayEquals(text, echoed);
            assertArrayEquals(new String[] {"a"}, first);
            assertEquals(
                    DataType.STRING,
                    interpreter.getOutputTensorFromSignature("echoed", "echo").dataType());
        }
    }

    @Test
    void byteStringsInAndOut() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.strings()))) {
            byte[][] text = {{0, 1, 2, (byte) 0xff}, "ok".getBytes(StandardCharsets.UTF_8)};
            byte[][] echoed = new byte[2][];
            interpreter.runSignature(Map.of("text", text), Map.of("echoed", echoed), "echo");
            assertArrayEquals(text[0], echoed[0], "bytes, NUL and all, as they are");
            assertArrayEquals(text[1], echoed[1]);
        }
    }

    @Test
    void scalarStringInput() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.stringEcho()))) {
            String[] echoed = new String[1];
            interpreter.run("alone", echoed);
            assertArrayEquals(new int[0], interpreter.getInputTensor(0).shape(), "resized to a scalar");
            assertArrayEquals(new String[] {"alone"}, echoed);
            interpreter.run("bytes".getBytes(StandardCharsets.UTF_8), echoed);
            assertArrayEquals(new String[] {"bytes"}, echoed, "a byte[] is one byte string");
            byte[][] empty = {{}, {}};
            byte[][] back = new byte[2][];
            interpreter.run(empty, back);
            assertArrayEquals(new byte[0], back[1], "empty byte strings are elements too");
        }
    }

    @Test
    void multiDimensionalStrings() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.string()))) {
            String[] oneD = {"s1", "s22", "s333"};
            String[][] twoD = {oneD, oneD, oneD, oneD, oneD, oneD, oneD, oneD};
            String[][][] threeD = {twoD, twoD, twoD, twoD, twoD, twoD, twoD, twoD};
            String[][][][] fourD = {threeD, threeD};
            String[][][][] out = new String[2][4][4][12];
            interpreter.run(fourD, out);
            assertArrayEquals(new String[] {"s1", "s22", "s333", "s1"}, java.util.Arrays.copyOf(out[0][0][0], 4));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.run(fourD, new String[2][4][4][10]));
            assertContains(
                    e,
                    "Cannot copy from a TensorFlowLite tensor (output_tensor) with shape [2, 4, 4, 12] to a Java"
                            + " object with shape [2, 4, 4, 10]");
            e = assertThrows(IllegalArgumentException.class, () -> interpreter.run(new int[] {1}, null));
            assertContains(
                    e,
                    "Cannot convert between a TensorFlowLite tensor with type STRING and a Java object of type [I"
                            + " (which is compatible with the TensorFlowLite type INT32)");
        }
    }
}
