package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteAffineQuantization;
import dev.tfliteffm.internal.bindings.TfLiteQuantization;
import dev.tfliteffm.internal.bindings.TfLiteTensor;
import dev.tfliteffm.modelwriter.SampleModels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Sample (d): uint8 per-tensor quantization both ways, and per-channel int8 dequantization. */
class QuantizedModelTest {

    private static final float SCALE = SampleModels.UINT8_SCALE;
    private static final int ZERO_POINT = SampleModels.UINT8_ZERO_POINT;

    @Test
    void quantizeToUint8() {
        float[] xs = {-20f, -12.83f, -0.04f, 0f, 0.06f, 3.14159f, 12.7f, 99f};
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.quantized())) {
            RawInterpreter.Runner r =
                    tflite.runner("quantize_uint8").resize("x", xs.length).allocate();
            assertEquals(TfLite.kTfLiteUInt8(), r.type("q"));
            byte[] q = r.set("x", xs).invoke().bytes("q");
            for (int i = 0; i < xs.length; i++) {
                long expected = Math.clamp(CodecModelTest.roundHalfAwayFromZero(xs[i] / SCALE) + ZERO_POINT, 0, 255);
                assertEquals(expected, Byte.toUnsignedInt(q[i]), "x=" + xs[i]);
            }
        }
    }

    @Test
    void dequantizeEveryUint8Value() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.quantized())) {
            RawInterpreter.Runner r =
                    tflite.runner("dequantize_uint8").resize("q", 256).allocate();
            float[] x = r.set("q", all).invoke().floats("x");
            for (int i = 0; i < 256; i++) {
                assertEquals((i - ZERO_POINT) * SCALE, x[i], 1e-5f, "q=" + i);
            }
        }
    }

    @Test
    void dequantizePerChannel() {
        float[] scales = SampleModels.PER_CHANNEL_SCALES;
        long[] zeroPoints = SampleModels.PER_CHANNEL_ZERO_POINTS;
        byte[] q = {-128, 0, 127, 5, 3, -2, 100, -100, 1, -7, 64, 33};
        int rows = q.length / 3;
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.quantized())) {
            RawInterpreter.Runner r =
                    tflite.runner("dequantize_per_channel").resize("q", rows, 3).allocate();
            assertPerChannelParams(r.input("q"), scales, zeroPoints);
            float[] x = r.set("q", q).invoke().floats("x");
            assertArrayEquals(new int[] {rows, 3}, r.shape("x"));
            for (int i = 0; i < q.length; i++) {
                int c = i % 3;
                assertEquals((q[i] - zeroPoints[c]) * scales[c], x[i], 1e-6f, "element " + i);
            }
        }
    }

    /** The interpreter's view of the input's affine quantization: the scales, zero points and axis written. */
    private static void assertPerChannelParams(MemorySegment tensor, float[] scales, long[] zeroPoints) {
        MemorySegment t = tensor.reinterpret(TfLiteTensor.sizeof());
        MemorySegment quantization = TfLiteTensor.quantization(t);
        assertEquals(TfLite.kTfLiteAffineQuantization(), TfLiteQuantization.type(quantization));
        MemorySegment affine = TfLiteQuantization.params(quantization).reinterpret(TfLiteAffineQuantization.sizeof());
        MemorySegment scaleArray = TfLiteAffineQuantization.scale(affine).reinterpret(4 + 4L * scales.length);
        MemorySegment zeroArray = TfLiteAffineQuantization.zero_point(affine).reinterpret(4 + 4L * scales.length);
        // TfLiteFloatArray / TfLiteIntArray: an int size, then the elements.
        assertEquals(scales.length, scaleArray.get(ValueLayout.JAVA_INT, 0));
        assertEquals(zeroPoints.length, zeroArray.get(ValueLayout.JAVA_INT, 0));
        for (int c = 0; c < scales.length; c++) {
            assertEquals(scales[c], scaleArray.get(ValueLayout.JAVA_FLOAT, 4 + 4L * c));
            assertEquals(zeroPoints[c], zeroArray.get(ValueLayout.JAVA_INT, 4 + 4L * c));
        }
        assertEquals(1, TfLiteAffineQuantization.quantized_dimension(affine));
    }
}
