package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.Quantization;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.OperatorInfo;
import dev.tfliteffm.modelwriter.SubgraphInfo;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime on real models: signatures, runners, tensors, resizing, views, quantization, lifecycle. */
class RuntimeTest {

    static final Path SINE = SharedModels.model("hello_world_float.tflite");
    static final float[] SINE_X = {0f, 1.5708f, 3.1416f, 4.7124f, 6.0f};
    static final float[] SINE_Y = {0.0264f, 0.9957f, -0.0050f, -1.0057f, -0.2802f};
    static final String MOBILENET_INT8 = "mobilenet_v2_int8_1x3x224x224.tflite";

    @Test
    void versionIs221() {
        assertEquals("2.21.0", TensorFlowLite.version());
    }

    @Test
    void dataTypesMatchTfLiteTypeNames() {
        for (DataType t : DataType.values()) {
            String tfliteName =
                    TfLite.TfLiteTypeGetName(t.code()).reinterpret(64).getString(0);
            assertEquals(t.name().replace("_", ""), tfliteName.replace("_", ""), "TfLiteType " + t.code());
            assertSame(t, DataType.of(t.code()));
        }
        assertEquals("float32", DataType.FLOAT32.numpyName());
        assertEquals(4, DataType.FLOAT32.byteSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataType.of(99));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void signatureListInPythonsFormat() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            assertEquals(
                    "{'serving_default': {'inputs': ['dense_input'], 'outputs': ['dense_2']}}",
                    ip.signatures().toString());
            assertEquals(List.of("serving_default"), ip.signatures().keys());
        }
    }

    @Test
    void sineKnownAnswersThroughAPreparedRunnerAndZeroCopyViews() {
        for (boolean xnnpack : new boolean[] {false, true}) {
            try (Model m = Model.fromFile(SINE);
                    Interpreter ip = Interpreter.create(
                            m, InterpreterOptions.builder().xnnpack(xnnpack).build())) {
                SignatureRunner r = ip.runner("serving_default");
                assertSame(r, ip.runner("serving_default"));
                r.allocateTensors();
                MemorySegment x = r.input("dense_input").data();
                MemorySegment y = r.output("dense_2").data();
                for (int i = 0; i < SINE_X.length; i++) {
                    x.set(ValueLayout.JAVA_FLOAT, 0, SINE_X[i]);
                    r.invoke();
                    assertEquals(
                            SINE_Y[i],
                            y.get(ValueLayout.JAVA_FLOAT, 0),
                            1e-4f,
                            "x=" + SINE_X[i] + " xnnpack=" + xnnpack);
                }
                // The view is the tensor's buffer: the same memory as a typed copy reads.
                assertEquals(
                        y.get(ValueLayout.JAVA_FLOAT, 0), r.output("dense_2").toFloatArray()[0]);
                assertSame(x, r.input("dense_input").data(), "views are cached while buffers stay put");
            }
        }
    }

    @Test
    void runWithAMapResizesOnlyWhenTheShapeChanges() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            Map<String, NdArray> out = r.run(Map.of("dense_input", new float[] {1.5708f}));
            assertEquals(0.9957f, out.get("dense_2").floats()[0], 1e-4f);
            MemorySegment view = r.output("dense_2").data();
            r.run(Map.of("dense_input", new float[] {3.1416f}));
            assertEquals(
                    -0.0050f,
                    view.get(ValueLayout.JAVA_FLOAT, 0),
                    1e-4f,
                    "same shape: no reallocation, the view still works");
            // A batch of five: resized (the signature allows a -1 batch), reallocated, the old view dies.
            out = r.run(Map.of("dense_input", NdArray.of(SINE_X, 5, 1)));
            assertArrayEquals(new int[] {5, 1}, out.get("dense_2").shape());
            assertArrayEquals(SINE_Y, out.get("dense_2").floats(), 1e-4f);
            assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_FLOAT, 0));
            // Nested Java arrays give their shape.
            out = r.run(Map.of("dense_input", new float[][] {{0f}, {6.0f}}));
            assertArrayEquals(
                    new float[] {0.0264f, -0.2802f}, out.get("dense_2").floats(), 1e-4f);
        }
    }

    @Test
    void strictResizeChangesOnlyFreeDimensionsAndSaysWhich() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            r.resizeInputStrict("dense_input", 3, 1);
            assertArrayEquals(new int[] {3, 1}, r.input("dense_input").shape());
            assertArrayEquals(new int[] {-1, 1}, r.input("dense_input").shapeSignature());
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> r.resizeInputStrict("dense_input", 3, 2));
            assertTrue(e.getMessage().contains("[-1, 1]") && e.getMessage().contains("dimension [0]"), e.getMessage());
            r.allocateTensors();
            r.input("dense_input").copyFrom(new float[] {0f, 1.5708f, 6.0f});
            r.invoke();
            assertArrayEquals(
                    new float[] {0.0264f, 0.9957f, -0.2802f},
                    r.output("dense_2").toFloatArray(),
                    1e-4f);
        }
    }

    @Test
    void nonStrictResizeOnThePrimarySubgraph() {
        // xor_float has no shape signature with -1: only the primary subgraph's non-strict resize batches it.
        float[][] rows = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[] expected = {0.0171f, 0.9539f, 0.9587f, 0.0518f};
        try (Model m = Model.fromFile(SharedModels.model("xor_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.defaultRunner();
            assertEquals(Interpreter.PLACEHOLDER_SIGNATURE_KEY, r.key());
            assertTrue(
                    ip.signatures().keys().isEmpty(),
                    "xor_float has no signatures, got " + ip.signatures().keys());
            String in = r.inputNames().getFirst();
            String out = r.outputNames().getFirst();
            assertThrows(IllegalArgumentException.class, () -> r.resizeInputStrict(in, 4, 2));
            r.resizeInput(in, 4, 2);
            Map<String, NdArray> result = r.run(Map.of(in, rows));
            assertArrayEquals(expected, result.get(out).floats(), 1e-4f);
            // The primary-subgraph API sees the same tensors.
            assertArrayEquals(new int[] {4, 2}, ip.input(0).shape());
            ip.resizeInput(0, 1, 2);
            IllegalStateException notAllocated =
                    assertThrows(IllegalStateException.class, () -> ip.input(0).copyFrom(new float[] {1, 0}));
            assertTrue(notAllocated.getMessage().contains("allocateTensors()"), notAllocated.getMessage());
            ip.allocateTensors();
            ip.input(0).copyFrom(new float[] {1, 0});
            ip.invoke();
            assertEquals(0.9587f, ip.output(0).toFloatArray()[0], 1e-4f);
        }
    }

    @Test
    void int8ModelWithQuantization() {
        try (Model m = Model.fromFile(SharedModels.model("hello_world_int8.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.defaultRunner();
            Tensor in = r.input(r.inputNames().getFirst());
            Tensor out = r.output(r.outputNames().getFirst());
            assertEquals(DataType.INT8, in.dataType());
            Quantization qi = in.quantization();
            Quantization qo = out.quantization();
            assertTrue(qi.isQuantized() && !qi.isPerChannel(), "expected per-tensor quantization: " + qi);
            for (int i = 0; i < SINE_X.length; i++) {
                byte q = (byte) Math.max(-128, Math.min(127, Math.round(SINE_X[i] / qi.scale()) + qi.zeroPoint()));
                r.allocateTensors();
                in.copyFrom(new byte[] {q});
                r.invoke();
                float y = (out.toByteArray()[0] - qo.zeroPoint()) * qo.scale();
                assertEquals(Math.sin(SINE_X[i]), y, 0.1, "x=" + SINE_X[i]);
            }
        }
    }

    @Test
    void int8ImageInputIsQuantizedPerTensor() {
        try (Model m = Model.fromFile(SharedModels.model(MOBILENET_INT8));
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            Tensor input = ip.input(0);
            assertEquals(DataType.INT8, input.dataType());
            assertArrayEquals(new int[] {1, 3, 224, 224}, input.shape());
            assertFalse(
                    input.quantization().isPerChannel(), input.quantization().toString());
            assertTrue(input.quantization().scale() > 0, input.quantization().toString());
        }
    }

    @Test
    void perChannelQuantizationIsReadFromTheModel() throws IOException {
        // mobilenet_v2_int8's convolution weights are quantized per output channel: a CONV_2D's [O, kh, kw, I]
        // along dimension 0, a DEPTHWISE_CONV_2D's [1, kh, kw, C] along dimension 3.
        SubgraphInfo graph =
                ModelReader.read(SharedModels.model(MOBILENET_INT8)).primarySubgraph();
        assertReadPerChannel(firstWeights(graph, "CONV_2D"), 0);
        assertReadPerChannel(firstWeights(graph, "DEPTHWISE_CONV_2D"), 3);
    }

    /** The runtime reads {@code weights}' quantization as the file has it, and TFLite dequantizes with it. */
    private static void assertReadPerChannel(TensorInfo weights, int dimension) {
        int channels = weights.shape()[dimension];
        assertEquals(channels, weights.quantization().scales().length, "in the file: " + weights.quantization());
        try (Model m = Model.fromBytes(DequantizeModel.of(weights));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner(DequantizeModel.SIGNATURE);
            Quantization q = r.input("q").quantization();
            assertTrue(q.isPerChannel(), weights.name() + " should read as per-channel: " + q);
            assertEquals(channels, q.scales().length, q.toString());
            assertEquals(dimension, q.quantizedDimension(), q.toString());
            assertArrayEquals(weights.quantization().scales(), q.scales());
            assertArrayEquals(weights.quantization().zeroPoints(), q.zeroPoints());
            byte[] codes = weights.dataBytes();
            float[] x = r.run(Map.of("q", NdArray.of(codes, weights.shape())))
                    .get("x")
                    .floats();
            int stride = 1; // elements between one channel and the next along the dimension
            for (int d = dimension + 1; d < weights.shape().length; d++) {
                stride *= weights.shape()[d];
            }
            float[] scales = q.scales();
            long[] zeroPoints = q.zeroPoints();
            for (int i = 0; i < codes.length; i++) {
                int c = i / stride % channels;
                assertEquals((codes[i] - zeroPoints[c]) * scales[c], x[i], 1e-6f, weights.name() + "[" + i + "]");
            }
        }
    }

    private static TensorInfo firstWeights(SubgraphInfo graph, String opName) {
        OperatorInfo op = graph.operators().stream()
                .filter(o -> o.opName().equals(opName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + opName + " in " + MOBILENET_INT8));
        return graph.tensors().get(op.inputs()[1]);
    }

    @Test
    void twoNamedInputs() {
        try (Model m = Model.fromFile(SharedModels.model("simple_add_int8.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            assertEquals(List.of("input_1", "input_2"), r.inputNames());
            byte[] a = new byte[128 * 128];
            byte[] b = new byte[128 * 128];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) (i % 50);
                b[i] = (byte) (i % 30);
            }
            Map<String, NdArray> out = r.run(Map.of("input_1", a, "input_2", b));
            byte[] sum = out.get("add").bytes();
            Quantization q1 = r.input("input_1").quantization();
            Quantization q2 = r.input("input_2").quantization();
            Quantization qo = r.output("add").quantization();
            for (int i = 0; i < sum.length; i += 997) {
                double expected = (a[i] - q1.zeroPoint()) * q1.scale() + (b[i] - q2.zeroPoint()) * q2.scale();
                double actual = (sum[i] - qo.zeroPoint()) * qo.scale();
                assertEquals(expected, actual, 2 * qo.scale(), "element " + i);
            }
        }
    }

    @Test
    void modelsFromBytesBufferAndSegmentBehaveAsFromFile() throws Exception {
        byte[] bytes = Files.readAllBytes(SINE);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            for (Model m : List.of(
                    Model.fromBytes(bytes),
                    Model.fromBuffer(direct),
                    Model.fromBuffer(ByteBuffer.wrap(bytes)),
                    Model.fromSegment(segment))) {
                try (m;
                        Interpreter ip = Interpreter.create(m)) {
                    assertEquals(bytes.length, m.byteSize());
                    float y = ip.runner("serving_default")
                            .run(Map.of("dense_input", new float[] {1.5708f}))
                            .get("dense_2")
                            .floats()[0];
                    assertEquals(0.9957f, y, 1e-4f);
                }
            }
        }
    }

    @Test
    void closingTheModelEarlyIsSafe() {
        Model m = Model.fromFile(SINE);
        try (Interpreter ip = Interpreter.create(m)) {
            m.close();
            m.close();
            assertTrue(m.isClosed(), "the model should be closed after close()");
            SignatureRunner r = ip.runner("serving_default");
            assertEquals(
                    0.9957f,
                    r.run(Map.of("dense_input", new float[] {1.5708f}))
                            .get("dense_2")
                            .floats()[0],
                    1e-4f);
            ClosedException e = assertThrows(ClosedException.class, () -> Interpreter.create(m));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void oneModelManyInterpretersManyThreads() throws Exception {
        try (Model m = Model.fromFile(SINE)) {
            List<Thread> threads = new java.util.ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try (Interpreter ip = Interpreter.create(m)) {
                        SignatureRunner r = ip.runner("serving_default");
                        Tensor x = r.input("dense_input");
                        Tensor y = r.output("dense_2");
                        r.allocateTensors();
                        for (int i = 0; i < 2000; i++) {
                            int k = i % SINE_X.length;
                            x.copyFrom(new float[] {SINE_X[k]});
                            r.invoke();
                            assertEquals(SINE_Y[k], y.toFloatArray()[0], 1e-4f);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    @Test
    void ownerArenaClosesEverythingCreatedUnderIt() {
        Interpreter ip;
        Model m;
        SignatureRunner r;
        try (Arena arena = Arena.ofConfined()) {
            m = Model.fromFile(SINE, arena);
            ip = Interpreter.create(m, InterpreterOptions.defaults(), arena);
            r = ip.runner("serving_default");
            r.run(Map.of("dense_input", new float[] {1f}));
        }
        assertTrue(ip.isClosed(), "closing the owner arena should close the interpreter");
        assertTrue(m.isClosed(), "closing the owner arena should close the model");
        assertThrows(ClosedException.class, r::invoke);
    }

    @Test
    void closeIsIdempotentAndViewsDieWithTheInterpreter() {
        Model m = Model.fromFile(SINE);
        Interpreter ip = Interpreter.create(m);
        SignatureRunner r = ip.runner("serving_default");
        r.allocateTensors();
        MemorySegment view = r.input("dense_input").data();
        Tensor t = r.input("dense_input");
        ip.close();
        ip.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_FLOAT, 0));
        for (Runnable misuse : List.<Runnable>of(
                r::invoke,
                t::data,
                t::shape,
                () -> t.copyFrom(new float[1]),
                r::allocateTensors,
                () -> ip.runner("serving_default"),
                () -> ip.input(0))) {
            assertThrows(ClosedException.class, misuse::run);
        }
    }

    @Test
    void wrongNamesTypesAndSizesSayWhatWasExpected() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> ip.runner("encode"));
            assertEquals(
                    "no signature 'encode' in the model file " + SINE + "; expected one of [serving_default]",
                    noKey.getMessage());
            SignatureRunner r = ip.runner("serving_default");
            IllegalArgumentException noInput = assertThrows(IllegalArgumentException.class, () -> r.input("y"));
            assertEquals(
                    "no input 'y' in signature 'serving_default'; expected one of [dense_input]", noInput.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.output("y"));
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> r.run(Map.of("y", new float[1])));
            assertTrue(unknown.getMessage().contains("expected one of [dense_input]"), unknown.getMessage());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> r.run(Map.of()));
            assertTrue(missing.getMessage().contains("missing input 'dense_input'"), missing.getMessage());
            r.allocateTensors();
            Tensor x = r.input("dense_input");
            IllegalArgumentException type =
                    assertThrows(IllegalArgumentException.class, () -> x.copyFrom(new int[] {1}));
            assertTrue(
                    type.getMessage().contains("is float32")
                            && type.getMessage().contains("int[]"),
                    type.getMessage());
            IllegalArgumentException size =
                    assertThrows(IllegalArgumentException.class, () -> x.copyFrom(new float[] {1, 2}));
            assertTrue(
                    size.getMessage().contains("length 2") && size.getMessage().contains("1 elements"),
                    size.getMessage());
            IllegalArgumentException runType =
                    assertThrows(IllegalArgumentException.class, () -> r.run(Map.of("dense_input", new int[] {1})));
            assertTrue(runType.getMessage().contains("float32"), runType.getMessage());
            IllegalArgumentException ragged = assertThrows(
                    IllegalArgumentException.class, () -> r.run(Map.of("dense_input", new float[][] {{1f}, {1f, 2f}})));
            assertTrue(ragged.getMessage().contains("ragged"), ragged.getMessage());
            IllegalArgumentException negative =
                    assertThrows(IllegalArgumentException.class, () -> r.resizeInput("dense_input", -2, 1));
            assertTrue(negative.getMessage().contains(">= 0"), negative.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ip.input(3));
        }
    }

    /**
     * Issue 12, item 11b: boxed arrays said "Argument is not an array"; they now say which primitive array to
     * use, and a String[][] is a nested string array.
     */
    @Test
    void boxedArraysSayWhatToUseAndNestedStringsWork() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            for (Object boxed : new Object[] {new Float[] {1f}, new Float[][] {{1f}}, new String[][] {{"1"}}}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> r.run(Map.of("dense_input", boxed)));
                assertTrue(
                        e.getMessage().startsWith("input 'dense_input' is float32; ")
                                && e.getMessage().endsWith("use a float[]"),
                        boxed.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        try (Model m = Model.fromBytes(OddModels.stringMatrix());
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("flatten");
            NdArray flat = r.run(Map.of("text", new String[][] {{"a", "b"}, {"c", "d"}, {"é", "日本"}}))
                    .get("flat");
            assertArrayEquals(new int[] {6}, flat.shape());
            assertArrayEquals(new String[] {"a", "b", "c", "d", "é", "日本"}, flat.strings());
        }
    }

    @Test
    void badModelsFailWithClearErrors() throws Exception {
        Path dir = Files.createTempDirectory("models");
        try {
            TfLiteException missing =
                    assertThrows(TfLiteException.class, () -> Model.fromFile(dir.resolve("nope.tflite")));
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
            TfLiteException folder = assertThrows(TfLiteException.class, () -> Model.fromFile(dir));
            assertTrue(folder.getMessage().contains("is a directory"), folder.getMessage());
            Path empty = Files.createFile(dir.resolve("empty.tflite"));
            TfLiteException emptyFile = assertThrows(TfLiteException.class, () -> Model.fromFile(empty));
            assertTrue(emptyFile.getMessage().contains("is empty"), emptyFile.getMessage());
            // A FIFO blocked the open forever (issue 12, item 7): refused before it is opened.
            Path fifo = dir.resolve("fifo.tflite");
            assertEquals(
                    0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
            TfLiteException notRegular = assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(20),
                    () -> assertThrows(TfLiteException.class, () -> Model.fromFile(fifo)));
            assertEquals(TfLiteException.Status.INVALID_MODEL, notRegular.status());
            assertTrue(notRegular.getMessage().contains("is not a regular file"), notRegular.getMessage());
            byte[] sine = Files.readAllBytes(SINE);
            Path truncated =
                    Files.write(dir.resolve("truncated.tflite"), java.util.Arrays.copyOf(sine, sine.length / 2));
            TfLiteException t = assertThrows(TfLiteException.class, () -> Model.fromFile(truncated));
            assertEquals(TfLiteException.Status.INVALID_MODEL, t.status());
            assertFalse(t.nativeMessages().isEmpty(), "TFLite's own message is kept");
            byte[] random = new byte[4096];
            new java.util.Random(7).nextBytes(random);
            assertEquals(
                    TfLiteException.Status.INVALID_MODEL,
                    assertThrows(TfLiteException.class, () -> Model.fromBytes(random))
                            .status());
            assertThrows(TfLiteException.class, () -> Model.fromBytes(new byte[0]));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void unresolvedCustomOpAndInvalidQuantizationCarryTfLiteStatusAndMessages() {
        try (Model m = Model.fromFile(SharedModels.model("audio_preprocessor_custom_ops.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            TfLiteException e = assertThrows(
                    TfLiteException.class, () -> ip.runner("serving_default").allocateTensors());
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
            assertTrue(
                    e.nativeMessages().stream().anyMatch(s -> s.contains("SignalWindow")),
                    e.nativeMessages().toString());
        }
        // Refused at load by the model validator (ModelValidatorTest has TFLite's own refusal, without it).
        TfLiteException e = assertThrows(
                TfLiteException.class, () -> Model.fromFile(SharedModels.model("person_detect_micro_only.tflite")));
        assertTrue(e.getMessage().contains("quantized_dimension 3 is out of range"), e.getMessage());
    }

    @Test
    void resetVariablesAndOptions() {
        InterpreterOptions options = InterpreterOptions.builder()
                .threads(2)
                .xnnpack(false)
                .cancellable(false)
                .build();
        assertEquals(2, options.threads());
        assertThrows(
                IllegalArgumentException.class,
                () -> InterpreterOptions.builder().threads(0).build());
        // 99,999 threads started 32,451 native threads (issue 12, item 8): the bound is documented and checked.
        assertEquals(256, InterpreterOptions.MAX_THREADS);
        assertEquals(256, InterpreterOptions.builder().threads(256).build().threads());
        IllegalArgumentException tooMany = assertThrows(
                IllegalArgumentException.class,
                () -> InterpreterOptions.builder().threads(99_999).build());
        assertTrue(
                tooMany.getMessage().contains("between 1 and 256")
                        && tooMany.getMessage().contains("99999"),
                tooMany.getMessage());
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m, options)) {
            ip.resetVariables();
            assertTrue(assertThrows(IllegalStateException.class, ip::cancel)
                    .getMessage()
                    .contains("cancellation is disabled"));
        }
    }
}
