package org.tensorflow.lite;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies (multi-dimensional) primitive Java arrays and boxed scalars to and from a tensor's data, row by row in
 * row-major order, in native byte order. Callers have checked types and shapes, so the sizes match.
 */
final class ArrayCopy {

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private ArrayCopy() {}

    /** Writes {@code array}'s elements into {@code dst} from {@code offset}; returns the offset after them. */
    static long write(Object array, MemorySegment dst, long offset) {
        switch (array) {
            case float[] a -> {
                MemorySegment.copy(a, 0, dst, FLOAT, offset, a.length);
                return offset + 4L * a.length;
            }
            case int[] a -> {
                MemorySegment.copy(a, 0, dst, INT, offset, a.length);
                return offset + 4L * a.length;
            }
            case long[] a -> {
                MemorySegment.copy(a, 0, dst, LONG, offset, a.length);
                return offset + 8L * a.length;
            }
            case short[] a -> {
                MemorySegment.copy(a, 0, dst, SHORT, offset, a.length);
                return offset + 2L * a.length;
            }
            case byte[] a -> {
                MemorySegment.copy(a, 0, dst, BYTE, offset, a.length);
                return offset + a.length;
            }
            case boolean[] a -> {
                for (int i = 0; i < a.length; i++) {
                    dst.set(BYTE, offset + i, (byte) (a[i] ? 1 : 0));
                }
                return offset + a.length;
            }
            case Object[] rows -> {
                for (Object row : rows) {
                    offset = write(row, dst, offset);
                }
                return offset;
            }
            default ->
                throw new IllegalArgumentException(
                        "not a primitive array: " + array.getClass().getName());
        }
    }

    /** Fills {@code array} with the elements of {@code src} from {@code offset}; returns the offset after them. */
    static long read(MemorySegment src, long offset, Object array) {
        switch (array) {
            case float[] a -> {
                MemorySegment.copy(src, FLOAT, offset, a, 0, a.length);
                return offset + 4L * a.length;
            }
            case int[] a -> {
                MemorySegment.copy(src, INT, offset, a, 0, a.length);
                return offset + 4L * a.length;
            }
            case long[] a -> {
                MemorySegment.copy(src, LONG, offset, a, 0, a.length);
                return offset + 8L * a.length;
            }
            case short[] a -> {
                MemorySegment.copy(src, SHORT, offset, a, 0, a.length);
                return offset + 2L * a.length;
            }
            case byte[] a -> {
                MemorySegment.copy(src, BYTE, offset, a, 0, a.length);
                return offset + a.length;
            }
            case boolean[] a -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = src.get(BYTE, offset + i) != 0;
                }
                return offset + a.length;
            }
            case Object[] rows -> {
                for (Object row : rows) {
                    offset = read(src, offset, row);
                }
                return offset;
            }
            default ->
                throw new IllegalArgumentException(
                        "not a primitive array: " + array.getClass().getName());
        }
    }

    /**
     * Writes a boxed scalar into a one-element tensor of {@code type}, as the official API does: the tensor must be
     * a scalar (or have 1 as its first dimension) and hold exactly one element.
     */
    static void writeScalar(Object value, DataType type, int[] shape, MemorySegment dst) {
        if (shape.length != 0 && shape[0] != 1) {
            throw new IllegalArgumentException("Internal error: Cannot write Java scalar to non-scalar Tensor.");
        }
        int size = type == DataType.BOOL ? 1 : type.byteSize();
        if (size != dst.byteSize()) {
            throw new IllegalStateException(
                    "Scalar (" + size + " bytes) not compatible with allocated tensor (" + dst.byteSize() + " bytes)");
        }
        switch (type) {
            case FLOAT32 -> dst.set(FLOAT, 0, ((Number) value).floatValue());
            case INT32 -> dst.set(INT, 0, ((Number) value).intValue());
            case INT16 -> dst.set(SHORT, 0, ((Number) value).shortValue());
            case INT64 -> dst.set(LONG, 0, ((Number) value).longValue());
            case INT8, UINT8 -> dst.set(BYTE, 0, ((Number) value).byteValue());
            case BOOL -> dst.set(BYTE, 0, (byte) (((Boolean) value) ? 1 : 0));
            case STRING -> throw new IllegalStateException("strings are written by StringCopy");
        }
    }
}
