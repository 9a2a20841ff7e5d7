package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.Quantization;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime on the model writer's models: several signatures, strings, dynamic shapes, quantization, state. */
class SampleModelRuntimeTest {

    private static Interpreter open(byte[] model) {
        // The interpreter holds the model: closing the Model right away is safe.
        try (Model m = Model.fromBytes(model)) {
            return Interpreter.create(m);
        }
    }

    private static byte quantize(float x) {
        return (byte) Math.max(
                -128, Math.min(127, Math.round(x / SampleModels.CODEC_SCALE) + SampleModels.CODEC_ZERO_POINT));
    }

    @Test
    void theSeedsCodecWalkthrough() {
        try (Interpreter ip = open(SampleModels.codec())) {
            assertEquals(
                    "{'decode': {'inputs': ['x'], 'outputs': ['decoded_result']}, "
                            + "'encode': {'inputs': ['x'], 'outputs': ['encoded_result']}}",
                    ip.signatures().toString());
            SignatureRunner encode = ip.runner("encode");
            SignatureRunner decode = ip.runner("decode");
            float[] x = {-1f, 0f, 0.5f, 1.25f, 2f, 100f};
            NdArray encoded = encode.run(Map.of("x", x)).get("encoded_result");
            assertEquals(DataType.INT8, encoded.dataType());
            for (int i = 0; i < x.length; i++) {
                assertEquals(quantize(x[i]), encoded.bytes()[i], "x=" + x[i]);
            }
            float[] decoded =
                    decode.run(Map.of("x", encoded)).get("decoded_result").floats();
            for (int i = 0; i < x.length; i++) {
                assertEquals(
                        (encoded.bytes()[i] - SampleModels.CODEC_ZERO_POINT) * SampleModels.CODEC_SCALE,
                        decoded[i],
                        1e-6f);
            }
            Quantization q = encode.output("encoded_result").quantization();
            assertEquals(SampleModels.CODEC_SCALE, q.scale());
            assertEquals(SampleModels.CODEC_ZERO_POINT, q.zeroPoint());
            // Signature names are not tensor names.
            assertEquals("encode_x:0", encode.input("x").name());
        }
    }

    @Test
    void preparedPathWritesAndReadsThroughSegments() {
        try (Interpreter ip = open(SampleModels.codec())) {
            SignatureRunner encode = ip.runner("encode");
            encode.resizeInput("x", 100);
            encode.allocateTensors();
            MemorySegment in = encode.input("x").data();
            MemorySegment out = encode.output("encoded_result").data();
            assertEquals(400, in.byteSize());
            assertEquals(100, out.byteSize());
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 100; i++) {
                    in.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i - 50) * 0.07f * (round + 1));
                }
                encode.invoke();
                for (int i = 0; i < 100; i++) {
                    assertEquals(quantize((i - 50) * 0.07f * (round + 1)), out.get(ValueLayout.JAVA_BYTE, i));
                }
            }
        }
    }

    @Test
    void resizingASignatureOffThePrimarySubgraphSaysWhichDimensionsMayChange() {
        try (Interpreter ip = open(SampleModels.codec())) {
            SignatureRunner decode = ip.runner("decode");
            decode.resizeInput("x", 7);
            assertArrayEquals(new int[] {7}, decode.input("x").shape());
            // A change of rank is refused before TFLite sees it (issue 12, item 10).
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> decode.resizeInput("x", 2, 3));
            assertEquals(
                    "input 'x' of signature 'decode' has rank 1 (shape signature [-1]); given shape [2, 3] of rank 2",
                    e.getMessage());
        }
        try (Interpreter ip = open(SampleModels.dynamicShapes())) {
            SignatureRunner scale = ip.runner("scale_rows");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> scale.resizeInputStrict("x", 2, 4));
            assertEquals(
                    "resizing input 'x' of signature 'scale_rows' from [1, 3] to [2, 4]: only dimensions that are -1"
                            + " in its shape signature [-1, 3] may change (dimension [0])",
                    e.getMessage());
        }
    }

    @Test
    void dynamicShapesAndOutputsThatMove() {
        try (Interpreter ip = open(SampleModels.dynamicShapes())) {
            SignatureRunner scale = ip.runner("scale_rows");
            float[][] x = {{1, 2, 3}, {4, 5, 6}, {-1, 0, 1}, {0.5f, 0.25f, 2}};
            Map<String, NdArray> out = scale.run(Map.of("x", x));
            float[] scaled = out.get("scaled").floats();
            float[] sums = out.get("row_sums").floats();
            assertArrayEquals(new int[] {4, 3}, out.get("scaled").shape());
            for (int i = 0; i < 4; i++) {
                float sum = 0;
                for (int j = 0; j < 3; j++) {
                    float expected = x[i][j] * SampleModels.DYNAMIC_SCALE[j] + SampleModels.DYNAMIC_OFFSET[j];
                    assertEquals(expected, scaled[i * 3 + j], 1e-5f);
                    sum += expected;
                }
                assertEquals(sum, sums[i], 1e-4f);
            }
            SignatureRunner flatten = ip.runner("flatten");
            NdArray flat = flatten.run(Map.of("x", NdArray.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5)))
                    .get("flat");
            assertArrayEquals(new int[] {10}, flat.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, flat.floats());
            // A view of an output TFLite reallocates during invoke never shows stale memory.
            MemorySegment view = flatten.output("flat").data();
            NdArray bigger =
                    flatten.run(Map.of("x", NdArray.of(new float[30], 5, 6))).get("flat");
            assertEquals(30, bigger.elementCount());
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(120, flatten.output("flat").data().byteSize());
        }
    }

    @Test
    void stringTensorsInAndOut() {
        try (Interpreter ip = open(SampleModels.strings())) {
            NdArray words = ip.runner("lookup")
                    .run(Map.of("ids", new int[] {5, 0, 4, 2}))
                    .get("words");
            assertEquals(DataType.STRING, words.dataType());
            assertArrayEquals(new String[] {"日本語", "hello", "façade", "tflite"}, words.strings());
            SignatureRunner echo = ip.runner("echo");
            Map<String, NdArray> out = echo.run(Map.of("text", new String[] {"ünïcødé", "", "tflite-ffm"}));
            assertArrayEquals(
                    new String[] {"ünïcødé", "", "tflite-ffm"},
                    out.get("echoed").strings());
            assertArrayEquals(new String[] {"ünïcødé"}, out.get("first").strings());
            // The tensor API: write strings, invoke, read them back.
            echo.resizeInput("text", 2);
            echo.allocateTensors();
            echo.input("text").copyFrom(new byte[][] {{1, 2, 0, 3}, "b".getBytes()});
            echo.invoke();
            byte[][] echoed = echo.output("echoed").toBytesArray();
            assertArrayEquals(new byte[] {1, 2, 0, 3}, echoed[0]);
            assertEquals("b", echo.output("echoed").toStringArray()[1]);
            IllegalArgumentException wrongCount = assertThrows(
                    IllegalArgumentException.class, () -> echo.input("text").copyFrom(new String[] {"one"}));
            assertTrue(
                    wrongCount.getMessage().contains("1 strings")
                            && wrongCount.getMessage().contains("2 elements"),
                    wrongCount.getMessage());
            assertThrows(
                    IllegalArgumentException.class, () -> echo.input("text").copyFrom(new float[2]));
        }
    }

    @Test
    void quantizationPerTensorAndPerChannel() {
        try (Interpreter ip = open(SampleModels.quantized())) {
            SignatureRunner perChannel = ip.runner("dequantize_per_channel");
            Quantization q = perChannel.input("q").quantization();
            assertTrue(q.isPerChannel(), "dequantize_per_channel's input should read as per-channel: " + q);
            assertArrayEquals(SampleModels.PER_CHANNEL_SCALES, q.scales());
            assertArrayEquals(SampleModels.PER_CHANNEL_ZERO_POINTS, q.zeroPoints());
            assertEquals(1, q.quantizedDimension());
            byte[] codes = {10, 10, 10, -5, 0, 7};
            float[] x = perChannel
                    .run(Map.of("q", NdArray.of(codes, 2, 3)))
                    .get("x")
                    .floats();
            for (int i = 0; i < codes.length; i++) {
                int c = i % 3;
                assertEquals(
                        (codes[i] - SampleModels.PER_CHANNEL_ZERO_POINTS[c]) * SampleModels.PER_CHANNEL_SCALES[c],
                        x[i],
                        1e-6f);
            }
            SignatureRunner toUint8 = ip.runner("quantize_uint8");
            assertEquals(DataType.UINT8, toUint8.output("q").dataType());
            byte[] u8 = toUint8.run(Map.of("x", new float[] {0f, 1f, -12.8f, 12.7f}))
                    .get("q")
                    .bytes();
            assertArrayEquals(
                    new int[] {128, 138, 0, 255}, new int[] {u8[0] & 0xFF, u8[1] & 0xFF, u8[2] & 0xFF, u8[3] & 0xFF});
            float[] back = ip.runner("dequantize_uint8")
                    .run(Map.of("q", NdArray.of(DataType.UINT8, u8, 4)))
                    .get("x")
                    .floats();
            assertArrayEquals(new float[] {0f, 1f, -12.8f, 12.7f}, back, 1e-5f);
        }
    }

    @Test
    void namedInputsAndOutputsDifferFromTensorNames() {
        try (Interpreter ip = open(SampleModels.namedInputsOutputs())) {
            SignatureRunner r = ip.runner("serving_default");
            assertEquals(
                    List.of("a", "b", "offset"),
                    r.inputNames().stream().sorted().toList());
            assertEquals("serving_default_a:0", r.input("a").name());
            Map<String, NdArray> out =
                    r.run(Map.of("a", new float[] {1, 2}, "b", new float[] {10, 20}, "offset", new int[] {5}));
            assertArrayEquals(new float[] {11, 22}, out.get("sum").floats());
            assertArrayEquals(new float[] {10, 40}, out.get("product").floats());
            assertArrayEquals(new int[] {105}, out.get("shifted").ints());
            assertEquals(r.outputNames(), List.copyOf(out.keySet()));
        }
    }

    @Test
    void customOpIsAnUnresolvedOpsError() {
        try (Interpreter ip = open(SampleModels.customOp())) {
            TfLiteException e = assertThrows(
                    TfLiteException.class, () -> ip.runner("serving_default").run(Map.of("x", new float[] {1})));
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
            assertTrue(e.getMessage().contains(SampleModels.CUSTOM_OP_NAME), e.getMessage());
        }
    }

    @Test
    void variablesKeepStateAndResetVariablesClearsTheRnnState() {
        try (Interpreter ip = open(SampleModels.variables())) {
            SignatureRunner accumulate = ip.runner("accumulate");
            assertArrayEquals(
                    new float[] {1, 2, 3},
                    accumulate
                            .run(Map.of("delta", new float[] {1, 2, 3}))
                            .get("total")
                            .floats());
            assertArrayEquals(
                    new float[] {2, 4, 6},
                    accumulate
                            .run(Map.of("delta", new float[] {1, 2, 3}))
                            .get("total")
                            .floats());
            assertArrayEquals(
                    new float[] {2, 4, 6},
                    ip.runner("read").run(Map.of()).get("total").floats());

            SignatureRunner rnn = ip.runner("rnn");
            float[][][] x = {{{1, 0}, {0, 1}}};
            float[] first = rnn.run(Map.of("x", x)).get("y").floats();
            float[] second = rnn.run(Map.of("x", x)).get("y").floats();
            assertFalse(java.util.Arrays.equals(first, second), "the hidden state carries over");
            ip.resetVariables();
            assertArrayEquals(first, rnn.run(Map.of("x", x)).get("y").floats(), 1e-6f, "reset: as on the first call");
            // h_1 = W x_1 + b with h_0 = 0.
            float[] w = SampleModels.RNN_INPUT_WEIGHTS;
            assertEquals(w[0] * 1 + w[1] * 0 + SampleModels.RNN_BIAS[0], first[0], 1e-6f);
            assertEquals(w[2] * 1 + w[3] * 0 + SampleModels.RNN_BIAS[1], first[1], 1e-6f);
        }
    }

    @Test
    void everyDataTypeRoundTrips() {
        try (Model m = Model.fromBytes(SampleModels.allTypes());
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            int covered = 0;
            for (String key : ip.signatures().keys()) {
                SignatureRunner r = ip.runner(key);
                Tensor in = r.input("x");
                DataType type = in.dataType();
                assertEquals(key, type.name().toLowerCase(java.util.Locale.ROOT), "signature per type");
                if (!type.isFixedSize()) {
                    continue;
                }
                r.resizeInput("x", 4);
                r.allocateTensors();
                MemorySegment data = in.data();
                for (long i = 0; i < data.byteSize(); i++) {
                    data.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 37 + type.code()));
                }
                r.invoke();
                assertArrayEquals(
                        data.toArray(ValueLayout.JAVA_BYTE),
                        r.output("y").data().toArray(ValueLayout.JAVA_BYTE),
                        key);
                covered++;
            }
            assertTrue(covered >= 17, "fixed-size types covered: " + covered);
            // The string and typed paths agree with the dtypes.
            SignatureRunner f16 = ip.runner("float16");
            NdArray half = f16.run(Map.of("x", NdArray.of(DataType.FLOAT16, new short[] {0x3C00, (short) 0xC000}, 2)))
                    .get("y");
            assertArrayEquals(new short[] {0x3C00, (short) 0xC000}, half.shorts());
            NdArray c64 = ip.runner("complex64")
                    .run(Map.of("x", NdArray.of(DataType.COMPLEX64, new float[] {1, 2, 3, 4}, 2)))
                    .get("y");
            assertArrayEquals(new float[] {1, 2, 3, 4}, c64.floats());
            NdArray bools = ip.runner("bool")
                    .run(Map.of("x", new boolean[] {true, false, true}))
                    .get("y");
            assertArrayEquals(new boolean[] {true, false, true}, bools.booleans());
        }
    }
}
