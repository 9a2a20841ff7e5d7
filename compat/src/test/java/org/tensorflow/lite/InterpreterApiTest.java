package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.InterpreterApi.Options.TfLiteRuntime;

/** {@link InterpreterApi} (the official {@code InterpreterApiTest}): creation, options, runtimes, closed use. */
class InterpreterApiTest {

    private static final byte[] ADD = TestModels.add();

    @Test
    void createFromFileAndBuffer() {
        try (InterpreterApi fromFile = InterpreterApi.create(TestModels.file(ADD), new InterpreterApi.Options());
                InterpreterApi fromBuffer = InterpreterApi.create(TestModels.buffer(ADD), null)) {
            for (InterpreterApi interpreter : List.of(fromFile, fromBuffer)) {
                assertFalse(interpreter instanceof Interpreter, "as the official factory: not an Interpreter");
                float[][][][] out = new float[2][8][8][3];
                interpreter.run(Fixtures.fourD(), out);
                assertArrayEquals(Fixtures.TRIPLED, out[1][2][3], 0.1f);
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void factory() {
        try (InterpreterApi interpreter = new InterpreterFactory().create(TestModels.buffer(ADD), null)) {
            assertEquals(1, interpreter.getInputTensorCount());
        }
    }

    @Test
    void options() {
        InterpreterApi.Options o = new InterpreterApi.Options();
        assertEquals(-1, o.getNumThreads());
        assertFalse(o.getUseNNAPI());
        assertFalse(o.isCancellable());
        assertTrue(o.getUseXNNPACK());
        assertEquals(TfLiteRuntime.FROM_APPLICATION_ONLY, o.getRuntime());
        assertTrue(o.getDelegates().isEmpty());
        assertTrue(o.getDelegateFactories().isEmpty());
        o.setNumThreads(3).setUseNNAPI(true).setCancellable(true).setUseXNNPACK(false);
        InterpreterApi.Options copy = new InterpreterApi.Options(o);
        assertEquals(3, copy.getNumThreads());
        assertTrue(copy.getUseNNAPI());
        assertTrue(copy.isCancellable());
        assertFalse(copy.getUseXNNPACK());
        Interpreter.Options experimental = new Interpreter.Options(o).setCompressQuantizationZeroPoints(true);
        assertEquals(3, experimental.getNumThreads());
        assertTrue(new Interpreter.Options(experimental).getCompressQuantizationZeroPoints());
        assertThrows(UnsupportedOperationException.class, () -> o.getDelegates().add(() -> 1L));
    }

    @Test
    void threadCounts() {
        for (int threads : new int[] {-5, -1, 0, 1, 2}) {
            try (InterpreterApi interpreter = InterpreterApi.create(
                    TestModels.buffer(ADD), new InterpreterApi.Options().setNumThreads(threads))) {
                float[] out = new float[1];
                interpreter.run(new float[] {2f}, out);
                assertEquals(6f, out[0], "threads " + threads);
            }
        }
    }

    @Test
    void runtimes() {
        for (TfLiteRuntime runtime :
                new TfLiteRuntime[] {TfLiteRuntime.FROM_APPLICATION_ONLY, TfLiteRuntime.PREFER_SYSTEM_OVER_APPLICATION
                }) {
            try (InterpreterApi interpreter =
                    InterpreterApi.create(TestModels.buffer(ADD), new InterpreterApi.Options().setRuntime(runtime))) {
                assertEquals(1, interpreter.getOutputTensorCount());
            }
        }
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> InterpreterApi.create(
                        TestModels.buffer(ADD),
                        new InterpreterApi.Options().setRuntime(TfLiteRuntime.FROM_SYSTEM_ONLY)));
        assertContains(e, "org.tensorflow.lite.InterpreterApi.Options#setRuntime");
    }

    @Test
    void invalidModels() {
        File missing = new File("no-such-model.tflite");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Interpreter(missing));
        assertContains(e, "Could not open");
        File garbage = TestModels.file(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        e = assertThrows(IllegalArgumentException.class, () -> InterpreterApi.create(garbage, null));
        assertContains(e, "does not encode a valid TensorFlow Lite model");
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new Interpreter(TestModels.buffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})));
        assertContains(e, "ByteBuffer is not a valid TensorFlow Lite model flatbuffer");
    }

    @Test
    void unresolvedCustomOp() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new Interpreter(TestModels.buffer(dev.tfliteffm.modelwriter.samples.SampleModels.customOp())));
        assertContains(e, "preparing tensor allocations: Encountered unresolved custom op: TfLiteFfmTimesTwo");
    }

    @Test
    void typesOutsideTheOfficialEnum() {
        byte[] allTypes = dev.tfliteffm.modelwriter.samples.SampleModels.allTypes();
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(allTypes))) {
            assertEquals(
                    DataType.FLOAT32,
                    interpreter.getInputTensorFromSignature("x", "float32").dataType());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> interpreter.getInputTensorFromSignature("x", "float16"));
            assertContains(e, "DataType error: DataType 10 is not recognized in Java.");
        }
    }

    @Test
    void lastInferenceDuration() {
        try (InterpreterApi interpreter = InterpreterApi.create(TestModels.buffer(ADD), null)) {
            assertNull(interpreter.getLastNativeInferenceDurationNanoseconds());
            interpreter.run(Fixtures.fourD(), new float[2][8][8][3]);
            assertTrue(interpreter.getLastNativeInferenceDurationNanoseconds() > 0);
            assertThrows(
                    IllegalArgumentException.class, () -> interpreter.run(Fixtures.fourD(), new float[2][8][7][3]));
            assertNull(interpreter.getLastNativeInferenceDurationNanoseconds(), "null after a failed run");
        }
    }

    @Test
    void wrongIndexes() {
        try (InterpreterApi interpreter = InterpreterApi.create(TestModels.buffer(ADD), null)) {
            assertContains(
                    assertThrows(IllegalArgumentException.class, () -> interpreter.getInputTensor(1)),
                    "Invalid input Tensor index: 1");
            assertContains(
                    assertThrows(IllegalArgumentException.class, () -> interpreter.getOutputTensor(-1)),
                    "Invalid output Tensor index: -1");
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.runForMultipleInputsOutputs(
                                    new Object[] {Fixtures.fourD(), Fixtures.fourD()}, new HashMap<>())),
                    "Invalid input Tensor index: 1");
            assertContains(
                    assertThrows(IllegalArgumentException.class, () -> interpreter.resizeInput(3, new int[] {1})),
                    "Input error: Can not resize 3-th input for a model having 1 inputs.");
            assertContains(
                    assertThrows(IllegalArgumentException.class, () -> interpreter.resizeInput(0, new int[] {1, -2})),
                    "Internal error: Failed to resize 0-th input");
            Map<Integer, Object> outputs = new HashMap<>();
            outputs.put(4, new float[2][8][8][3]);
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.runForMultipleInputsOutputs(new Object[] {Fixtures.fourD()}, outputs)),
                    "Invalid output Tensor index: 4");
        }
    }

    @Test
    void closedInterpreter() {
        InterpreterApi interpreter = InterpreterApi.create(TestModels.buffer(TestModels.mulAdd()), null);
        interpreter.close();
        String closed = "Internal error: The Interpreter has already been closed.";
        List<Runnable> calls = new ArrayList<>(List.of(
                () -> interpreter.run(new float[] {1f}, null),
                () -> interpreter.runForMultipleInputsOutputs(new Object[] {new float[] {1f}}, new HashMap<>()),
                () -> interpreter.runSignature(Map.of("x", 1f), Map.of()),
                interpreter::allocateTensors,
                () -> interpreter.resizeInput(0, new int[] {2}),
                interpreter::getInputTensorCount,
                interpreter::getOutputTensorCount,
                () -> interpreter.getInputIndex("x"),
                () -> interpreter.getOutputIndex("y"),
                () -> interpreter.getInputTensor(0),
                () -> interpreter.getOutputTensor(0),
                interpreter::getSignatureKeys,
                () -> interpreter.getSignatureInputs("mul_add"),
                () -> interpreter.getSignatureOutputs("mul_add"),
                () -> interpreter.getInputTensorFromSignature("x", null),
                () -> interpreter.getOutputTensorFromSignature("output_0", null),
                interpreter::getLastNativeInferenceDurationNanoseconds));
        for (Runnable call : calls) {
            assertContains(assertThrows(IllegalStateException.class, call::run), closed);
        }
        interpreter.close();
    }

    @Test
    void delegateFactoriesAreClosedWhenTheirDelegateCannotApply() {
        List<String> events = new ArrayList<>();
        Delegate delegate = new Delegate() {
            @Override
            public long getNativeHandle() {
                return 42;
            }

            @Override
            public void close() {
                events.add("closed");
            }
        };
        DelegateFactory factory = flavor -> {
            events.add("created for " + flavor);
            return delegate;
        };
        assertThrows(
                IllegalArgumentException.class,
                () -> InterpreterApi.create(
                        TestModels.buffer(ADD), new InterpreterApi.Options().addDelegateFactory(factory)));
        assertEquals(List.of("created for APPLICATION", "closed"), events);
    }

    @Test
    void signaturesOfAnApi() {
        try (InterpreterApi interpreter = InterpreterApi.create(TestModels.buffer(TestModels.multiAdd()), null)) {
            assertArrayEquals(new String[] {"serving_default"}, interpreter.getSignatureKeys());
            assertArrayEquals(new String[] {"a", "b", "c", "d"}, interpreter.getSignatureInputs("serving_default"));
            Map<String, Object> inputs = new HashMap<>();
            for (String name : List.of("a", "b", "c", "d")) {
                inputs.put(name, new float[] {name.charAt(0) - 'a' + 1f});
            }
            float[] x = new float[1];
            float[] y = new float[1];
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("x", x);
            outputs.put("y", y);
            outputs.put("unused", new float[1]);
            assertContains(
                    assertThrows(IllegalArgumentException.class, () -> interpreter.runSignature(inputs, outputs)),
                    "Input error: output unused not found.");
            outputs.put("unused", null); // null placeholders are skipped, name and all, as in the official API
            interpreter.runSignature(inputs, outputs);
            assertEquals(1f + 2f + 3f, x[0]);
            assertEquals(2f + 3f + 4f, y[0]);
            assertNotNull(interpreter.getLastNativeInferenceDurationNanoseconds());
            Tensor a = interpreter.getInputTensorFromSignature("a", null);
            assertSame(a, interpreter.getInputTensorFromSignature("a", "serving_default"));
            assertEquals(0, a.index());
            assertEquals("a", a.name());
        }
    }
}
