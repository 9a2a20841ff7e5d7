package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.SampleModels;
import org.junit.jupiter.api.Test;

/**
 * Sample (g): a resource variable shared by two signatures (initialized once by CALL_ONCE), and an RNN whose
 * hidden state is a variable tensor. Also pins down what TFLite 2.21's variable reset does with each.
 */
class VariablesModelTest {

    @Test
    void resourceVariableAccumulatesAcrossSignatures() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.variables())) {
            RawInterpreter.Runner accumulate = tflite.runner("accumulate").allocate();
            RawInterpreter.Runner read = tflite.runner("read").allocate();
            assertArrayEquals(new float[3], read.invoke().floats("total"), "initialized to zeros by CALL_ONCE");
            assertArrayEquals(
                    new float[] {1f, 2f, 3f},
                    accumulate.set("delta", 1f, 2f, 3f).invoke().floats("total"));
            assertArrayEquals(
                    new float[] {0.5f, 2f, 13f},
                    accumulate.set("delta", -0.5f, 0f, 10f).invoke().floats("total"));
            assertArrayEquals(new float[] {0.5f, 2f, 13f}, read.invoke().floats("total"));
        }
    }

    @Test
    void eachInterpreterHasItsOwnVariable() {
        byte[] model = SampleModels.variables();
        try (RawInterpreter first = RawInterpreter.load(model);
                RawInterpreter second = RawInterpreter.load(model)) {
            first.runner("accumulate").allocate().set("delta", 5f, 5f, 5f).invoke();
            assertArrayEquals(
                    new float[3], second.runner("read").allocate().invoke().floats("total"));
        }
    }

    @Test
    void rnnStateCarriesOverUntilReset() {
        float[] x = {1f, 0f, 0f, 1f, -2f, 0.5f}; // [1, T=3, 2]
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.variables())) {
            // Reset touches every subgraph's variable tensors, so all of them must be allocated first.
            tflite.runner("accumulate").allocate();
            tflite.runner("read").allocate();
            RawInterpreter.Runner rnn =
                    tflite.runner("rnn").resize("x", 1, 3, 2).allocate();
            float[] hidden = new float[SampleModels.RNN_UNITS];
            float[] first = rnn.set("x", x).invoke().floats("y");
            assertArrayEquals(expectedRnn(x, hidden), first, 1e-5f);
            float[] second = rnn.set("x", x).invoke().floats("y");
            assertArrayEquals(expectedRnn(x, hidden), second, 1e-5f, "continues from the first run's last state");
            tflite.resetVariableTensors();
            assertArrayEquals(first, rnn.set("x", x).invoke().floats("y"), 1e-6f, "starts from zeros again");
        }
    }

    @Test
    void resetLeavesResourceVariablesAlone() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.variables())) {
            RawInterpreter.Runner accumulate = tflite.runner("accumulate").allocate();
            RawInterpreter.Runner read = tflite.runner("read").allocate();
            tflite.runner("rnn").allocate();
            accumulate.set("delta", 1f, 2f, 3f).invoke();
            tflite.resetVariableTensors();
            // TFLite 2.21 resets is_variable tensors only; resource variables live in the interpreter's resources.
            assertArrayEquals(new float[] {1f, 2f, 3f}, read.invoke().floats("total"));
        }
    }

    @Test
    void resetFailsWhileAVariableTensorIsUnallocated() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.variables())) {
            tflite.runner("accumulate").allocate();
            IllegalStateException e = assertThrows(IllegalStateException.class, tflite::resetVariableTensors);
            assertTrue(e.getMessage().contains("tensor.data.raw != nullptr"), e.getMessage());
            assertEquals(TfLite.kTfLiteError(), TfLite.TfLiteInterpreterResetVariableTensors(tflite.handle()));
        }
    }

    /** h_t = W x_t + R h_{t−1} + b for each step (no activation); updates {@code hidden} in place. */
    private static float[] expectedRnn(float[] x, float[] hidden) {
        int units = SampleModels.RNN_UNITS;
        float[] w = SampleModels.RNN_INPUT_WEIGHTS;
        float[] r = SampleModels.RNN_RECURRENT_WEIGHTS;
        float[] b = SampleModels.RNN_BIAS;
        int steps = x.length / 2;
        float[] out = new float[steps * units];
        for (int t = 0; t < steps; t++) {
            float[] next = new float[units];
            for (int u = 0; u < units; u++) {
                float v = b[u];
                for (int i = 0; i < 2; i++) {
                    v += w[u * 2 + i] * x[t * 2 + i];
                }
                for (int j = 0; j < units; j++) {
                    v += r[u * units + j] * hidden[j];
                }
                next[u] = v;
            }
            System.arraycopy(next, 0, hidden, 0, units);
            System.arraycopy(next, 0, out, t * units, units);
        }
        return out;
    }
}
