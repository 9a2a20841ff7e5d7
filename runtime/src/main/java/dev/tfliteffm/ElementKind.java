package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The one table of how tensor elements are held in Java: each flat Java array class, the {@link ValueLayout}
 * of one of its values, and the {@link DataType}s it can hold. {@link Tensor}, {@link NdArray} and the raw
 * byte conversions all read it; nothing else maps array classes to types.
 */
enum ElementKind {
    /** {@code float[]}: FLOAT32, and COMPLEX64 as (real, imaginary) pairs. */
    FLOAT(float[].class, ValueLayout.JAVA_FLOAT_UNALIGNED, DataType.FLOAT32, DataType.COMPLEX64),
    /** {@code double[]}: FLOAT64, and COMPLEX128 as pairs. */
    DOUBLE(double[].class, ValueLayout.JAVA_DOUBLE_UNALIGNED, DataType.FLOAT64, DataType.COMPLEX128),
    /** {@code int[]}: INT32 and UINT32 (the same bits). */
    INT(int[].class, ValueLayout.JAVA_INT_UNALIGNED, DataType.INT32, DataType.UINT32),
    /** {@code long[]}: INT64 and UINT64. */
    LONG(long[].class, ValueLayout.JAVA_LONG_UNALIGNED, DataType.INT64, DataType.UINT64),
    /** {@code short[]}: INT16, UINT16, and the raw bits of FLOAT16 and BFLOAT16. */
    SHORT(
            short[].class,
            ValueLayout.JAVA_SHORT_UNALIGNED,
            DataType.INT16,
            DataType.UINT16,
            DataType.FLOAT16,
            DataType.BFLOAT16),
    /** {@code byte[]}: the one-byte types (BOOL as 0/1; TFLite keeps INT4, UINT4 and INT2 one per byte). */
    BYTE(
            byte[].class,
            ValueLayout.JAVA_BYTE,
            DataType.INT8,
            DataType.UINT8,
            DataType.BOOL,
            DataType.INT4,
            DataType.UINT4,
            DataType.INT2),
    /** {@code boolean[]}: BOOL, one byte each in the tensor. */
    BOOLEAN(boolean[].class, ValueLayout.JAVA_BYTE, DataType.BOOL),
    /** {@code byte[][]}: STRING, one byte string per element (see {@link StringCodec}). */
    STRING(byte[][].class, null, DataType.STRING);

    /** {@link #values()} once: that method copies its array on every call. */
    private static final ElementKind[] ALL = values();

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private final Class<?> arrayClass;
    private final ValueLayout layout;
    private final long valueBytes;
    private final List<DataType> types;

    ElementKind(Class<?> arrayClass, ValueLayout layout, DataType... types) {
        this.arrayClass = arrayClass;
        this.layout = layout;
        this.valueBytes = layout == null ? -1 : layout.byteSize();
        this.types = List.of(types);
    }

    /** The kind whose array class is {@code arrayClass}, or null if no kind uses it. */
    static ElementKind ofArrayClass(Class<?> arrayClass) {
        for (ElementKind k : ALL) {
            if (k.arrayClass == arrayClass) {
                return k;
            }
        }
        return null;
    }

    /** The kind a tensor of {@code type} is read into: BOOL as {@code boolean[]}; null for types without data. */
    static ElementKind of(DataType type) {
        return switch (type) {
            case FLOAT32, COMPLEX64 -> FLOAT;
            case FLOAT64, COMPLEX128 -> DOUBLE;
            case INT32, UINT32 -> INT;
            case INT64, UINT64 -> LONG;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> SHORT;
            case INT8, UINT8, INT4, UINT4, INT2 -> BYTE;
            case BOOL -> BOOLEAN;
            case STRING -> STRING;
            case NO_TYPE, RESOURCE, VARIANT -> null;
        };
    }

    /** The Java array class. */
    Class<?> arrayClass() {
        return arrayClass;
    }

    /** The layout of one value (unaligned, native order); null for STRING. */
    ValueLayout layout() {
        return layout;
    }

    /** The data types this array class can hold. */
    List<DataType> types() {
        return types;
    }

    /** Whether this array class can hold elements of {@code type}. */
    boolean holds(DataType type) {
        return types.contains(type);
    }

    /** Java values per tensor element: 2 for complex types (real, imaginary), else 1. */
    static int valuesPerElement(DataType type) {
        return type == DataType.COMPLEX64 || type == DataType.COMPLEX128 ? 2 : 1;
    }

    /** Bytes per Java value in a tensor (for STRING: not fixed, -1). */
    long valueBytes() {
        return valueBytes;
    }

    /** A new array of this kind with {@code length} values (by {@code new}: faster than reflection). */
    Object newArray(int length) {
        return switch (this) {
            case FLOAT -> new float[length];
            case DOUBLE -> new double[length];
            case INT -> new int[length];
            case LONG -> new long[length];
            case SHORT -> new short[length];
            case BYTE -> new byte[length];
            case BOOLEAN -> new boolean[length];
            case STRING -> new byte[length][];
        };
    }

    /** The number of values in {@code array}, an array of this kind. */
    static int length(Object array) {
        return Array.getLength(array);
    }

    /** Copies all of {@code array}'s values into {@code dst}, in {@code order}; not for STRING. */
    void copyIn(Object array, MemorySegment dst, ByteOrder order) {
        copyIn(array, dst, 0, order);
    }

    /** Copies all of {@code array}'s values into {@code dst} from byte {@code offset}, in {@code order}. */
    void copyIn(Object array, MemorySegment dst, long offset, ByteOrder order) {
        switch (this) {
            case BOOLEAN -> {
                boolean[] a = (boolean[]) array;
                for (int i = 0; i < a.length; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, offset + i, (byte) (a[i] ? 1 : 0));
                }
            }
            case STRING -> throw new IllegalStateException("strings go through StringCodec");
            default -> MemorySegment.copy(array, 0, dst, layout(order), offset, length(array));
        }
    }

    /** Copies {@code src}'s values, in {@code order}, into all of {@code array}; not for STRING. */
    void copyOut(MemorySegment src, ByteOrder order, Object array) {
        copyOut(src, 0, order, array);
    }

    /** Copies {@code src}'s values from byte {@code offset}, in {@code order}, into all of {@code array}. */
    void copyOut(MemorySegment src, long offset, ByteOrder order, Object array) {
        switch (this) {
            case BOOLEAN -> {
                boolean[] a = (boolean[]) array;
                for (int i = 0; i < a.length; i++) {
                    a[i] = src.get(ValueLayout.JAVA_BYTE, offset + i) != 0;
                }
            }
            case STRING -> throw new IllegalStateException("strings go through StringCodec");
            default -> MemorySegment.copy(src, layout(order), offset, array, 0, length(array));
        }
    }

    /** The layout in {@code order}: {@code withOrder} makes a new layout on every call, even for the same order. */
    private ValueLayout layout(ByteOrder order) {
        return order == NATIVE ? layout : layout.withOrder(order); // the JAVA_* layouts are in native order
    }
}
