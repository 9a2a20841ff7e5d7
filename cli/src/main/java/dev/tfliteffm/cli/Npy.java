package dev.tfliteffm.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Reads and writes NumPy {@code .npy} files, with no dependency beyond the JDK.
 *
 * <p><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0 and these dtypes: {@code bool}, the signed
 * and unsigned integers of 1, 2, 4 and 8 bytes, {@code float16}, {@code float32}, {@code float64},
 * {@code complex64}, {@code complex128}, and the string dtypes {@code |S<n>} (bytes) and {@code <U<n>}
 * (UTF-32 text). What is read is always normalised to one form: little-endian data in C order, with the
 * descr written with {@code <} (or {@code |} when byte order does not apply). So
 * <ul>
 *   <li>big-endian files ({@code >f4}, {@code >U5}, ...) are byte-swapped on read;</li>
 *   <li>{@code fortran_order: True} files are <em>transposed to C order</em> on read, so that
 *       {@link NpyArray#data()} always means the same layout for the same shape (the values at each
 *       index are unchanged; only their order in memory differs);</li>
 *   <li>object ({@code |O}), structured, datetime and other dtypes fail with an
 *       {@link NpyFormatException} that names the file and the dtype.</li>
 * </ul>
 * The whole of the data must match {@code shape × itemsize} exactly: a shorter file is "truncated", a
 * longer one is an error too, since trailing bytes mean that the header and the data disagree.
 *
 * <p><b>Writing</b> produces exactly the bytes that {@code numpy.save} produces for the same C-order,
 * little-endian array: version 1.0, or 2.0 when the header does not fit 1.0's 16-bit header length; the
 * header dict {@code {'descr': ..., 'fortran_order': False, 'shape': (...), }} padded with spaces to a
 * multiple of 64 bytes and ended by a newline.
 *
 * <p>{@link #dtypeName(String)} and {@link #descrOf(String)} map between numpy descrs and the canonical
 * dtype names the CLI prints ({@code float32}, {@code int8}, ... , and {@code string} for both string
 * dtypes).
 */
public final class Npy {

    /** The six bytes every {@code .npy} file starts with. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the start of the data to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** numpy leaves room in the header for the growth axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Largest byte[] the JVM will reliably allocate. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    /** A header this large is not a real header; refusing it avoids a huge allocation on a bad file. */
    private static final int MAX_HEADER_BYTES = 1 << 24;

    private static final String[][] NAMES = {
        {"bool", "|b1"},
        {"int8", "|i1"},
        {"uint8", "|u1"},
        {"int16", "<i2"},
        {"uint16", "<u2"},
        {"int32", "<i4"},
        {"uint32", "<u4"},
        {"int64", "<i8"},
        {"uint64", "<u8"},
        {"float16", "<f2"},
        {"float32", "<f4"},
        {"float64", "<f8"},
        {"complex64", "<c8"},
        {"complex128", "<c16"},
    };

    private Npy() {}

    /**
     * An array read from or to be written to a {@code .npy} file.
     *
     * <p>{@code descr} is a normalised numpy descr: {@code <} for multi-byte little-endian types,
     * {@code |} where byte order does not apply ({@code |b1}, {@code |i1}, {@code |u1}, {@code |S<n>}),
     * and {@code <U<n>} for text. The constructor also accepts a descr without a byte-order character
     * ({@code f4}), {@code =} (native, which is little-endian on every platform TFLite runs on), or a
     * canonical dtype name ({@code float32}); it rejects big-endian descrs, since {@code data} must be
     * little-endian.
     *
     * <p>{@code data} holds the elements in C order, little-endian; its length must be
     * {@code product(shape) × itemSize}. The array is neither copied in nor out (tensors can be large);
     * {@code shape} is copied both ways. {@link #equals} compares contents.
     *
     * @param descr the normalised numpy descr, e.g. {@code <f4}
     * @param shape the dimensions; empty for a 0-d (scalar) array
     * @param data  the elements, little-endian, C order
     */
    public record NpyArray(String descr, long[] shape, byte[] data) {

        /** Normalises {@code descr} and checks that {@code data} has the size the shape needs. */
        public NpyArray {
            Objects.requireNonNull(descr, "descr");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            Dtype dtype;
            try {
                dtype = Dtype.parse(isName(descr) ? descrOf(descr) : descr);
            } catch (UnsupportedDtype e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (dtype.bigEndian) {
                throw new IllegalArgumentException("descr " + descr + " is big-endian; NpyArray data is little-endian");
            }
            descr = dtype.descr();
            shape = shape.clone();
            long count = Npy.elementCount(shape);
            if (count < 0) {
                throw new IllegalArgumentException("invalid shape " + shapeString(shape));
            }
            if (Math.multiplyHigh(count, dtype.size) != 0 || count * dtype.size != data.length) {
                throw new IllegalArgumentException("data has " + data.length + " bytes; shape " + shapeString(shape)
                        + " of " + descr + " needs " + count + " × " + dtype.size);
            }
        }

        /**
         * A {@code |S<n>} array of byte strings, {@code n} being the longest value's length (at least 1,
         * as in numpy). Shorter values are padded with NULs, which reading strips again: a value that
         * itself ends in NUL bytes loses them, as it does in numpy.
         */
        public static NpyArray ofByteStrings(long[] shape, List<byte[]> values) {
            long count = Npy.elementCount(shape);
            if (count != values.size()) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has " + count + " elements but "
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
        public static NpyArray ofStrings(long[] shape, List<String> values) {
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
        public int rank() {
            return shape.length;
        }

        /** The number of elements: the product of the shape (1 for a scalar). */
        public long elementCount() {
            return Npy.elementCount(shape);
        }

        /** Bytes per element, e.g. 4 for {@code <f4}, 20 for {@code <U5}. */
        public int itemSize() {
            return Dtype.parse(descr).size;
        }

        /** The canonical dtype name, e.g. {@code float32}; {@code string} for {@code |S} and {@code <U}. */
        public String dtypeName() {
            return Npy.dtypeName(descr);
        }

        /** Whether this is a {@code |S} or {@code <U} array. */
        public boolean isString() {
            char kind = Dtype.parse(descr).kind;
            return kind == 'S' || kind == 'U';
        }

        /** A read-only little-endian view of {@link #data()}. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /**
         * The elements of a string array as bytes, trailing NULs stripped: {@code |S} values as they
         * are, {@code <U} values encoded as UTF-8 (what a TFLite string tensor holds).
         *
         * @throws IllegalStateException when this is not a string array
         */
        public List<byte[]> byteStrings() {
            Dtype dtype = Dtype.parse(descr);
            if (dtype.kind == 'S') {
                List<byte[]> out = new ArrayList<>();
                for (int offset = 0; offset < data.length; offset += dtype.size) {
                    int end = offset + dtype.size;
                    while (end > offset && data[end - 1] == 0) {
                        end--;
                    }
                    out.add(Arrays.copyOfRange(data, offset, end));
                }
                return out;
            }
            List<byte[]> out = new ArrayList<>();
            for (String s : strings()) {
                out.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return out;
        }

        /**
         * The elements of a string array as text, trailing NULs stripped: {@code <U} values decoded from
         * UTF-32, {@code |S} values decoded as UTF-8 (malformed bytes become U+FFFD; use
         * {@link #byteStrings()} for the exact bytes). Code points outside Unicode also become U+FFFD.
         *
         * @throws IllegalStateException when this is not a string array
         */
        public List<String> strings() {
            Dtype dtype = Dtype.parse(descr);
            List<String> out = new ArrayList<>();
            if (dtype.kind == 'S') {
                for (byte[] b : byteStrings()) {
                    out.add(new String(b, StandardCharsets.UTF_8));
                }
                return out;
            }
            if (dtype.kind != 'U') {
                throw new IllegalStateException("not a string array: " + descr);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int chars = dtype.size / 4;
            for (int offset = 0; offset < data.length; offset += dtype.size) {
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
            return "NpyArray[descr=" + descr + ", shape=" + shapeString(shape) + ", " + data.length + " bytes]";
        }
    }

    /**
     * A {@code .npy} file that cannot be read: its message names the file (or the source name given) and
     * what is wrong with it.
     */
    public static final class NpyFormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with a complete message. */
        public NpyFormatException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** Reads the {@code .npy} file at {@code file}. */
    public static NpyArray read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), size);
        }
    }

    /**
     * Reads a {@code .npy} file from {@code in}, which is read to its end: bytes after the data are an
     * error. {@code source} names the input in error messages, e.g. {@code "<stdin>"}.
     */
    public static NpyArray read(InputStream in, String source) throws IOException {
        return read(in, source, -1);
    }

    /** Reads a {@code .npy} file held in {@code bytes}; {@code source} names it in error messages. */
    public static NpyArray read(byte[] bytes, String source) {
        try {
            return read(new ByteArrayInputStream(bytes), source, bytes.length);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayInputStream does not throw", e);
        }
    }

    /** {@code totalSize} is the input's size when known (file, byte[]), -1 otherwise. */
    private static NpyArray read(InputStream in, String source, long totalSize) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < MAGIC.length || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw fail(
                    source,
                    "not a .npy file (bad magic: expected \\x93NUMPY, found "
                            + printable(prefix, Math.min(prefix.length, MAGIC.length)) + ")");
        }
        if (prefix.length < 8) {
            throw fail(source, "truncated header: the file ends inside the version bytes");
        }
        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        if (!(minor == 0 && (major == 1 || major == 2 || major == 3))) {
            throw fail(
                    source, "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw fail(source, "truncated header: the file ends inside the header length");
        }
        long headerLength = major == 1
                ? (lengthField[0] & 0xFF) | (lengthField[1] & 0xFF) << 8
                : ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        long dataOffset = 8 + lengthBytes + headerLength;
        if (totalSize >= 0 && dataOffset > totalSize) {
            throw fail(
                    source,
                    "truncated header: header length is " + headerLength + " bytes but the file has only "
                            + (totalSize - 8 - lengthBytes) + " bytes after the header length");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw fail(source, "invalid header: header length " + headerLength + " bytes is implausibly large");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw fail(
                    source,
                    "truncated header: header length is " + headerLength + " bytes but only " + headerBytes.length
                            + " follow");
        }
        // 1.0 and 2.0 headers are latin-1; 3.0 allows UTF-8 (for structured field names).
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, source);

        long count = elementCount(h.shape);
        if (count < 0 || Math.multiplyHigh(count, h.dtype.size) != 0 || count * h.dtype.size > MAX_ARRAY_BYTES) {
            throw fail(
                    source,
                    "array too large to hold in memory: shape " + shapeString(h.shape) + " of " + h.dtype.original);
        }
        int dataSize = (int) (count * h.dtype.size);
        String needs = "shape " + shapeString(h.shape) + " × itemsize " + h.dtype.size + " (" + h.dtype.original
                + ") = " + dataSize + " bytes";
        byte[] data;
        if (totalSize >= 0) {
            long actual = totalSize - dataOffset;
            if (actual != dataSize) {
                throw sizeMismatch(source, needs, actual, dataSize);
            }
            data = new byte[dataSize];
            int n = in.readNBytes(data, 0, dataSize);
            if (n != dataSize) {
                throw new EOFException(source + ": changed while being read");
            }
        } else {
            // Unknown size (a stream): read in chunks, so that a lying header cannot force a huge allocation.
            data = in.readNBytes(dataSize);
            if (data.length < dataSize) {
                throw sizeMismatch(source, needs, data.length, dataSize);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw sizeMismatch(source, needs, dataSize + extra, dataSize);
            }
        }
        if (h.dtype.bigEndian) {
            swapBytes(data, h.dtype.swapUnit());
        }
        if (h.fortranOrder) {
            data = fortranToC(data, h.shape, h.dtype.size);
        }
        return new NpyArray(h.dtype.descr(), h.shape, data);
    }

    private static NpyFormatException sizeMismatch(String source, String needs, long actual, long expected) {
        if (actual < expected) {
            return fail(source, "truncated data: " + needs + ", but the file has " + actual + " data bytes");
        }
        return fail(
                source,
                "data size " + actual + " bytes does not match " + needs + " (" + (actual - expected)
                        + " extra bytes)");
    }

    private static NpyFormatException fail(String source, String problem) {
        return new NpyFormatException(source + ": " + problem);
    }

    private static String printable(byte[] bytes, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            s.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return length == 0 ? "an empty file" : s.toString();
    }

    /** Reverses every {@code unit}-byte group in place. */
    private static void swapBytes(byte[] data, int unit) {
        if (unit <= 1) {
            return;
        }
        for (int i = 0; i + unit <= data.length; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    /** Reorders Fortran-order (first index fastest) elements into C order (last index fastest). */
    private static byte[] fortranToC(byte[] src, long[] shape, int itemSize) {
        int rank = shape.length;
        long count = elementCount(shape);
        if (rank <= 1 || count <= 1) {
            return src; // the two orders coincide
        }
        long[] fStride = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = stride;
            stride *= shape[k];
        }
        byte[] dst = new byte[src.length];
        long[] index = new long[rank];
        long fOffset = 0;
        for (long c = 0; c < count; c++) {
            System.arraycopy(src, (int) (fOffset * itemSize), dst, (int) (c * itemSize), itemSize);
            // Advance the C-order index (last axis fastest), keeping the Fortran offset in step.
            for (int k = rank - 1; k >= 0; k--) {
                index[k]++;
                fOffset += fStride[k];
                if (index[k] < shape[k]) {
                    break;
                }
                fOffset -= shape[k] * fStride[k];
                index[k] = 0;
            }
        }
        return dst;
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /** Writes {@code array} to {@code file} (replacing it) as {@code numpy.save} would. */
    public static void write(Path file, NpyArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, array);
        }
    }

    /** Writes {@code array} to {@code out}, which is not closed. */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array));
        out.write(array.data());
    }

    /** The {@code .npy} file for {@code array}, as bytes. */
    public static byte[] toBytes(NpyArray array) {
        byte[] header = header(array);
        byte[] bytes = Arrays.copyOf(header, header.length + array.data().length);
        System.arraycopy(array.data(), 0, bytes, header.length, array.data().length);
        return bytes;
    }

    /** Magic, version, header length and the padded header dict, byte for byte as numpy writes them. */
    private static byte[] header(NpyArray array) {
        long[] shape = array.shape();
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '")
                .append(array.descr())
                .append("', 'fortran_order': False, 'shape': ")
                .append(shapeString(shape))
                .append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        // As numpy: version 1.0 unless the padded header overflows its 16-bit length field.
        int major = 1;
        int prefix = 10;
        int withNewline = text.length + 1;
        int pad = ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN; // numpy pads 64 when already aligned
        if (withNewline + pad > 0xFFFF) {
            major = 2;
            prefix = 12;
            pad = ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN;
        }
        int headerLength = withNewline + pad;
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + headerLength);
        out.writeBytes(MAGIC);
        out.write(major);
        out.write(0);
        out.write(headerLength & 0xFF);
        out.write(headerLength >>> 8 & 0xFF);
        if (major == 2) {
            out.write(headerLength >>> 16 & 0xFF);
            out.write(headerLength >>> 24 & 0xFF);
        }
        out.writeBytes(text);
        for (int i = 0; i < pad; i++) {
            out.write(' ');
        }
        out.write('\n');
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // dtypes

    /**
     * The canonical name of a numpy descr: {@code <f4} → {@code float32}, {@code |b1} → {@code bool},
     * {@code >i8} → {@code int64} (byte order does not change the name), {@code |S10} and {@code <U5} →
     * {@code string}. Also accepts descrs without a byte-order character ({@code f4}).
     *
     * @throws IllegalArgumentException for a descr this class does not support, naming it
     */
    public static String dtypeName(String descr) {
        Dtype dtype;
        try {
            dtype = Dtype.parse(descr);
        } catch (UnsupportedDtype e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return dtype.name();
    }

    /**
     * The normalised little-endian descr of a canonical dtype name: {@code float32} → {@code <f4},
     * {@code bool} → {@code |b1}. A descr is accepted too and normalised ({@code >f4} → {@code <f4}).
     *
     * @throws IllegalArgumentException for an unknown name, and for {@code string}, whose descr depends on
     *                                  the values' width (use {@link NpyArray#ofStrings})
     */
    public static String descrOf(String dtypeName) {
        for (String[] pair : NAMES) {
            if (pair[0].equals(dtypeName)) {
                return pair[1];
            }
        }
        if ("string".equals(dtypeName)) {
            throw new IllegalArgumentException("dtype string has no fixed descr: its width depends on the values");
        }
        if (!isName(dtypeName)) {
            try {
                return Dtype.parse(dtypeName).descr();
            } catch (UnsupportedDtype e) {
                // fall through to the message listing the names
            }
        }
        StringJoiner names = new StringJoiner(", ");
        for (String[] pair : NAMES) {
            names.add(pair[0]);
        }
        throw new IllegalArgumentException("unknown dtype '" + dtypeName + "' (known: " + names + ")");
    }

    /** Whether {@code s} looks like a dtype name (letters then digits) rather than a descr. */
    private static boolean isName(String s) {
        return s.length() > 2 && Character.isLetter(s.charAt(0)) && Character.isLetter(s.charAt(1));
    }

    /** An unsupported or malformed descr; the message names it. */
    private static final class UnsupportedDtype extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedDtype(String message) {
            super(message, null, false, false);
        }
    }

    /** A parsed descr: kind character ({@code b i u f c S U}), item size in bytes, byte order. */
    private record Dtype(String original, char kind, int size, boolean bigEndian) {

        static Dtype parse(String descr) {
            if (descr.isEmpty()) {
                throw new UnsupportedDtype("empty dtype descr");
            }
            char order = descr.charAt(0);
            String rest = "<>|=".indexOf(order) >= 0 ? descr.substring(1) : descr;
            // '=' and no order character mean native order; every platform TFLite supports is little-endian.
            boolean big = order == '>' || order == '=' && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
            if (rest.isEmpty()) {
                throw new UnsupportedDtype("malformed dtype descr '" + descr + "'");
            }
            char kind = rest.charAt(0);
            String digits = rest.substring(1);
            switch (kind) {
                case 'O' ->
                    throw new UnsupportedDtype(
                            "unsupported dtype '" + descr + "': object arrays (pickled Python objects) cannot be read");
                case 'V' ->
                    throw new UnsupportedDtype(
                            "unsupported dtype '" + descr + "': void/structured dtypes are not supported");
                case 'M', 'm' ->
                    throw new UnsupportedDtype(
                            "unsupported dtype '" + descr + "': datetime/timedelta dtypes are not supported");
                default -> {}
            }
            if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new UnsupportedDtype("unsupported dtype '" + descr + "'");
            }
            int n = Integer.parseInt(digits);
            boolean ok = switch (kind) {
                case 'b' -> n == 1;
                case 'i', 'u' -> n == 1 || n == 2 || n == 4 || n == 8;
                case 'f' -> n == 2 || n == 4 || n == 8;
                case 'c' -> n == 8 || n == 16;
                case 'S', 'a' -> n >= 1;
                case 'U' -> n >= 1 && n <= Integer.MAX_VALUE / 4;
                default -> false;
            };
            if (!ok) {
                String why = switch (kind) {
                    case 'f' -> " (supported floats: f2, f4, f8)";
                    case 'c' -> " (supported complex: c8, c16)";
                    case 'S', 'U' -> " (zero-width strings)";
                    default -> "";
                };
                throw new UnsupportedDtype("unsupported dtype '" + descr + "'" + why);
            }
            if (kind == 'a') {
                kind = 'S'; // the old name of |S
            }
            int size = kind == 'U' ? 4 * n : n;
            return new Dtype(descr, kind, size, big && swapUnit(kind, size) > 1);
        }

        private static int swapUnit(char kind, int size) {
            return switch (kind) {
                case 'b', 'S' -> 1;
                case 'U' -> 4;
                case 'c' -> size / 2; // real and imaginary parts are swapped separately
                default -> size;
            };
        }

        int swapUnit() {
            return swapUnit(kind, size);
        }

        String descr() {
            int n = kind == 'U' ? size / 4 : size;
            return (swapUnit() > 1 ? "<" : "|") + kind + n;
        }

        String name() {
            return switch (kind) {
                case 'b' -> "bool";
                case 'i' -> "int" + 8 * size;
                case 'u' -> "uint" + 8 * size;
                case 'f' -> "float" + 8 * size;
                case 'c' -> "complex" + 8 * size;
                default -> "string";
            };
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Header

    private record Header(Dtype dtype, boolean fortranOrder, long[] shape) {}

    /** A Python tuple, told apart from a list so that "shape" can be checked as numpy checks it. */
    private record Tuple(List<Object> items) {}

    private static Header parseHeader(String header, String source) {
        Object parsed;
        try {
            PyLiteral p = new PyLiteral(header);
            parsed = p.value(0);
            p.skipSpace();
            if (p.pos < header.length()) {
                throw p.error("unexpected text after the dict");
            }
        } catch (IllegalArgumentException e) {
            throw fail(source, "invalid header: " + e.getMessage() + " in " + quoteHeader(header));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw fail(source, "invalid header: not a dict: " + quoteHeader(header));
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw fail(source, "invalid header: no '" + key + "' key in " + quoteHeader(header));
            }
        }
        if (dict.size() != 3) {
            for (Object key : dict.keySet()) {
                if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                    throw fail(source, "invalid header: unexpected key " + pyRepr(key) + " in " + quoteHeader(header));
                }
            }
        }
        Object descr = dict.get("descr");
        Dtype dtype;
        if (descr instanceof String s) {
            try {
                dtype = Dtype.parse(s);
            } catch (UnsupportedDtype e) {
                throw fail(source, e.getMessage());
            }
        } else if (descr instanceof List<?> || descr instanceof Tuple) {
            throw fail(source, "unsupported dtype " + pyRepr(descr) + ": structured dtypes are not supported");
        } else {
            throw fail(source, "invalid header: descr is not a string: " + pyRepr(descr));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw fail(
                    source, "invalid header: fortran_order is not True or False: " + pyRepr(dict.get("fortran_order")));
        }
        Object shapeValue = dict.get("shape");
        List<?> dims = shapeValue instanceof Tuple t ? t.items() : shapeValue instanceof List<?> l ? l : null;
        if (dims == null) {
            throw fail(source, "invalid header: shape is not a tuple: " + pyRepr(shapeValue));
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof BigInteger d) || d.signum() < 0 || d.bitLength() > 63) {
                throw fail(
                        source,
                        "invalid header: shape " + pyRepr(shapeValue) + " is not a tuple of non-negative integers");
            }
            shape[i] = d.longValue();
        }
        return new Header(dtype, fortran, shape);
    }

    private static String quoteHeader(String header) {
        String h = header.strip();
        return '"' + (h.length() > 200 ? h.substring(0, 200) + "..." : h) + '"';
    }

    private static String pyRepr(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value == null) {
            return "None";
        }
        if (value instanceof Tuple t) {
            StringJoiner j = new StringJoiner(", ", "(", t.items().size() == 1 ? ",)" : ")");
            t.items().forEach(v -> j.add(pyRepr(v)));
            return j.toString();
        }
        if (value instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            l.forEach(v -> j.add(pyRepr(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }

    /**
     * Parses the Python literals a header can hold: dicts, tuples, lists, strings (either quote, with an
     * optional u/b prefix), integers (with Python 2's optional L suffix), True, False and None. Errors
     * are IllegalArgumentExceptions that give the offset.
     */
    private static final class PyLiteral {
        private static final int MAX_DEPTH = 64;
        private final String s;
        private int pos;

        PyLiteral(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " at offset " + pos);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting too deep");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{' -> {
                    pos++;
                    Map<Object, Object> map = new LinkedHashMap<>();
                    while (true) {
                        skipSpace();
                        if (peek('}')) {
                            return map;
                        }
                        Object key = value(depth + 1);
                        skipSpace();
                        expect(':');
                        Object val = value(depth + 1);
                        if (map.containsKey(key)) {
                            throw error("duplicate key " + pyRepr(key));
                        }
                        map.put(key, val);
                        if (!separator('}')) {
                            return map;
                        }
                    }
                }
                case '(', '[' -> {
                    char close = c == '(' ? ')' : ']';
                    pos++;
                    List<Object> items = new ArrayList<>();
                    boolean comma = false;
                    while (true) {
                        skipSpace();
                        if (peek(close)) {
                            break;
                        }
                        items.add(value(depth + 1));
                        comma = separator(close);
                        if (!comma) {
                            break;
                        }
                    }
                    if (c == '[') {
                        return items;
                    }
                    // (x) is just x in Python; a tuple of one needs the comma.
                    return items.size() == 1 && !comma ? items.getFirst() : new Tuple(items);
                }
                case '\'', '"' -> {
                    return string();
                }
                default -> {
                    if ((c == 'u' || c == 'b' || c == 'U' || c == 'B')
                            && pos + 1 < s.length()
                            && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
                        pos++;
                        return string();
                    }
                    if (c == '-' || c == '+' || c >= '0' && c <= '9') {
                        return integer();
                    }
                    if (Character.isLetter(c) || c == '_') {
                        int start = pos;
                        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                            pos++;
                        }
                        String word = s.substring(start, pos);
                        return switch (word) {
                            case "True" -> Boolean.TRUE;
                            case "False" -> Boolean.FALSE;
                            case "None" -> null;
                            default -> {
                                pos = start;
                                throw error("unexpected name '" + word + "'");
                            }
                        };
                    }
                    throw error("unexpected character '" + c + "'");
                }
            }
        }

        /** After an item: consumes ',' (true: more may follow) or the closing character (false). */
        private boolean separator(char close) {
            skipSpace();
            if (peek(',')) {
                return true;
            }
            if (peek(close)) {
                return false;
            }
            throw error(
                    pos >= s.length()
                            ? "unexpected end, expected ',' or '" + close + "'"
                            : "expected ',' or '" + close + "', found '" + s.charAt(pos) + "'");
        }

        private boolean peek(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private BigInteger integer() {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw error("expected a digit");
            }
            BigInteger value = new BigInteger(s.substring(start, pos));
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++; // Python 2 long, as old numpy wrote shapes: (3L, 4L)
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only integers are expected here");
            }
            return value;
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\n') {
                    throw error("unterminated string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '\\', '\'', '"' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'x' -> out.append((char) hex(2));
                    case 'u' -> out.append((char) hex(4));
                    default -> {
                        pos--;
                        throw error("unsupported escape '\\" + e + "'");
                    }
                }
            }
        }

        private int hex(int digits) {
            if (pos + digits > s.length()) {
                throw error("truncated escape");
            }
            try {
                int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
                pos += digits;
                return v;
            } catch (NumberFormatException e) {
                throw error("bad hex escape");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shapes

    /** The product of {@code shape}; -1 when a dimension is negative or the product overflows a long. */
    static long elementCount(long[] shape) {
        boolean zero = false;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            zero |= d == 0;
        }
        if (zero) {
            return 0; // even when the other dimensions' product would overflow
        }
        long count = 1;
        for (long d : shape) {
            if (Math.multiplyHigh(count, d) != 0 || count * d < 0) {
                return -1;
            }
            count *= d;
        }
        return count;
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (1, 28, 28)}. */
    static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (long d : shape) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }
}
