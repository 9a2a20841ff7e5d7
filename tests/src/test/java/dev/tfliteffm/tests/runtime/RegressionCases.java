package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 12 that crashed the JVM or gave silent wrong results. Run in a child JVM by
 * {@link RegressionTest}, so a crash fails that test instead of the test run.
 */
class RegressionCases {

    private static final Path SINE = SharedModels.model("hello_world_float.tflite");
    private static final InterpreterOptions NO_XNNPACK =
            InterpreterOptions.builder().xnnpack(false).build();

    /** Item 2: resize back and invoke after XNNPACK failed to reshape crashed with SIGSEGV (as it does in C). */
    @Test
    void anAllocationThatFailedWithXnnpackLeavesTheInterpreterUnusable() {
        try (Model m = Model.fromFile(SINE)) {
            Interpreter ip = Interpreter.create(m);
            SignatureRunner r = ip.runner("serving_default");
            Tensor x = r.input("dense_input");
            r.resizeInput("dense_input", 1 << 28, 1);
            TfLiteException failed = assertThrows(TfLiteException.class, r::allocateTensors);
            assertTrue(
                    failed.getMessage().contains("XNNPACK applied, the interpreter is now unusable"),
                    failed.getMessage());
            for (Runnable use : List.<Runnable>of(
                    () -> r.resizeInput("dense_input", 1, 1),
                    () -> r.run(Map.of("dense_input", new float[] {1f})),
                    r::invoke,
                    ip::invoke,
                    x::data,
                    x::shape,
                    () -> ip.runner("serving_default"))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
                assertTrue(e.getMessage().contains("create a new interpreter"), e.getMessage());
                assertSame(failed, e.getCause());
            }
            assertFalse(ip.isClosed(), "refused, not closed");
            ip.close();
            assertTrue(ip.isClosed(), "close() still works");
            // A new interpreter of the same model runs.
            try (Interpreter fresh = Interpreter.create(m)) {
                assertEquals(0.9957f, sine(fresh, 1.5708f), 1e-4f);
            }
        }
    }

    /** Without a delegate a failed allocation is only a failure: the interpreter is still usable. */
    @Test
    void anAllocationThatFailedWithoutDelegatesCanBeRetried() {
        try (Model m = Model.fromFile(SharedModels.model("multi_add.tflite"));
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            SignatureRunner r = ip.runner("serving_default");
            r.resizeInput("a", 1, 8, 8, 4);
            TfLiteException e = assertThrows(TfLiteException.class, r::allocateTensors);
            assertFalse(e.getMessage().contains("unusable"), e.getMessage());
            // Item 11e: the tensor has no buffer because the allocation failed, and data() says so.
            IllegalStateException noBuffer =
                    assertThrows(IllegalStateException.class, () -> r.input("a").data());
            assertTrue(
                    noBuffer.getMessage().contains("the last allocation failed")
                            && noBuffer.getMessage().contains("not broadcastable"),
                    noBuffer.getMessage());
            r.resizeInput("a", 1, 8, 8, 3);
            r.allocateTensors();
            assertEquals(8 * 8 * 3 * 4, r.input("a").data().byteSize());
        }
    }

    /** Item 5: element counts beyond TFLite's 32-bit ints gave outputs of shape [0, 1] and negative byte sizes. */
    @Test
    void shapesBeyondTfLitesIntegersAreRefused() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            SignatureRunner r = ip.runner("serving_default");
            for (int[] dims : new int[][] {{65536, 65536}, {Integer.MAX_VALUE, Integer.MAX_VALUE}, {1 << 29, 1}}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> r.resizeInput("dense_input", dims));
                assertTrue(
                        e.getMessage().contains(java.util.Arrays.toString(dims))
                                && e.getMessage().contains("2147483647 bytes"),
                        e.getMessage());
            }
            assertArrayEquals(new int[] {1, 1}, r.input("dense_input").shape(), "refused before TFLite saw it");
            // The input itself fits (1 GiB) but the 16-unit layer after it has 2^32 elements: refused after
            // allocating, naming that tensor.
            r.resizeInput("dense_input", 1 << 28, 1);
            IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class, r::allocateTensors);
            assertTrue(hidden.getMessage().contains("[268435456, 16]"), hidden.getMessage());
            assertThrows(IllegalArgumentException.class, r::invoke, "still refused until resized");
            assertEquals(0.9957f, sine(ip, 1.5708f), 1e-4f);
        }
    }

    /**
     * Item 10: after a 3-D value for a 2-D input, every later run failed with "dims->size != dims.size()". On the
     * primary subgraph TFLite's non-strict resize may change the rank (as in C++ and Python); the runner must
     * get back to the signature's rank afterwards. Off the primary subgraph a change of rank is refused in Java
     * (SampleModelRuntimeTest).
     */
    @Test
    void aValueOfAnotherRankLeavesTheRunnerUsable() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            try {
                r.run(Map.of("dense_input", new float[][][] {{{1f}}, {{2f}}}));
            } catch (TfLiteException refusedByAKernel) {
                assertFalse(refusedByAKernel.nativeMessages().isEmpty(), "TFLite says why");
            }
            assertThrows(IllegalArgumentException.class, () -> r.resizeInputStrict("dense_input", 2, 1, 1));
            float[] y = r.run(Map.of("dense_input", new float[][] {{1.5708f}, {0f}}))
                    .get("dense_2")
                    .floats();
            assertArrayEquals(new float[] {0.9957f, 0.0264f}, y, 1e-4f);
            ip.resizeInput(0, 1, 1, 1);
            y = r.run(Map.of("dense_input", new float[][] {{1.5708f}}))
                    .get("dense_2")
                    .floats();
            assertArrayEquals(new float[] {0.9957f}, y, 1e-4f);
        }
    }

    /**
     * Item 3: an input backed by the model's constant data was writable: SIGSEGV with a mapped file, and a
     * silent change of every interpreter's weights with a model from bytes.
     */
    /**
     * The runtime's own guards behind the model validator (which refuses these models at load): checked with the
     * validator off.
     */
    private static <T> T withoutValidator(java.util.concurrent.Callable<T> body) throws Exception {
        String property = "tflite.ffm.model.validate";
        System.setProperty(property, "false");
        try {
            return body.call();
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void tensorsOfConstantDataAreReadOnly() throws Exception {
        TfLiteException validated =
                assertThrows(TfLiteException.class, () -> Model.fromBytes(OddModels.constantInput()));
        assertEquals(TfLiteException.Status.INVALID_MODEL, validated.status(), "the validator refuses it first");
        withoutValidator(() -> {
            constantDataIsReadOnly();
            return null;
        });
    }

    private void constantDataIsReadOnly() throws Exception {
        byte[] bytes = OddModels.constantInput();
        Path file = Files.write(Files.createTempDirectory("readonly").resolve("constant_input.tflite"), bytes);
        for (boolean mapped : new boolean[] {false, true}) {
            for (boolean xnnpack : new boolean[] {false, true}) {
                String what = (mapped ? "mapped" : "from bytes") + ", xnnpack " + xnnpack;
                try (Model m = mapped ? Model.fromFile(file) : Model.fromBytes(bytes);
                        Interpreter ip = Interpreter.create(
                                m, InterpreterOptions.builder().xnnpack(xnnpack).build());
                        Interpreter other = Interpreter.create(m, NO_XNNPACK)) {
                    SignatureRunner r = ip.runner("s");
                    Tensor c = r.input("c");
                    // The constant takes no value in run(Map), and refuses one.
                    assertArrayEquals(
                            new float[] {11f, 22f},
                            r.run(Map.of("x", new float[] {1f, 2f})).get("y").floats(),
                            what);
                    IllegalArgumentException given = assertThrows(
                            IllegalArgumentException.class,
                            () -> r.run(Map.of("x", new float[2], "c", new float[2])),
                            what);
                    assertTrue(
                            given.getMessage().contains("input 'c' of signature 's' is read-only"), given.getMessage());
                    MemorySegment view = c.data();
                    assertTrue(view.isReadOnly(), what);
                    assertArrayEquals(OddModels.CONSTANT, view.toArray(ValueLayout.JAVA_FLOAT), what);
                    assertThrows(IllegalArgumentException.class, () -> view.set(ValueLayout.JAVA_FLOAT, 0, 5f), what);
                    IllegalArgumentException copy =
                            assertThrows(IllegalArgumentException.class, () -> c.copyFrom(new float[] {5f, 6f}), what);
                    assertTrue(copy.getMessage().contains("tensor 'c' is read-only"), copy.getMessage());
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> c.copyFrom(MemorySegment.ofArray(new float[] {5f, 6f})),
                            what);
                    // Writable inputs stay writable, and the weights other interpreters share are unchanged.
                    assertFalse(r.input("x").data().isReadOnly(), what);
                    assertArrayEquals(
                            new float[] {11f, 22f},
                            other.runner("s")
                                    .run(Map.of("x", new float[] {1f, 2f}))
                                    .get("y")
                                    .floats(),
                            what);
                }
            }
        }
    }

    /**
     * Item 6: two outputs named alike made TFLite's C API read past its list of names (Java read a garbage name).
     * The runtime refuses such models before it reads a name; a model validator may refuse them at load already.
     */
    @Test
    void duplicateOutputNamesAreRefusedWithAClearException() {
        TfLiteException validated =
                assertThrows(TfLiteException.class, () -> Model.fromBytes(OddModels.duplicateOutputNames()));
        assertTrue(validated.getMessage().contains("named twice"), "the validator refuses it first: " + validated);
        System.setProperty("tflite.ffm.model.validate", "false");
        try {
            duplicateNamesBehindTheValidator();
        } finally {
            System.clearProperty("tflite.ffm.model.validate");
        }
    }

    private void duplicateNamesBehindTheValidator() {
        TfLiteException signature = assertThrows(TfLiteException.class, () -> {
            try (Model m = Model.fromBytes(OddModels.duplicateOutputNames());
                    Interpreter ip = Interpreter.create(m)) {
                ip.runner("s").outputNames();
            }
        });
        assertEquals(TfLiteException.Status.INVALID_MODEL, signature.status());
        assertTrue(signature.getMessage().contains("[out, out]"), signature.getMessage());
        TfLiteException placeholder = assertThrows(TfLiteException.class, () -> {
            try (Model m = Model.fromBytes(OddModels.duplicateOutputTensorNames());
                    Interpreter ip = Interpreter.create(m)) {
                ip.defaultRunner().outputNames();
            }
        });
        assertEquals(TfLiteException.Status.INVALID_MODEL, placeholder.status());
        assertTrue(placeholder.getMessage().contains("[y, y]"), placeholder.getMessage());
    }

    /** Item 11c: a failure after a resize keeps TFLite's own reason, and names the resize only as context. */
    @Test
    void aFailureAfterAResizeIsNotBlamedOnTheResize() {
        try (Model m = Model.fromBytes(SampleModels.customOp());
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            SignatureRunner r = ip.runner("serving_default");
            TfLiteException e = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new float[] {1f, 2f, 3f})));
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
            assertTrue(
                    e.getMessage()
                            .startsWith("allocating tensors of signature 'serving_default' failed "
                                    + "(UNRESOLVED_OPS) after resizing input 'x' from [1] to [3]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(SampleModels.CUSTOM_OP_NAME), e.getMessage());
            assertTrue(e.getCause() instanceof TfLiteException, String.valueOf(e.getCause()));
        }
    }

    /** Item 11d: the placeholder key worked only after defaultRunner() had been called once. */
    @Test
    void thePlaceholderKeyGivesTheDefaultRunner() {
        try (Model m = Model.fromFile(SharedModels.model("xor_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner(Interpreter.PLACEHOLDER_SIGNATURE_KEY);
            assertSame(r, ip.defaultRunner());
            assertEquals(Interpreter.PLACEHOLDER_SIGNATURE_KEY, r.key());
        }
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            assertThrows(IllegalArgumentException.class, () -> ip.runner(Interpreter.PLACEHOLDER_SIGNATURE_KEY));
        }
    }

    /** Item 11g: TFLite's messages carried its build machine's absolute source paths. */
    @Test
    void tfliteMessagesKeepOnlyTheirSourcePathInTensorFlow() {
        try (Model m = Model.fromFile(SharedModels.model("blazeface_front_float.tflite"));
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            ip.resizeInput(0, 1, 128, 128, 4); // 4 channels where the first convolution's filters take 3
            TfLiteException e = assertThrows(TfLiteException.class, ip::allocateTensors);
            assertTrue(
                    e.nativeMessages().stream().anyMatch(s -> s.startsWith("tensorflow/lite/kernels/conv.cc:")),
                    e.nativeMessages().toString());
            assertFalse(e.getMessage().contains("/home/") || e.getMessage().contains("cppbuild"), e.getMessage());
        }
    }

    private static float sine(Interpreter ip, float x) {
        return ip.runner("serving_default")
                .run(Map.of("dense_input", new float[][] {{x}}))
                .get("dense_2")
                .floats()[0];
    }
}
