package dev.tfliteffm.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An array read from or to be written to a {@code .npy} file.
 *
 * <p>{@code descr} is a normalised numpy descr: {@code <} for multi-byte little-endian types, {@code |} where
 * byte order does not apply ({@code |b1}, {@code |i1}, {@code |u1}, {@code |S<n>}), and {@code <U<n>} for
 * text. The constructor also accepts a descr without a byte-order character ({@code f4}), {@code =} (native,
 * which is little-endian on every platform TFLite runs on), or a canonical dtype name ({@code float32}); it
 * rejects big-endian descrs, since {@code data} must be little-endian.
 *
 * <p>{@code data} holds the elements in C order, little-endian; its length must be
 * {@code product(shape) × itemSize}. The array is neither copied in nor out (tensors can be large);
 * {@code shape} is copied both ways. {@link #equals} compares contents.
 *
 * @param descr the normalised numpy descr, e.g. {@code <f4}
 * @param shape the dimensions; empty for a 0-d (scalar) array
 * @param data  the elements, little-endian, C order
 */
record NpyArray(String descr, long[] shape, byte[] data) {

    /** Largest byte[] the JVM will reliably allocate. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** Normalises {@code descr} and checks that {@code data} has the size the shape needs. */
    NpyArray {
        Objects.requireNonNull(descr, "descr");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        NpyDtype dtype;
        try {
            dtype = NpyDtype.parse(NpyDtype.isName(descr) ? NpyDtype.descrOf(descr) : descr);
        } catch (NpyDtype.Unsupported e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (dtype.bigEndian()) {
            throw new IllegalArgumentException("descr " + descr + " is big-endian; NpyArray data is little-endian");
        }
        descr = dtype.descr();
        shape = shape.clone();
        long count = NpyShape.elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("invalid shape " + NpyShape.toString(shape));
        }
        if (Math.multiplyHigh(count, dtype.size()) != 0 || count * dtype.size() != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " bytes; shape " + NpyShape.toString(shape)
                    + " of " + descr + " needs " + count + " × " + dtype.size());
        }
    }

    /**
     * A {@code |S<n>} array of byte strings, {@code n} being the longest value's length (at least 1, as in
     * numpy). Shorter values are padded with NULs, which reading strips again: a value that itself ends in NUL
     * bytes loses them, as it does in numpy.
     */
    static NpyArray ofByteStrings(long[] shape, List<byte[]> values) {
        long count = NpyShape.elementCount(shape);
        if (count != values.size()) {
            throw new IllegalArgumentException("shape " + NpyShape.toString(shape) + " has " + count + " elements but "
                    + values.size() + " values were given");
        }
        int width = 1;
        for (byte[] value : values) {
            width = Math.max(width, value.length);
        }
        if ((long) width * count > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("string array too large: " + count + " × " + width + " bytes");
        }
        byte[] data = new byte[width * (int) count];
        for (int i = 0; i < values.size(); i++) {
            byte[] value = values.get(i);
            System.arraycopy(value, 0, data, i * width, value.length);
        }
        return new NpyArray("|S" + width, shape, data);
    }

    /** {@link #ofByteStrings} of the values' UTF-8 encodings. */
    static NpyArray ofStrings(long[] shape, List<String> values) {
        List<byte[]> bytes = new ArrayList<>(values.size());
        for (String value : values) {
            bytes.add(value.getBytes(StandardCharsets.UTF_8));
        }
        return ofByteStrings(shape, bytes);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions; 0 for a scalar. */
    int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    long elementCount() {
        return NpyShape.elementCount(shape);
    }

    /** Bytes per element, e.g. 4 for {@code <f4}, 20 for {@code <U5}. */
    int itemSize() {
        return NpyDtype.parse(descr).size();
    }

    /** The canonical dtype name, e.g. {@code float32}; {@code string} for {@code |S} and {@code <U}. */
    String dtypeName() {
        return NpyDtype.nameOf(descr);
    }

    /** Whether this is a {@code |S} or {@code <U} array. */
    boolean isString() {
        return NpyDtype.parse(descr).isString();
    }

    /** A read-only little-endian view of {@link #data()}. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The elements of a string array as bytes, trailing NULs stripped: {@code |S} values as they are,
     * {@code <U} values encoded as UTF-8 (what a TFLite string tensor holds).
     *
     * @throws IllegalStateException when this is not a string array
     */
    List<byte[]> byteStrings() {
        NpyDtype dtype = NpyDtype.parse(descr);
        List<byte[]> out = new ArrayList<>();
        if (dtype.kind() == 'S') {
            for (int offset = 0; offset < data.length; offset += dtype.size()) {
                int end = offset + dtype.size();
                while (end > offset && data[end - 1] == 0) {
                    end--;
                }
                out.add(Arrays.copyOfRange(data, offset, end));
            }
            return out;
        }
        for (String s : strings()) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The elements of a string array as text, trailing NULs stripped: {@code <U} values decoded from UTF-32,
     * {@code |S} values decoded as UTF-8 (malformed bytes become U+FFFD; use {@link #byteStrings()} for the
     * exact bytes). Code points outside Unicode also become U+FFFD.
     *
     * @throws IllegalStateException when this is not a string array
     */
    List<String> strings() {
        NpyDtype dtype = NpyDtype.parse(descr);
        List<String> out = new ArrayList<>();
        if (dtype.kind() == 'S') {
            for (byte[] b : byteStrings()) {
                out.add(new String(b, StandardCharsets.UTF_8));
            }
            return out;
        }
        if (dtype.kind() != 'U') {
            throw new IllegalStateException("not a string array: " + descr);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int chars = dtype.size() / 4;
        for (int offset = 0; offset < data.length; offset += dtype.size()) {
            int n = chars;
            while (n > 0 && buffer.getInt(offset + 4 * (n - 1)) == 0) {
                n--;
            }
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                int cp = buffer.getInt(offset + 4 * i);
                boolean valid = Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF);
                s.appendCodePoint(valid ? cp : 0xFFFD);
            }
            out.add(s.toString());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other
                && descr.equals(other.descr)
                && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descr, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "NpyArray[descr=" + descr + ", shape=" + NpyShape.toString(shape) + ", " + data.length + " bytes]";
    }
}
