package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quantized tensors: per-tensor parameters as the official API reports them, and per-channel ones as 0 and 0. */
class QuantizedTest {

    @Test
    void perTensorAndPerChannelParameters() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.quantized()))) {
            Tensor q = interpreter.getOutputTensorFromSignature("q", "quantize_uint8");
            assertEquals(DataType.UINT8, q.dataType());
            assertEquals(SampleModels.UINT8_SCALE, q.quantizationParams().getScale(), 1e-7f);
            assertEquals(SampleModels.UINT8_ZERO_POINT, q.quantizationParams().getZeroPoint());
            Tensor perChannel = interpreter.getInputTensorFromSignature("q", "dequantize_per_channel");
            assertEquals(0f, perChannel.quantizationParams().getScale());
            assertEquals(0, perChannel.quantizationParams().getZeroPoint());
        }
    }

    @Test
    void quantizeAndDequantize() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.quantized()))) {
            byte[] q = new byte[3];
            interpreter.runSignature(Map.of("x", new float[] {0f, 1f, -1f}), Map.of("q", q), "quantize_uint8");
            assertArrayEquals(new byte[] {(byte) 128, (byte) 138, 118}, q);
            float[] x = new float[3];
            interpreter.runSignature(Map.of("q", q), Map.of("x", x), "dequantize_uint8");
            assertArrayEquals(new float[] {0f, 1f, -1f}, x, 1e-6f);
            float[][] perChannel = new float[1][3];
            interpreter.runSignature(
                    Map.of("q", new byte[][] {{2, 3, -2}}), Map.of("x", perChannel), "dequantize_per_channel");
            assertArrayEquals(new float[] {1f, 0f, 0f}, perChannel[0], 1e-6f);
        }
    }
}
