package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array on the Java heap: an element type, a shape, and the elements in row-major order in a
 * flat Java array ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code short[]},
 * {@code byte[]}, {@code boolean[]}, or {@code byte[][]} for strings). What {@link SignatureRunner#run} takes
 * and returns, like NumPy arrays in Python's TFLite API.
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
        return checked(DataType.FLOAT32, shape, data, data.length);
    }

    /** A FLOAT64 array. */
    public static NdArray of(double[] data, int... shape) {
        return checked(DataType.FLOAT64, shape, data, data.length);
    }

    /** An INT32 array. */
    public static NdArray of(int[] data, int... shape) {
        return checked(DataType.INT32, shape, data, data.length);
    }

    /** An INT64 array. */
    public static NdArray of(long[] data, int... shape) {
        return checked(DataType.INT64, shape, data, data.length);
    }

    /** An INT16 array. */
    public static NdArray of(short[] data, int... shape) {
        return checked(DataType.INT16, shape, data, data.length);
    }

    /** An INT8 array. */
    public static NdArray of(byte[] data, int... shape) {
        return checked(DataType.INT8, shape, data, data.length);
    }

    /** A BOOL array. */
    public static NdArray of(boolean[] data, int... shape) {
        return checked(DataType.BOOL, shape, data, data.length);
    }

    /** A STRING array of UTF-8 encoded strings. */
    public static NdArray ofStrings(String[] data, int... shape) {
        byte[][] bytes = new byte[data.length][];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = data[i].getBytes(StandardCharsets.UTF_8);
        }
        return checked(DataType.STRING, shape, bytes, bytes.length);
    }

    /** A STRING array of byte strings. */
    public static NdArray ofStrings(byte[][] data, int... shape) {
        return checked(DataType.STRING, shape, data.clone(), data.length);
    }

    /**
     * An array of {@code type} over a flat Java array whose class fits it (e.g. {@code byte[]} for UINT8,
     * {@code short[]} for FLOAT16 bits, {@code float[]} with two floats per element for COMPLEX64).
     */
    public static NdArray of(DataType type, Object data, int... shape) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (!fits(data.getClass(), type)) {
            throw invalid("a " + data.getClass().getSimpleName() + " cannot hold " + type.numpyName() + " elements");
        }
        int perElement = type == DataType.COMPLEX64 || type == DataType.COMPLEX128 ? 2 : 1;
        int length = Array.getLength(data);
        long elements = product(shape);
        if (elements * perElement != length) {
            throw invalid(
                    "shape " + Arrays.toString(shape) + " needs " + elements * perElement + " values, given " + length);
        }
        return new NdArray(type, shape.clone(), data);
    }

    private static NdArray checked(DataType type, int[] shape, Object data, int length) {
        long elements = product(shape);
        if (elements != length) {
            throw invalid("shape " + Arrays.toString(shape) + " holds " + elements + " elements, given " + length);
        }
        return new NdArray(type, shape.clone(), data);
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
        return product(shape);
    }

    /** The elements of a FLOAT32 (or COMPLEX64, interleaved) array, not copied. */
    public float[] floats() {
        return as(float[].class);
    }

    /** The elements of a FLOAT64 (or COMPLEX128, interleaved) array, not copied. */
    public double[] doubles() {
        return as(double[].class);
    }

    /** The elements of an INT32/UINT32 array, not copied. */
    public int[] ints() {
        return as(int[].class);
    }

    /** The elements of an INT64/UINT64 array, not copied. */
    public long[] longs() {
        return as(long[].class);
    }

    /** The elements of a 16-bit array, not copied. */
    public short[] shorts() {
        return as(short[].class);
    }

    /** The elements of a one-byte array (INT8, UINT8, INT4, ...), not copied. */
    public byte[] bytes() {
        return as(byte[].class);
    }

    /** The elements of a BOOL array, not copied. */
    public boolean[] booleans() {
        return as(boolean[].class);
    }

    /** The elements of a STRING array, decoded as UTF-8. */
    public String[] strings() {
        byte[][] raw = as(byte[][].class);
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = new String(raw[i], StandardCharsets.UTF_8);
        }
        return out;
    }

    /** The elements of a STRING array as bytes, not copied. */
    public byte[][] byteStrings() {
        return as(byte[][].class);
    }

    /** The flat Java array holding the elements, not copied. */
    public Object data() {
        return data;
    }

    private <T> T as(Class<T> type) {
        if (!type.isInstance(data)) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_ARGUMENT,
                    "this array is " + dataType.numpyName() + " (held in a "
                            + data.getClass().getSimpleName() + "), not readable as " + type.getSimpleName());
        }
        return type.cast(data);
    }

    // ---- conversions for SignatureRunner.run ---------------------------------------------------

    /** The value given for input {@code name} as an array for tensor {@code t} (the interpreter is entered). */
    static NdArray forInput(Object value, Tensor t, String name) {
        if (value == null) {
            throw invalid("input '" + name + "' is null");
        }
        DataType type = t.dataType();
        if (value instanceof NdArray a) {
            if (a.dataType != type && !(fits(a.data.getClass(), type) && compatible(a.dataType, type))) {
                throw invalid("input '" + name + "' is " + type.numpyName() + ", given a " + a.dataType.numpyName()
                        + " array");
            }
            return new NdArray(type, a.shape, a.data);
        }
        if (value instanceof MemorySegment segment) {
            return new NdArray(type, t.shape0(), segment);
        }
        if (value instanceof String[] strings) {
            return flat(t, name, type, ofStrings(strings, strings.length).data, strings.length, String[].class);
        }
        if (value instanceof byte[][] strings && type == DataType.STRING) {
            return flat(t, name, type, strings, strings.length, byte[][].class);
        }
        Class<?> c = value.getClass();
        if (!c.isArray()) {
            throw invalid(
                    "input '" + name + "' takes an NdArray, a Java array or a MemorySegment, given a " + c.getName());
        }
        if (c.getComponentType().isPrimitive()) {
            if (!fits(c, type)) {
                throw invalid("input '" + name + "' is " + type.numpyName() + "; a " + c.getSimpleName()
                        + " does not fit it");
            }
            int perElement = type == DataType.COMPLEX64 || type == DataType.COMPLEX128 ? 2 : 1;
            return flat(t, name, type, value, Array.getLength(value) / perElement, c);
        }
        // Nested arrays: the nesting gives the shape.
        List<Integer> dims = new ArrayList<>();
        Object probe = value;
        while (probe != null
                && probe.getClass().isArray()
                && !probe.getClass().getComponentType().isPrimitive()) {
            dims.add(Array.getLength(probe));
            probe = Array.getLength(probe) > 0 ? Array.get(probe, 0) : null;
        }
        if (probe == null) {
            throw invalid("input '" + name + "' is an empty or null nested array");
        }
        dims.add(Array.getLength(probe));
        Class<?> leaf = probe.getClass();
        if (!fits(leaf, type)) {
            throw invalid("input '" + name + "' is " + type.numpyName() + "; " + leaf.getSimpleName()
                    + " elements do not fit it");
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int total = Math.toIntExact(product(shape));
        Object flat = Array.newInstance(leaf.getComponentType(), total);
        int[] filled = {0};
        flatten(value, shape, 0, flat, filled, name);
        return new NdArray(type, shape, flat);
    }

    private static NdArray flat(Tensor t, String name, DataType type, Object data, int elements, Class<?> given) {
        int[] current = t.shape0();
        if (product(current) == elements) {
            return new NdArray(type, current, data);
        }
        if (current.length <= 1) {
            return new NdArray(type, new int[] {elements}, data);
        }
        throw invalid("input '" + name + "' has shape " + Arrays.toString(current) + " (" + product(current)
                + " elements), given a flat " + given.getSimpleName() + " of " + elements
                + "; to change its shape pass an NdArray or a nested array");
    }

    private static void flatten(Object array, int[] shape, int depth, Object flat, int[] filled, String name) {
        int n = Array.getLength(array);
        if (n != shape[depth]) {
            throw invalid("input '" + name + "' is a ragged nested array: " + n + " elements at depth " + depth
                    + " where the first row has " + shape[depth]);
        }
        if (depth == shape.length - 1) {
            System.arraycopy(array, 0, flat, filled[0], n);
            filled[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            Object row = Array.get(array, i);
            if (row == null) {
                throw invalid("input '" + name + "' has a null row at depth " + depth);
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

    private static boolean fits(Class<?> arrayClass, DataType type) {
        return switch (type) {
            case FLOAT32, COMPLEX64 -> arrayClass == float[].class;
            case FLOAT64, COMPLEX128 -> arrayClass == double[].class;
            case INT32, UINT32 -> arrayClass == int[].class;
            case INT64, UINT64 -> arrayClass == long[].class;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> arrayClass == short[].class;
            case INT8, UINT8, INT4, UINT4, INT2 -> arrayClass == byte[].class;
            case BOOL -> arrayClass == boolean[].class || arrayClass == byte[].class;
            case STRING -> arrayClass == byte[][].class;
            default -> false;
        };
    }

    // An array built with a default type (e.g. INT8 for byte[]) may feed a tensor of a type that shares
    // its Java representation (UINT8).
    private static boolean compatible(DataType given, DataType wanted) {
        return given.byteSize() == wanted.byteSize() && given.isFixedSize();
    }

    private static long product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw invalid("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    private static TfLiteException invalid(String message) {
        return new TfLiteException(TfLiteException.Status.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "NdArray[" + dataType.numpyName() + Arrays.toString(shape) + "]";
    }
}
