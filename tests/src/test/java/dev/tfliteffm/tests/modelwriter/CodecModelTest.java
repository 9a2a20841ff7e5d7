package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteQuantizationParams;
import dev.tfliteffm.modelwriter.SampleModels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample (a): the int8 codec's two signatures against the quantization formulas computed here. */
class CodecModelTest {

    private static final float SCALE = SampleModels.CODEC_SCALE;
    private static final int ZERO_POINT = SampleModels.CODEC_ZERO_POINT;

    @Test
    void signaturesNamesAndTypes() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.codec())) {
            assertEquals(List.of("encode", "decode"), tflite.signatureKeys());
            RawInterpreter.Runner encode = tflite.runner("encode").allocate();
            assertEquals(List.of("x"), encode.inputNames());
            assertEquals(List.of("encoded_result"), encode.outputNames());
            assertEquals(TfLite.kTfLiteFloat32(), encode.inputType("x"));
            assertEquals(TfLite.kTfLiteInt8(), encode.type("encoded_result"));
            RawInterpreter.Runner decode = tflite.runner("decode").allocate();
            assertEquals(List.of("x"), decode.inputNames());
            assertEquals(List.of("decoded_result"), decode.outputNames());
            assertEquals(TfLite.kTfLiteInt8(), decode.inputType("x"));
            assertEquals(TfLite.kTfLiteFloat32(), decode.type("decoded_result"));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment q = TfLite.TfLiteTensorQuantizationParams(arena, decode.input("x"));
                assertEquals(SCALE, TfLiteQuantizationParams.scale(q));
                assertEquals(ZERO_POINT, TfLiteQuantizationParams.zero_point(q));
            }
        }
    }

    @Test
    void encodeQuantizesWithRoundingAndClamping() {
        // Values inside the range, on both sides of zero, and beyond both ends (clamped).
        float[] xs = {-100f, -7.2f, -6.9f, -1.234f, -0.026f, 0f, 0.024f, 0.51f, 1f, 3.3333f, 5.85f, 6.4f, 42f};
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.codec())) {
            RawInterpreter.Runner encode =
                    tflite.runner("encode").resize("x", xs.length).allocate();
            byte[] encoded = encode.set("x", xs).invoke().bytes("encoded_result");
            byte[] expected = new byte[xs.length];
            for (int i = 0; i < xs.length; i++) {
                expected[i] = (byte) Math.clamp(roundHalfAwayFromZero(xs[i] / SCALE) + ZERO_POINT, -128, 127);
            }
            assertArrayEquals(expected, encoded);
            assertArrayEquals(new int[] {xs.length}, encode.shape("encoded_result"));
        }
    }

    @Test
    void decodeDequantizesEveryInt8Value() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i - 128);
        }
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.codec())) {
            RawInterpreter.Runner decode =
                    tflite.runner("decode").resize("x", all.length).allocate();
            float[] decoded = decode.set("x", all).invoke().floats("decoded_result");
            for (int i = 0; i < all.length; i++) {
                float expected = (all[i] - ZERO_POINT) * SCALE;
                assertEquals(expected, decoded[i], 1e-6f * Math.max(1f, Math.abs(expected)), "q=" + all[i]);
            }
        }
    }

    @Test
    void encodeThenDecodeIsWithinHalfAStep() {
        float[] xs = {-6.3f, -2.71828f, -0.001f, 0.333f, 1.41421f, 5.5f};
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.codec())) {
            RawInterpreter.Runner encode =
                    tflite.runner("encode").resize("x", xs.length).allocate();
            byte[] codes = encode.set("x", xs).invoke().bytes("encoded_result");
            RawInterpreter.Runner decode =
                    tflite.runner("decode").resize("x", xs.length).allocate();
            float[] back = decode.set("x", codes).invoke().floats("decoded_result");
            for (int i = 0; i < xs.length; i++) {
                assertEquals(xs[i], back[i], SCALE / 2 + 1e-6f, "x=" + xs[i]);
            }
        }
    }

    /** std::round: halves go away from zero (Java's Math.round goes up). */
    static long roundHalfAwayFromZero(double v) {
        return (long) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5));
    }
}
