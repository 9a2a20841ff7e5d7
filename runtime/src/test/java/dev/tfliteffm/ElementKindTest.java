package dev.tfliteffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The one table of Java array classes, layouts and data types. */
class ElementKindTest {

    @Test
    void everyTypeWithDataHasExactlyTheKindThatReadsIt() {
        for (DataType type : DataType.values()) {
            ElementKind kind = ElementKind.of(type);
            if (type == DataType.NO_TYPE || type == DataType.RESOURCE || type == DataType.VARIANT) {
                assertNull(kind, type + " holds no data");
                continue;
            }
            assertTrue(kind.holds(type), kind + " must hold " + type);
            assertSame(kind, ElementKind.ofArrayClass(kind.arrayClass()), "array class of " + kind);
            if (type.isFixedSize()) {
                assertEquals(
                        type.byteSize(),
                        kind.valueBytes() * ElementKind.valuesPerElement(type),
                        "bytes per element of " + type);
            }
        }
    }

    @Test
    void boolFitsBothByteAndBooleanArrays() {
        assertTrue(ElementKind.BYTE.holds(DataType.BOOL), "byte[] holds BOOL as 0/1");
        assertTrue(ElementKind.BOOLEAN.holds(DataType.BOOL), "boolean[] holds BOOL");
        assertSame(ElementKind.BOOLEAN, ElementKind.of(DataType.BOOL));
        assertNull(ElementKind.ofArrayClass(Float[].class), "boxed arrays are no kind");
        assertNull(ElementKind.ofArrayClass(String[].class), "String[] is encoded by StringCodec first");
    }

    @Test
    void copiesRoundTripInEitherByteOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            float[] floats = {1.5f, -0f, Float.NaN, Float.MIN_VALUE};
            MemorySegment bytes = MemorySegment.ofArray(new byte[16]);
            ElementKind.FLOAT.copyIn(floats, bytes, order);
            float[] back = new float[4];
            ElementKind.FLOAT.copyOut(bytes, order, back);
            assertArrayEquals(floats, back);
            boolean[] bools = {true, false, true};
            MemorySegment boolBytes = MemorySegment.ofArray(new byte[3]);
            ElementKind.BOOLEAN.copyIn(bools, boolBytes, order);
            assertArrayEquals(new byte[] {1, 0, 1}, boolBytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        MemorySegment little = MemorySegment.ofArray(new byte[4]);
        ElementKind.INT.copyIn(new int[] {0x01020304}, little, ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {4, 3, 2, 1}, little.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
}
