package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

/** {@link JavaTypes}: the official {@code TensorTest}'s dataTypeOf, numDimensions and fillShape cases. */
class JavaTypesTest {

    @Test
    void dataTypeOf() {
        assertEquals(DataType.FLOAT32, JavaTypes.dataTypeOf(new float[0], DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, JavaTypes.dataTypeOf(new float[3][2], DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, JavaTypes.dataTypeOf(FloatBuffer.allocate(1), DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, JavaTypes.dataTypeOf(1f, DataType.FLOAT32));
        assertEquals(DataType.INT32, JavaTypes.dataTypeOf(IntBuffer.allocate(1), DataType.FLOAT32));
        assertEquals(DataType.INT64, JavaTypes.dataTypeOf(LongBuffer.allocate(1), DataType.FLOAT32));
        assertEquals(DataType.INT16, JavaTypes.dataTypeOf(ShortBuffer.allocate(1), DataType.FLOAT32));
        assertEquals(DataType.UINT8, JavaTypes.dataTypeOf((byte) 1, DataType.INT8));
        assertEquals(DataType.UINT8, JavaTypes.dataTypeOf(new byte[1], DataType.INT8));
        assertEquals(DataType.STRING, JavaTypes.dataTypeOf(new byte[1][1], DataType.STRING));
        assertEquals(DataType.BOOL, JavaTypes.dataTypeOf(new boolean[1], DataType.BOOL));
        assertEquals(DataType.STRING, JavaTypes.dataTypeOf(new String[1], DataType.BOOL));
        assertContains(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JavaTypes.dataTypeOf(new double[] {0.783, 0.251}, DataType.FLOAT32)),
                "cannot resolve DataType of");
        assertContains(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JavaTypes.dataTypeOf(new Float[] {0.783f}, DataType.FLOAT32)),
                "cannot resolve DataType of [Ljava.lang.Float;");
        assertContains(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JavaTypes.dataTypeOf(DoubleBuffer.allocate(1), DataType.FLOAT32)),
                "cannot resolve DataType of java.nio.HeapDoubleBuffer");
    }

    @Test
    void byteBuffersFitAnyType() {
        for (DataType t : DataType.values()) {
            JavaTypes.checkType(ByteBuffer.allocate(1), t);
        }
        JavaTypes.checkType(new byte[1], DataType.INT8);
        JavaTypes.checkType(new byte[1], DataType.UINT8);
        assertThrows(IllegalArgumentException.class, () -> JavaTypes.checkType(new byte[1], DataType.BOOL));
    }

    @Test
    void shapes() {
        assertArrayEquals(new int[0], JavaTypes.shapeOf(1, DataType.INT32));
        assertArrayEquals(new int[] {2, 2}, JavaTypes.shapeOf(new int[][] {{2, 4}, {1, 9}}, DataType.INT32));
        assertArrayEquals(
                new int[] {2, 3, 1},
                JavaTypes.shapeOf(new int[][][] {{{23}, {14}, {87}}, {{12}, {42}, {31}}}, DataType.INT32));
        assertArrayEquals(new int[] {2}, JavaTypes.shapeOf(new byte[2][5], DataType.STRING), "byte strings");
        assertArrayEquals(new int[] {2, 5}, JavaTypes.shapeOf(new byte[2][5], DataType.UINT8));
        assertArrayEquals(new int[0], JavaTypes.shapeOf(new byte[7], DataType.STRING), "one byte string");
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> JavaTypes.shapeOf(new int[0], DataType.INT32)),
                "Array lengths cannot be 0.");
        assertContains(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JavaTypes.shapeOf(new int[][] {{1, 2}, {3}}, DataType.INT32)),
                "Mismatched lengths (2 and 1) in dimension 1");
    }

    @Test
    void elements() {
        assertEquals(1, JavaTypes.elements(new int[0]));
        assertEquals(3, JavaTypes.elements(new int[] {3}));
        assertEquals(12, JavaTypes.elements(new int[] {3, 4}));
        assertEquals(0, JavaTypes.elements(new int[] {3, 4, 0}));
    }
}
