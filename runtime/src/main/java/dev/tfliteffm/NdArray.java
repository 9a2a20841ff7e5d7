package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array on the Java heap: an element type, a shape, and the elements in row-major order in a
 * flat Java array ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code short[]},
 * {@code byte[]}, {@code boolean[]}, or {@code byte[][]} for strings). What {@link SignatureRunner#run} takes
 * and returns, like NumPy arrays in Python's TFLite API. A shape that does not fit the data is an
 * {@link IllegalArgumentException}.
 */
public final class NdArray {

    private final DataType dataType;
    private final int[] shape;
    private final Object data;

    private NdArray(DataType dataType, int[] shape, Object data) {
        this.dataType = dataType;
        this.shape = shape;
        this.data = data;
    }

    /** A FLOAT32 array. */
    public static NdArray of(float[] data, int... shape) {
        return of(DataType.FLOAT32, data, shape);
    }

    /** A FLOAT64 array. */
    public static NdArray of(double[] data, int... shape) {
        return of(DataType.FLOAT64, data, shape);
    }

    /** An INT32 array. */
    public static NdArray of(int[] data, int... shape) {
        return of(DataType.INT32, data, shape);
    }

    /** An INT64 array. */
    public static NdArray of(long[] data, int... shape) {
        return of(DataType.INT64, data, shape);
    }

    /** An INT16 array. */
    public static NdArray of(short[] data, int... shape) {
        return of(DataType.INT16, data, shape);
    }

    /** An INT8 array. */
    public static NdArray of(byte[] data, int... shape) {
        return of(DataType.INT8, data, shape);
    }

    /** A BOOL array. */
    public static NdArray of(boolean[] data, int... shape) {
        return of(DataType.BOOL, data, shape);
    }

    /** A STRING array of UTF-8 encoded strings. */
    public static NdArray ofStrings(String[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        return of(DataType.STRING, StringCodec.utf8(data), shape);
    }

    /** A STRING array of byte strings. */
    public static NdArray ofStrings(byte[][] data, int... shape) {
        Objects.requireNonNull(data, "data");
        return of(DataType.STRING, data.clone(), shape);
    }

    /**
     * An array of {@code type} over a flat Java array whose class fits it (e.g. {@code byte[]} for UINT8,
     * {@code short[]} for FLOAT16 bits, {@code float[]} with two floats per element for COMPLEX64). The array
     * is not copied.
     */
    public static NdArray of(DataType type, Object data, int... shape) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        ElementKind kind = ElementKind.ofArrayClass(data.getClass());
        if (kind == null || !kind.holds(type)) {
            throw new IllegalArgumentException("a " + data.getClass().getSimpleName() + " cannot hold "
                    + type.numpyName() + " elements" + fittingArray(type));
        }
        long values = elementCount(shape) * ElementKind.valuesPerElement(type);
        int length = ElementKind.length(data);
        if (values != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + values + " values, given " + length);
        }
        return new NdArray(type, shape.clone(), data);
    }

    /**
     * An array of {@code type} whose elements are the bytes of {@code bytes} in {@code order} (e.g. the
     * little-endian data of a {@code .npy} file), copied into a Java array of the kind that fits the type.
     */
    public static NdArray fromBytes(DataType type, MemorySegment bytes, ByteOrder order, int... shape) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(shape, "shape");
        ElementKind kind = ElementKind.of(type);
        if (kind == null || kind == ElementKind.STRING) {
            throw new IllegalArgumentException(type.numpyName() + " elements have no fixed size to read from bytes");
        }
        long values = elementCount(shape) * ElementKind.valuesPerElement(type);
        if (bytes.byteSize() != values * kind.valueBytes()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type.numpyName() + " needs "
                    + values * kind.valueBytes() + " bytes, given " + bytes.byteSize());
        }
        Object data = kind.newArray((int) values);
        kind.copyOut(bytes, order, data);
        return new NdArray(type, shape.clone(), data);
    }

    /** The elements as bytes in {@code order}, as TFLite holds them (BOOL as 0/1); not for STRING arrays. */
    public byte[] toBytes(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        ElementKind kind = ElementKind.ofArrayClass(data.getClass());
        if (kind == ElementKind.STRING) {
            throw new IllegalArgumentException("a string array has no fixed-size bytes; use byteStrings()");
        }
        byte[] out = new byte[Math.toIntExact(ElementKind.length(data) * kind.valueBytes())];
        kind.copyIn(data, MemorySegment.ofArray(out), order);
        return out;
    }

    /** The element type. */
    public DataType dataType() {
        return dataType;
    }

    /** The shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long elementCount() {
        return elementCount(shape);
    }

    /** The elements of a FLOAT32 (or COMPLEX64, interleaved) array, not copied. */
    public float[] floats() {
        return as(ElementKind.FLOAT);
    }

    /** The elements of a FLOAT64 (or COMPLEX128, interleaved) array, not copied. */
    public double[] doubles() {
        return as(ElementKind.DOUBLE);
    }

    /** The elements of an INT32/UINT32 array, not copied. */
    public int[] ints() {
        return as(ElementKind.INT);
    }

    /** The elements of an INT64/UINT64 array, not copied. */
    public long[] longs() {
        return as(ElementKind.LONG);
    }

    /** The elements of a 16-bit array, not copied. */
    public short[] shorts() {
        return as(ElementKind.SHORT);
    }

    /** The elements of a one-byte array (INT8, UINT8, INT4, ...), not copied. */
    public byte[] bytes() {
        return as(ElementKind.BYTE);
    }

    /** The elements of a BOOL array, not copied. */
    public boolean[] booleans() {
        return as(ElementKind.BOOLEAN);
    }

    /** The elements of a STRING array, decoded as UTF-8. */
    public String[] strings() {
        return StringCodec.strings(byteStrings());
    }

    /** The elements of a STRING array as bytes, not copied. */
    public byte[][] byteStrings() {
        return as(ElementKind.STRING);
    }

    /** The flat Java array holding the elements, not copied. */
    public Object data() {
        return data;
    }

    @SuppressWarnings("unchecked")
    private <T> T as(ElementKind kind) {
        if (!kind.arrayClass().isInstance(data)) {
            throw new IllegalStateException("this array is " + dataType.numpyName() + " (held in a "
                    + data.getClass().getSimpleName() + "), not readable as "
                    + kind.arrayClass().getSimpleName());
        }
        return (T) data;
    }

    // ---- for SignatureRunner.run ----------------------------------------------------------------

    /** The shape itself, not a copy: for the runtime, which never writes it. */
    int[] shapeNoCopy() {
        return shape;
    }

    /**
     * An array over {@code data} and {@code shape} as they are (not copied, not checked): for the runtime, which
     * makes them fit. {@code shape} may be shared with other arrays: an NdArray never writes nor hands out its own.
     */
    static NdArray wrap(DataType type, int[] shape, Object data) {
        return new NdArray(type, shape, data);
    }

    /** "; use a float[]" for FLOAT32, ...: what a message about a wrong array class should suggest. */
    static String fittingArray(DataType type) {
        ElementKind kind = ElementKind.of(type);
        return kind == null
                ? ""
                : "; use a " + kind.arrayClass().getSimpleName() + (kind == ElementKind.STRING ? " or String[]" : "");
    }

    /** The product of {@code shape}, refused when negative or beyond what one Java array can hold. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "NdArray[" + dataType.numpyName() + Arrays.toString(shape) + "]";
    }
}
