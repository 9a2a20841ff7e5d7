package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    // ---- conversions for SignatureRunner.run ---------------------------------------------------

    /** The value given for input {@code name} as an array for tensor {@code t} (the interpreter is entered). */
    static NdArray forInput(Object value, Tensor t, String name) {
        if (value == null) {
            throw new NullPointerException("input '" + name + "' is null");
        }
        DataType type = t.dataType();
        if (value instanceof NdArray a) {
            if (a.dataType != type
                    && !ElementKind.ofArrayClass(a.data.getClass()).holds(type)) {
                throw new IllegalArgumentException("input '" + name + "' is " + type.numpyName() + ", given a "
                        + a.dataType.numpyName() + " array" + fittingArray(type));
            }
            return new NdArray(type, a.shape, a.data);
        }
        if (value instanceof MemorySegment segment) {
            return new NdArray(type, t.shape0(), segment);
        }
        Class<?> c = value.getClass();
        ElementKind kind = c == String[].class ? ElementKind.STRING : ElementKind.ofArrayClass(c);
        if (kind == ElementKind.STRING && type != DataType.STRING && c == byte[][].class) {
            return nested(value, type, name); // a byte[][] for a one-byte type: rows of bytes
        }
        if (kind != null) {
            if (!kind.holds(type)) {
                throw new IllegalArgumentException("input '" + name + "' is " + type.numpyName() + "; a "
                        + c.getSimpleName() + " does not fit it" + fittingArray(type));
            }
            Object data = value instanceof String[] strings ? StringCodec.utf8(strings) : value;
            return flat(t, name, type, data, ElementKind.length(value) / ElementKind.valuesPerElement(type), c);
        }
        if (!c.isArray()) {
            throw new IllegalArgumentException(
                    "input '" + name + "' takes an NdArray, a Java array or a MemorySegment, given a " + c.getName());
        }
        return nested(value, type, name);
    }

    /** A nested Java array ({@code float[][]}, {@code String[][]}...): the nesting gives the shape. */
    private static NdArray nested(Object value, DataType type, String name) {
        List<Integer> dims = new ArrayList<>();
        Object probe = value;
        while (probe != null && probe.getClass().isArray() && !isLeaf(probe.getClass(), type)) {
            dims.add(Array.getLength(probe));
            probe = Array.getLength(probe) > 0 ? Array.get(probe, 0) : null;
        }
        if (probe == null) {
            throw new IllegalArgumentException("input '" + name + "' is an empty or null nested array");
        }
        ElementKind leaf =
                probe.getClass() == String[].class ? ElementKind.STRING : ElementKind.ofArrayClass(probe.getClass());
        if (leaf == null || !leaf.holds(type)) {
            throw new IllegalArgumentException("input '" + name + "' is " + type.numpyName() + "; "
                    + (probe.getClass().isArray()
                            ? probe.getClass().getSimpleName() + " rows"
                            : probe.getClass().getSimpleName() + " elements")
                    + " do not fit it" + fittingArray(type));
        }
        dims.add(Array.getLength(probe));
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Object flat = leaf.newArray(Math.toIntExact(elementCount(shape)));
        int[] filled = {0};
        flatten(value, shape, 0, flat, filled, name);
        return new NdArray(type, shape, flat);
    }

    /** Whether arrays of class {@code c} are the innermost rows of a nested input of {@code type}. */
    private static boolean isLeaf(Class<?> c, DataType type) {
        return type == DataType.STRING
                ? c == String[].class || c == byte[][].class
                : c.componentType().isPrimitive();
    }

    private static NdArray flat(Tensor t, String name, DataType type, Object data, int elements, Class<?> given) {
        int[] current = t.shape0();
        if (elementCount(current) == elements) {
            return new NdArray(type, current, data);
        }
        if (current.length <= 1) {
            return new NdArray(type, new int[] {elements}, data);
        }
        throw new IllegalArgumentException("input '" + name + "' has shape " + Arrays.toString(current) + " ("
                + elementCount(current) + " elements), given a flat " + given.getSimpleName() + " of " + elements
                + "; to change its shape pass an NdArray or a nested array");
    }

    private static void flatten(Object array, int[] shape, int depth, Object flat, int[] filled, String name) {
        int n = Array.getLength(array);
        if (n != shape[depth]) {
            throw new IllegalArgumentException("input '" + name + "' is a ragged nested array: " + n
                    + " elements at depth " + depth + " where the first row has " + shape[depth]);
        }
        if (depth == shape.length - 1) {
            if (array instanceof String[] strings) {
                array = StringCodec.utf8(strings);
            }
            if (array.getClass() != flat.getClass()) {
                throw new IllegalArgumentException(
                        "input '" + name + "' mixes " + array.getClass().getSimpleName() + " and "
                                + flat.getClass().getSimpleName() + " rows");
            }
            System.arraycopy(array, 0, flat, filled[0], n);
            filled[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            Object row = Array.get(array, i);
            if (row == null) {
                throw new IllegalArgumentException("input '" + name + "' has a null row at depth " + depth);
            }
            if (!row.getClass().isArray()) {
                throw new IllegalArgumentException("input '" + name + "' has a "
                        + row.getClass().getSimpleName() + " at depth " + (depth + 1) + " where an array was expected");
            }
            flatten(row, shape, depth + 1, flat, filled, name);
        }
    }

    /** Writes this array into {@code t} (the interpreter is entered). */
    void writeTo(Tensor t) {
        t.write0(data);
    }

    /** A copy of all of {@code t}'s data (the interpreter is entered). */
    static NdArray readFrom(Tensor t) {
        return new NdArray(t.dataType(), t.shape0(), t.readAll0());
    }

    /** "; use a float[]" for FLOAT32, ...: what a message about a wrong array class should suggest. */
    private static String fittingArray(DataType type) {
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
