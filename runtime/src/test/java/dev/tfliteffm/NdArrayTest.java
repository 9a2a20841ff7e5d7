package dev.tfliteffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** NdArray's factories, its byte conversions, and the exception rule for bad shapes and types. */
class NdArrayTest {

    @Test
    void shapesMustFitTheData() {
        NdArray a = NdArray.of(new float[6], 2, 3);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("given 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[0], -1));
        assertThrows(NullPointerException.class, () -> NdArray.of((float[]) null, 1));
    }

    @Test
    void elementCountsBeyondOneJavaArrayAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[0], 65536, 65536, 0 + 4));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void typedFactoryChecksTheArrayClass() {
        assertEquals(DataType.UINT8, NdArray.of(DataType.UINT8, new byte[2], 2).dataType());
        assertEquals(4, NdArray.of(DataType.COMPLEX64, new float[8], 4).elementCount());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NdArray.of(DataType.FLOAT32, new int[1], 1));
        assertTrue(e.getMessage().contains("use a float[]"), e.getMessage());
        assertThrows(
                IllegalStateException.class, () -> NdArray.of(new int[1], 1).floats());
    }

    @Test
    void bytesRoundTripInAnyOrder() {
        NdArray a = NdArray.of(new short[] {1, -2, 300}, 3);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] bytes = a.toBytes(order);
            NdArray back = NdArray.fromBytes(DataType.INT16, MemorySegment.ofArray(bytes), order, 3);
            assertArrayEquals(a.shorts(), back.shorts());
        }
        NdArray bools =
                NdArray.fromBytes(DataType.BOOL, MemorySegment.ofArray(new byte[] {0, 1}), ByteOrder.LITTLE_ENDIAN, 2);
        assertArrayEquals(new boolean[] {false, true}, bools.booleans());
        assertArrayEquals(new byte[] {0, 1}, bools.toBytes(ByteOrder.LITTLE_ENDIAN));
        assertThrows(
                IllegalArgumentException.class,
                () -> NdArray.fromBytes(
                        DataType.FLOAT32, MemorySegment.ofArray(new byte[3]), ByteOrder.LITTLE_ENDIAN, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> NdArray.fromBytes(
                        DataType.STRING, MemorySegment.ofArray(new byte[3]), ByteOrder.LITTLE_ENDIAN, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> NdArray.ofStrings(new String[] {"a"}, 1).toBytes(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void stringsAreUtf8() {
        NdArray s = NdArray.ofStrings(new String[] {"π", "x"}, 2);
        assertArrayEquals(new String[] {"π", "x"}, s.strings());
        assertEquals(2, s.byteStrings()[0].length);
    }
}
