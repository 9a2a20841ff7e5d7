package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Interpreter}, case by case as the official {@code InterpreterTest}, against the same expectations. */
class InterpreterTest {

    private static final byte[] ADD = TestModels.add();

    private static Interpreter add() {
        return new Interpreter(TestModels.buffer(ADD));
    }

    private static void assertTripled(float[][][][] outputs) {
        assertArrayEquals(Fixtures.TRIPLED, outputs[0][0][0], 0.1f);
        assertArrayEquals(Fixtures.TRIPLED, outputs[1][7][7], 0.1f);
    }

    @Test
    void interpreter() {
        try (Interpreter interpreter = add()) {
            assertEquals(1, interpreter.getInputTensorCount());
            assertEquals(DataType.FLOAT32, interpreter.getInputTensor(0).dataType());
            assertEquals(1, interpreter.getOutputTensorCount());
            assertEquals(DataType.FLOAT32, interpreter.getOutputTensor(0).dataType());
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void withOptions() {
        Interpreter.Options options = new Interpreter.Options()
                .setNumThreads(2)
                .setUseNNAPI(true)
                .setAllowFp16PrecisionForFp32(false)
                .setAllowBufferHandleOutput(false);
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(ADD), options)) {
            assertEquals(1, interpreter.getInputTensorCount());
            float[][][][] out = new float[2][8][8][3];
            interpreter.run(Fixtures.fourD(), out);
            assertTripled(out);
        }
    }

    @Test
    void withNullOptions() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(ADD), null)) {
            assertEquals(DataType.FLOAT32, interpreter.getOutputTensor(0).dataType());
        }
    }

    @Test
    void runWithFileModel() {
        try (Interpreter interpreter = new Interpreter(TestModels.file(ADD))) {
            float[][][][] out = new float[2][8][8][3];
            interpreter.run(Fixtures.fourD(), out);
            assertTripled(out);
        }
    }

    @Test
    void runWithMappedAndDirectBufferModels() throws Exception {
        try (var channel =
                        java.nio.channels.FileChannel.open(TestModels.file(ADD).toPath());
                Interpreter interpreter = new Interpreter(
                        channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, channel.size()))) {
            float[][][][] out = new float[2][8][8][3];
            interpreter.run(Fixtures.fourD(), out);
            assertTripled(out);
        }
        ByteBuffer direct = TestModels.buffer(ADD);
        direct.position(7); // the official API reads the whole buffer, whatever its position
        try (Interpreter interpreter = new Interpreter(direct)) {
            float[][][][] out = new float[2][8][8][3];
            interpreter.run(Fixtures.fourD(), out);
            assertTripled(out);
        }
    }

    @Test
    void invalidByteBufferModel() {
        ByteBuffer heap =
                ByteBuffer.allocate(ADD.length).order(ByteOrder.nativeOrder()).put(ADD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Interpreter(heap));
        assertContains(
                e,
                "Model ByteBuffer should be either a MappedByteBuffer of the model file, or a direct ByteBuffer using"
                        + " ByteOrder.nativeOrder()");
        ByteBuffer wrongOrder = ByteBuffer.allocateDirect(ADD.length)
                .order(
                        ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
                                ? ByteOrder.LITTLE_ENDIAN
                                : ByteOrder.BIG_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> new Interpreter(wrongOrder));
        assertThrows(IllegalArgumentException.class, () -> new Interpreter((ByteBuffer) null));
    }

    @Test
    void runWithBoxedArraysFails() {
        try (Interpreter interpreter = add()) {
            Float[][][][] boxed = new Float[2][8][8][3];
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.run(boxed, new Float[2][8][8][3]));
            assertContains(e, "cannot resolve DataType of [[[[Ljava.lang.Float;");
        }
    }

    @Test
    void runForMultipleInputsOutputs() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.multiAdd()))) {
            assertEquals(4, interpreter.getInputTensorCount());
            assertTrue(interpreter.getInputTensor(0).index() > -1);
            assertEquals(2, interpreter.getOutputTensorCount());
            assertTrue(interpreter.getOutputTensor(0).index() > -1);
            float[] input0 = {1.23f};
            float[] input1 = {2.43f};
            Object[] inputs = {input0, input1, input0, input1};
            float[] out0 = new float[1];
            float[] out1 = new float[1];
            Map<Integer, Object> outputs = new HashMap<>();
            outputs.put(0, out0);
            outputs.put(1, out1);
            interpreter.runForMultipleInputsOutputs(inputs, outputs);
            assertArrayEquals(new float[] {4.89f}, out0, 0.1f);
            assertArrayEquals(new float[] {6.09f}, out1, 0.1f);
        }
    }

    @Test
    void runWithByteBufferOutput() {
        ByteBuffer out = ByteBuffer.allocateDirect(2 * 8 * 8 * 3 * 4).order(ByteOrder.nativeOrder());
        try (Interpreter interpreter = add()) {
            interpreter.run(Fixtures.fourD(), out);
        }
        assertArrayEquals(Fixtures.TRIPLED, new float[] {out.getFloat(0), out.getFloat(4), out.getFloat(8)}, 0.1f);
        assertEquals(out.capacity(), out.position(), "the official API leaves the output's position after the data");
    }

    @Test
    void runWithScalarInput() {
        FloatBuffer out = FloatBuffer.allocate(1);
        try (Interpreter interpreter = add()) {
            interpreter.run(2.37f, out);
            assertArrayEquals(new int[0], interpreter.getInputTensor(0).shape());
        }
        assertEquals(7.11f, out.get(0), 0.1f);
    }

    @Test
    void resizeInput() {
        try (Interpreter interpreter = add()) {
            int[] dims = {1};
            interpreter.resizeInput(0, dims);
            assertArrayEquals(dims, interpreter.getInputTensor(0).shape());
            ByteBuffer in = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            ByteBuffer out = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            interpreter.run(in, out);
            assertArrayEquals(dims, interpreter.getOutputTensor(0).shape());
        }
    }

    @Test
    void allocateTensors() {
        try (Interpreter interpreter = add()) {
            interpreter.allocateTensors(); // redundant: no effect
            int[] dims = {1};
            assertFalse(
                    java.util.Arrays.equals(dims, interpreter.getOutputTensor(0).shape()));
            interpreter.resizeInput(0, dims);
            assertFalse(
                    java.util.Arrays.equals(dims, interpreter.getOutputTensor(0).shape()));
            interpreter.allocateTensors();
            assertArrayEquals(dims, interpreter.getOutputTensor(0).shape());
            interpreter.allocateTensors();
            assertArrayEquals(dims, interpreter.getOutputTensor(0).shape());
            ByteBuffer in = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            ByteBuffer out = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            interpreter.run(in, out);
            assertArrayEquals(dims, interpreter.getOutputTensor(0).shape());
        }
    }

    @Test
    void unknownDims() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.unknownDims()))) {
            int[] dims = {1, 1, 3, 3};
            int[] signature = {1, -1, 3, 3};
            assertArrayEquals(dims, interpreter.getInputTensor(0).shape());
            assertArrayEquals(signature, interpreter.getInputTensor(0).shapeSignature());
            dims[2] = 5;
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.resizeInput(0, dims, true));
            assertContains(e, "ResizeInputTensorStrict only allows mutating unknown dimensions identified by -1");
            dims[2] = 3;
            dims[1] = 3;
            interpreter.resizeInput(0, dims, true);
            assertArrayEquals(dims, interpreter.getInputTensor(0).shape());
            assertArrayEquals(signature, interpreter.getInputTensor(0).shapeSignature());
            ByteBuffer in = ByteBuffer.allocateDirect(3 * 3 * 3 * 4).order(ByteOrder.nativeOrder());
            ByteBuffer out = ByteBuffer.allocateDirect(3 * 3 * 3 * 4).order(ByteOrder.nativeOrder());
            interpreter.run(in, out);
            assertArrayEquals(dims, interpreter.getOutputTensor(0).shape());
            // Not strict: any dimension.
            interpreter.resizeInput(0, new int[] {2, 3, 5, 3});
            assertArrayEquals(
                    new int[] {2, 3, 5, 3}, interpreter.getInputTensor(0).shape());
        }
    }

    @Test
    void runWithWrongInputType() {
        try (Interpreter interpreter = add()) {
            int[][][][] ints = new int[2][8][8][3];
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.run(ints, new float[2][8][8][3]));
            assertContains(
                    e,
                    "Cannot convert between a TensorFlowLite tensor with type FLOAT32 and a Java object of type"
                            + " [[[[I (which is compatible with the TensorFlowLite type INT32)");
        }
    }

    @Test
    void runWithUnsupportedInputType() {
        try (Interpreter interpreter = add()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> interpreter.run(DoubleBuffer.allocate(10), new float[2][8][8][3]));
            assertContains(e, "DataType error: cannot resolve DataType of");
        }
    }

    @Test
    void runWithWrongOutputType() {
        try (Interpreter interpreter = add()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> interpreter.run(Fixtures.fourD(), new int[2][8][8][3]));
            assertContains(
                    e,
                    "Cannot convert between a TensorFlowLite tensor with type FLOAT32 and a Java object of type"
                            + " [[[[I (which is compatible with the TensorFlowLite type INT32)");
        }
    }

    @Test
    void getInputAndOutputIndex() {
        try (Interpreter interpreter = add()) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.getInputIndex("WrongInputName"));
            assertContains(
                    e,
                    "'WrongInputName' is not a valid name for any input. Names of inputs and their indexes are"
                            + " {input=0}");
            assertEquals(0, interpreter.getInputIndex("input"));
            e = assertThrows(IllegalArgumentException.class, () -> interpreter.getOutputIndex("WrongOutputName"));
            assertContains(
                    e,
                    "'WrongOutputName' is not a valid name for any output. Names of outputs and their indexes are"
                            + " {output=0}");
            assertEquals(0, interpreter.getOutputIndex("output"));
        }
    }

    @Test
    void useXnnpackOnAndOff() {
        for (boolean xnnpack : new boolean[] {true, false}) {
            try (Interpreter interpreter =
                    new Interpreter(TestModels.buffer(ADD), new Interpreter.Options().setUseXNNPACK(xnnpack))) {
                float[] out = new float[1];
                interpreter.run(new float[] {1f}, out);
                assertArrayEquals(new float[] {3f}, out, 0.1f);
                float[] out2 = new float[2];
                interpreter.run(new float[] {1f, 2f}, out2); // a new shape: resize, reallocate
                assertArrayEquals(new float[] {3f, 6f}, out2, 0.1f);
            }
        }
    }

    @Test
    void redundantClose() {
        try (Interpreter interpreter = add()) {
            interpreter.close();
            interpreter.close();
        }
    }

    @Test
    void nullInputs() {
        try (Interpreter interpreter = add()) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.run(null, new float[2][8][8][3]));
            assertContains(e, "Null inputs are allowed only if the Tensor is bound to a buffer handle.");
            assertThrows(
                    IllegalArgumentException.class,
                    () -> interpreter.runForMultipleInputsOutputs(new Object[0], new HashMap<>()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> interpreter.runForMultipleInputsOutputs(null, new HashMap<>()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> interpreter.runForMultipleInputsOutputs(new Object[] {Fixtures.fourD()}, null));
        }
    }

    @Test
    void nullOutputs() {
        try (Interpreter interpreter = add()) {
            interpreter.run(new float[] {1f}, null);
            assertEquals(3f, interpreter.getOutputTensor(0).asReadOnlyBuffer().getFloat(0));
        }
    }

    @Test
    void resetVariableTensors() {
        float[][][][] inputs = new float[2][8][8][3];
        float[][][][] outputs = new float[2][8][8][3];
        try (Interpreter interpreter = add()) {
            interpreter.resetVariableTensors();
            interpreter.run(inputs, outputs);
            interpreter.resetVariableTensors();
            interpreter.resetVariableTensors();
            interpreter.run(inputs, outputs);
        }
    }

    @Test
    void boolModel() {
        boolean[][][] inputs = {{{true, false}, {false, true}}, {{true, true}, {false, true}}};
        int[] multipliers = {1, 1, 2};
        boolean[][][] outputs = new boolean[2][2][4];
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.boolTile()))) {
            assertEquals(DataType.BOOL, interpreter.getInputTensor(0).dataType());
            Map<Integer, Object> map = new HashMap<>();
            map.put(0, outputs);
            interpreter.runForMultipleInputsOutputs(new Object[] {inputs, multipliers}, map);
        }
        boolean[][][] expected = {
            {{true, false, true, false}, {false, true, false, true}},
            {{true, true, true, true}, {false, true, false, true}}
        };
        assertTrue(java.util.Arrays.deepEquals(expected, outputs));
    }

    @Test
    void cancelInference() {
        float[][][][] inputs = new float[2][8][8][3];
        float[][][][] outputs = new float[2][8][8][3];
        try (Interpreter interpreter =
                new Interpreter(TestModels.buffer(ADD), new Interpreter.Options().setCancellable(true))) {
            interpreter.setCancelled(true);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.run(inputs, outputs));
            assertContains(
                    e,
                    "Internal error: Failed to run on the given Interpreter: Client requested cancel during Invoke()");
            assertNull(interpreter.getLastNativeInferenceDurationNanoseconds());
            interpreter.setCancelled(false);
            interpreter.run(inputs, outputs);
            assertNotNull(interpreter.getLastNativeInferenceDurationNanoseconds());
        }
    }

    @Test
    void cancelOnNonCancellableInterpreter() {
        try (Interpreter interpreter = add()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> interpreter.setCancelled(true));
            assertContains(e, "Cannot cancel the inference. Have you called InterpreterApi.Options.setCancellable?");
        }
    }

    @Test
    void modelWithSignatureDef() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.mulAdd()))) {
            assertArrayEquals(new String[] {"mul_add"}, interpreter.getSignatureKeys());
            assertArrayEquals(new String[] {"x", "y"}, interpreter.getSignatureInputs("mul_add"));
            assertArrayEquals(new String[] {"output_0"}, interpreter.getSignatureOutputs("mul_add"));
            assertEquals(
                    1,
                    interpreter
                            .getOutputTensorFromSignature("output_0", "mul_add")
                            .numElements());
            assertEquals(
                    1, interpreter.getInputTensorFromSignature("x", "mul_add").numElements());
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.getInputTensorFromSignature(null, "mul_add")),
                    "Invalid input tensor name provided (null)");
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.getInputTensorFromSignature("xx", "mul_add")),
                    "Input error: input xx not found.");
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.getOutputTensorFromSignature(null, "mul_add")),
                    "Invalid output tensor name provided (null)");
            assertContains(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> interpreter.getOutputTensorFromSignature("yy", "mul_add")),
                    "Input error: output yy not found.");
            FloatBuffer output = FloatBuffer.allocate(1);
            Map<String, Object> inputs = new HashMap<>();
            inputs.put("x", new float[] {2f});
            inputs.put("y", new float[] {4f});
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("output_0", output);
            interpreter.runSignature(inputs, outputs, "mul_add");
            assertEquals(10f, output.get(0), 0.1f);
            // A null key for a model with one signature.
            output = FloatBuffer.allocate(1);
            outputs.put("output_0", output);
            interpreter.runSignature(inputs, outputs, null);
            assertEquals(10f, output.get(0), 0.1f);
            output = FloatBuffer.allocate(1);
            outputs.put("output_0", output);
            interpreter.runSignature(inputs, outputs);
            assertEquals(10f, output.get(0), 0.1f);
        }
    }

    @Test
    void modelWithoutSignatureDefs() {
        try (Interpreter interpreter = add()) {
            assertArrayEquals(new String[0], interpreter.getSignatureKeys());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> interpreter.runSignature(new HashMap<>(), new HashMap<>()));
            assertContains(
                    e,
                    "Input error: SignatureDef signatureKey should not be null. null is only allowed if the model has"
                            + " a single Signature");
        }
    }

    @Test
    void modelWithMultiSignatureDef() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.multiSignature()))) {
            assertArrayEquals(new String[] {"add", "sub"}, interpreter.getSignatureKeys());
            assertArrayEquals(new String[] {"a", "b"}, interpreter.getSignatureInputs("add"));
            assertArrayEquals(new String[] {"add_result"}, interpreter.getSignatureOutputs("add"));
            assertArrayEquals(new String[] {"x", "y"}, interpreter.getSignatureInputs("sub"));
            assertArrayEquals(new String[] {"sub_result"}, interpreter.getSignatureOutputs("sub"));
            FloatBuffer output = FloatBuffer.allocate(1);
            Map<String, Object> inputs = new HashMap<>();
            inputs.put("a", 2f);
            inputs.put("b", 4f);
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("add_result", output);
            interpreter.runSignature(inputs, outputs, "add");
            assertEquals(6f, output.get(0), 0.1f);
            output = FloatBuffer.allocate(1);
            inputs = new HashMap<>();
            inputs.put("x", 4f);
            inputs.put("y", 2f);
            outputs = new HashMap<>();
            outputs.put("sub_result", output);
            interpreter.runSignature(inputs, outputs, "sub");
            assertEquals(2f, output.get(0), 0.1f);
            // A null key is refused for a model with two signatures.
            Map<String, Object> in = inputs;
            Map<String, Object> out = outputs;
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> interpreter.runSignature(in, out));
            assertContains(e, "Available Signatures: [add, sub]");
            e = assertThrows(IllegalArgumentException.class, () -> interpreter.runSignature(in, out, "mul"));
            assertContains(e, "Input error: Signature mul not found.");
        }
    }

    @Test
    void signatureKeysInTheModelsOrder() {
        byte[] codec = dev.tfliteffm.modelwriter.samples.SampleModels.codec();
        try (Interpreter interpreter = new Interpreter(TestModels.file(codec))) {
            assertArrayEquals(new String[] {"encode", "decode"}, interpreter.getSignatureKeys(), "not sorted");
            assertEquals(
                    0, interpreter.getInputTensorFromSignature("x", "encode").index());
            assertEquals(
                    "decode_x:0",
                    interpreter.getInputTensorFromSignature("x", "decode").name());
        }
    }

    @Test
    void implicitResizeOfSignatureInputs() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(TestModels.multiSignature()))) {
            // "add" runs the primary subgraph: any dimension may change, as in the official build.
            FloatBuffer output = FloatBuffer.allocate(1);
            Map<String, Object> inputs = new HashMap<>();
            inputs.put("a", new float[] {2f});
            inputs.put("b", new float[] {4f});
            Map<String, Object> outputs = new HashMap<>();
            outputs.put("add_result", output);
            interpreter.runSignature(inputs, outputs, "add");
            assertEquals(6f, output.get(0), 0.1f);
            // "sub" runs another subgraph, whose inputs the runtime resizes strictly: a scalar stays a scalar,
            // and the error is the official one of builds without non-strict resizes.
            Map<String, Object> subInputs = new HashMap<>();
            subInputs.put("x", new float[] {4f});
            subInputs.put("y", new float[] {2f});
            Map<String, Object> subOutputs = new HashMap<>();
            subOutputs.put("sub_result", FloatBuffer.allocate(1));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> interpreter.runSignature(subInputs, subOutputs, "sub"));
            assertContains(e, "Tensor passed for input '");
            assertContains(e, "' of signature 'sub' has different shape than expected");
        }
    }

    @Test
    void delegatesMadeElsewhereAreRefused() {
        Delegate handle = () -> 0x1234L;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Interpreter(TestModels.buffer(ADD), new Interpreter.Options().addDelegate(handle)));
        assertContains(e, "Internal error: Failed to apply delegate");
        Delegate nothing = () -> 0L;
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new Interpreter(TestModels.buffer(ADD), new Interpreter.Options().addDelegate(nothing)));
        assertContains(e, "Internal error: Found invalid handle");
    }

    static void assertContains(Throwable e, String expected) {
        assertTrue(
                e.getMessage() != null && e.getMessage().contains(expected),
                "expected the message to contain <" + expected + ">, was <" + e.getMessage() + ">");
    }
}
