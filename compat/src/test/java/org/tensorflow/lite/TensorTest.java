package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor} (the official {@code TensorTest}): metadata, and copies of an output tensor into arrays and every
 * kind of Buffer, through the public API (the official test calls the package-private copy methods directly).
 */
class TensorTest {

    private Interpreter interpreter;
    private Tensor tensor;

    @BeforeEach
    void setUp() {
        interpreter = new Interpreter(TestModels.buffer(TestModels.add()));
        interpreter.run(Fixtures.fourD(), new float[2][8][8][3]);
        tensor = interpreter.getOutputTensor(0);
    }

    @AfterEach
    void tearDown() {
        interpreter.close();
    }

    /** Runs again with the same input, copying the output into {@code dst}. */
    private void copyTo(Object dst) {
        interpreter.run(Fixtures.fourD(), dst);
    }

    @Test
    void basic() {
        int[] shape = {2, 8, 8, 3};
        assertArrayEquals(shape, tensor.shape());
        assertArrayEquals(shape, tensor.shapeSignature(), "without a signature in the model: the current shape");
        assertEquals(DataType.FLOAT32, tensor.dataType());
        assertEquals(2 * 8 * 8 * 3 * 4, tensor.numBytes());
        assertEquals(2 * 8 * 8 * 3, tensor.numElements());
        assertEquals(4, tensor.numDimensions());
        assertEquals("output", tensor.name());
        assertEquals(2, tensor.index(), "input 0, sum 1, output 2");
        assertEquals(tensor.numBytes(), tensor.asReadOnlyBuffer().capacity());
        assertEquals(ByteOrder.nativeOrder(), tensor.asReadOnlyBuffer().order());
    }

    @Test
    void copyToArray() {
        float[][][][] out = new float[2][8][8][3];
        copyTo(out);
        assertArrayEquals(Fixtures.TRIPLED, out[0][0][0], 0.1f);
    }

    @Test
    void modifyReadOnlyBuffer() {
        assertThrows(
                ReadOnlyBufferException.class, () -> tensor.asReadOnlyBuffer().putFloat(0f));
    }

    @Test
    void readOnlyBufferBecomesUnreadableAfterAReallocation() {
        ByteBuffer view = tensor.asReadOnlyBuffer();
        assertEquals(Fixtures.TRIPLED[0], view.getFloat(0), 0.1f);
        interpreter.resizeInput(0, new int[] {1, 8, 8, 3});
        interpreter.allocateTensors();
        assertThrows(IllegalStateException.class, () -> view.getFloat(0));
    }

    @Test
    void copyToByteBuffers() {
        ByteBuffer exact = ByteBuffer.allocateDirect(2 * 8 * 8 * 3 * 4).order(ByteOrder.nativeOrder());
        copyTo(exact);
        assertEquals(2 * 8 * 8 * 3 * 4, exact.position());
        assertEquals(Fixtures.TRIPLED[2], exact.getFloat(8), 0.1f);
        ByteBuffer larger = ByteBuffer.allocateDirect(10 * 2 * 8 * 8 * 3 * 4).order(ByteOrder.nativeOrder());
        copyTo(larger);
        assertEquals(2 * 8 * 8 * 3 * 4, larger.position());
        assertEquals(Fixtures.TRIPLED[1], larger.getFloat(4), 0.1f);
        ByteBuffer heap = ByteBuffer.allocate(2 * 8 * 8 * 3 * 4).order(ByteOrder.nativeOrder());
        copyTo(heap);
        assertEquals(Fixtures.TRIPLED[1], heap.getFloat(4), 0.1f);
    }

    @Test
    void copyToFloatBuffers() {
        FloatBuffer view = ByteBuffer.allocateDirect(2 * 8 * 8 * 3 * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        copyTo(view);
        assertEquals(2 * 8 * 8 * 3, view.position());
        assertArrayEquals(Fixtures.TRIPLED, new float[] {view.get(0), view.get(1), view.get(2)}, 0.1f);
        FloatBuffer heap = FloatBuffer.allocate(2 * 8 * 8 * 3);
        copyTo(heap);
        assertEquals(2 * 8 * 8 * 3, heap.position());
        assertArrayEquals(Fixtures.TRIPLED, new float[] {heap.get(0), heap.get(1), heap.get(2)}, 0.1f);
    }

    @Test
    void copyToIntAndLongBuffers() {
        try (Interpreter ints = new Interpreter(TestModels.buffer(TestModels.int32()));
                Interpreter longs = new Interpreter(TestModels.buffer(TestModels.int64()))) {
            IntBuffer intOut = IntBuffer.allocate(4 * 4 * 12);
            ints.run(IntBuffer.allocate(4 * 4 * 12), intOut);
            assertEquals(4 * 4 * 12, intOut.position());
            LongBuffer longOut = LongBuffer.allocate(4 * 4 * 12);
            longs.run(LongBuffer.allocate(4 * 4 * 12), longOut);
            assertEquals(4 * 4 * 12, longOut.position());
        }
    }

    @Test
    void copyToInvalidBuffers() {
        assertThrows(
                IllegalArgumentException.class,
                () -> copyTo(ByteBuffer.allocateDirect(3 * 4).order(ByteOrder.nativeOrder())));
        assertThrows(IllegalArgumentException.class, () -> copyTo(IntBuffer.allocate(2 * 8 * 8 * 3)));
        assertThrows(
                ReadOnlyBufferException.class,
                () -> copyTo(FloatBuffer.allocate(2 * 8 * 8 * 3).asReadOnlyBuffer()));
    }

    @Test
    void copyToWrongType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyTo(new int[2][8][8][3]));
        assertContains(
                e,
                "Cannot convert between a TensorFlowLite tensor with type FLOAT32 and a Java object of type [[[[I"
                        + " (which is compatible with the TensorFlowLite type INT32)");
    }

    @Test
    void copyToWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copyTo(new float[1][8][8][3]));
        assertContains(
                e,
                "Cannot copy from a TensorFlowLite tensor (output) with shape [2, 8, 8, 3] to a Java object with"
                        + " shape [1, 8, 8, 3].");
    }

    @Test
    void setToFromArraysAndBuffers() {
        float[][][][] out = new float[2][8][8][3];
        float[][][][] in = new float[2][8][8][3];
        in[0][0][0][0] = 2f;
        interpreter.run(in, out);
        assertEquals(6f, out[0][0][0][0]);
        ByteBuffer direct = ByteBuffer.allocateDirect(2 * 8 * 8 * 3 * 4).order(ByteOrder.nativeOrder());
        direct.putFloat(0, 3f);
        interpreter.run(direct, out);
        assertEquals(9f, out[0][0][0][0]);
        FloatBuffer view = direct.rewind().asFloatBuffer();
        view.put(0, 5f);
        interpreter.run(view, out);
        assertEquals(15f, out[0][0][0][0]);
        FloatBuffer heap = FloatBuffer.allocate(2 * 8 * 8 * 3);
        heap.put(0, 5f);
        interpreter.run(heap, out);
        assertEquals(15f, out[0][0][0][0]);
        // A scalar: the input is resized to [].
        FloatBuffer scalarOut = FloatBuffer.allocate(1);
        interpreter.run(5f, scalarOut);
        assertEquals(15f, scalarOut.get(0));
        scalarOut = FloatBuffer.allocate(1);
        interpreter.run(Float.valueOf(9f), scalarOut);
        assertEquals(27f, scalarOut.get(0));
    }

    @Test
    void setToIntsAndLongs() {
        try (Interpreter ints = new Interpreter(TestModels.buffer(TestModels.int32()))) {
            int[][][][] in = new int[1][4][4][12];
            int[][][][] out = new int[1][4][4][12];
            in[0][0][0][0] = 2;
            ints.run(in, out);
            assertEquals(6, out[0][0][0][0]);
            ByteBuffer direct = ByteBuffer.allocateDirect(4 * 4 * 12 * 4).order(ByteOrder.nativeOrder());
            direct.putInt(0, 3);
            ints.run(direct, out);
            assertEquals(9, out[0][0][0][0]);
            IntBuffer heap = IntBuffer.allocate(4 * 4 * 12);
            heap.put(0, 5);
            ints.run(heap, out);
            assertEquals(15, out[0][0][0][0]);
        }
        try (Interpreter longs = new Interpreter(TestModels.buffer(TestModels.int64()))) {
            long[][][][] in = new long[1][4][4][12];
            long[][][][] out = new long[1][4][4][12];
            in[0][0][0][0] = 2;
            longs.run(in, out);
            assertEquals(6, out[0][0][0][0]);
            LongBuffer view = ByteBuffer.allocateDirect(4 * 4 * 12 * 8)
                    .order(ByteOrder.nativeOrder())
                    .asLongBuffer();
            view.put(0, 5);
            longs.run(view, out);
            assertEquals(15, out[0][0][0][0]);
        }
    }

    @Test
    void setToInvalidBuffers() {
        Object[] wrong = {
            ByteBuffer.allocateDirect(3 * 4).order(ByteOrder.nativeOrder()),
            FloatBuffer.allocate(3),
            IntBuffer.allocate(3),
            LongBuffer.allocate(3)
        };
        for (Object in : wrong) {
            assertThrows(IllegalArgumentException.class, () -> interpreter.run(in, new float[2][8][8][3]));
        }
    }

    @Test
    void emptyAndRaggedArrays() {
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> interpreter.run(new float[0], null)),
                "Array lengths cannot be 0.");
        float[][] ragged = {{1f, 2f}, {3f}};
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> interpreter.run(ragged, null)),
                "Mismatched lengths (2 and 1) in dimension 1");
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> interpreter.run(new Float[] {1f, 2f}, null)),
                "cannot resolve DataType of [Ljava.lang.Float;");
    }

    @Test
    void copyScalarToScalarUnsupported() {
        interpreter.run(5f, null);
        assertArrayEquals(new int[0], interpreter.getOutputTensor(0).shape());
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> interpreter.run(5f, 7f)),
                "Internal error: Cannot copy empty/scalar Tensors.");
    }

    @Test
    void useAfterClose() {
        interpreter.close();
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> tensor.numBytes()),
                "Internal error: Invalid handle to TfLiteTensor.");
        assertThrows(IllegalArgumentException.class, () -> tensor.asReadOnlyBuffer());
        // What the official tensors keep a copy of stays readable.
        assertArrayEquals(new int[] {2, 8, 8, 3}, tensor.shape());
        assertEquals(DataType.FLOAT32, tensor.dataType());
        assertEquals("output", tensor.name());
    }

    @Test
    void quantizationParameters() {
        Tensor.QuantizationParams none = tensor.quantizationParams();
        assertEquals(0f, none.getScale());
        assertEquals(0, none.getZeroPoint());
        try (Interpreter quantized = new Interpreter(TestModels.buffer(TestModels.quantized()))) {
            Tensor.QuantizationParams q = quantized.getOutputTensor(0).quantizationParams();
            assertEquals(0.25f, q.getScale(), 1e-6f);
            assertEquals(127, q.getZeroPoint());
        }
    }
}
