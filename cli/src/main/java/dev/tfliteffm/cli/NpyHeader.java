package dev.tfliteffm.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: magic, format version (1.0, 2.0 or 3.0), header length, and the Python
 * dict {@code {'descr': ..., 'fortran_order': ..., 'shape': (...), }} that describes the data after it.
 *
 * @param dtype        the element type and byte order
 * @param fortranOrder whether the data is in Fortran order (first index fastest)
 * @param shape        the dimensions
 * @param dataOffset   where the data starts in the file
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, long[] shape, long dataOffset) {

    /** The six bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the start of the data to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** numpy leaves room in the header for the growth axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** A header this large is not a real header; refusing it avoids a huge allocation on a bad file. */
    private static final int MAX_HEADER_BYTES = 1 << 24;

    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

    /**
     * Reads the header from the start of {@code in}, leaving it at the data. {@code source} names the input in
     * messages; {@code totalSize} is the input's size when known, -1 otherwise.
     */
    static NpyHeader read(InputStream in, String source, long totalSize) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < MAGIC.length || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw NpyFormatException.of(
                    source,
                    "not a .npy file (bad magic: expected \\x93NUMPY, found "
                            + printable(prefix, Math.min(prefix.length, MAGIC.length)) + ")");
        }
        if (prefix.length < 8) {
            throw NpyFormatException.of(source, "truncated header: the file ends inside the version bytes");
        }
        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        if (!(minor == 0 && (major == 1 || major == 2 || major == 3))) {
            throw NpyFormatException.of(
                    source, "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw NpyFormatException.of(source, "truncated header: the file ends inside the header length");
        }
        long headerLength = major == 1
                ? (lengthField[0] & 0xFF) | (lengthField[1] & 0xFF) << 8
                : ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        long dataOffset = 8 + lengthBytes + headerLength;
        if (totalSize >= 0 && dataOffset > totalSize) {
            throw NpyFormatException.of(
                    source,
                    "truncated header: header length is " + headerLength
                            + " bytes but the file has only " + (totalSize - 8 - lengthBytes)
                            + " bytes after the header length");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw NpyFormatException.of(
                    source, "invalid header: header length " + headerLength + " bytes is implausibly large");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw NpyFormatException.of(
                    source,
                    "truncated header: header length is " + headerLength + " bytes but only " + headerBytes.length
                            + " follow");
        }
        // 1.0 and 2.0 headers are latin-1; 3.0 allows UTF-8 (for structured field names).
        String dict = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseDict(dict, source, dataOffset);
    }

    private static NpyHeader parseDict(String header, String source, long dataOffset) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(header);
        } catch (IllegalArgumentException e) {
            throw NpyFormatException.of(source, "invalid header: " + e.getMessage() + " in " + quote(header));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw NpyFormatException.of(source, "invalid header: not a dict: " + quote(header));
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw NpyFormatException.of(source, "invalid header: no '" + key + "' key in " + quote(header));
            }
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw NpyFormatException.of(
                        source, "invalid header: unexpected key " + PyLiteral.repr(key) + " in " + quote(header));
            }
        }
        Object descr = dict.get("descr");
        NpyDtype dtype;
        if (descr instanceof String s) {
            try {
                dtype = NpyDtype.parse(s);
            } catch (NpyDtype.Unsupported e) {
                throw NpyFormatException.of(source, e.getMessage());
            }
        } else if (descr instanceof List<?> || descr instanceof PyLiteral.Tuple) {
            throw NpyFormatException.of(
                    source, "unsupported dtype " + PyLiteral.repr(descr) + ": structured dtypes are not supported");
        } else {
            throw NpyFormatException.of(source, "invalid header: descr is not a string: " + PyLiteral.repr(descr));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw NpyFormatException.of(
                    source,
                    "invalid header: fortran_order is not True or False: " + PyLiteral.repr(dict.get("fortran_order")));
        }
        Object shapeValue = dict.get("shape");
        List<?> dims = shapeValue instanceof PyLiteral.Tuple t ? t.items() : shapeValue instanceof List<?> l ? l : null;
        if (dims == null) {
            throw NpyFormatException.of(source, "invalid header: shape is not a tuple: " + PyLiteral.repr(shapeValue));
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof BigInteger d) || d.signum() < 0 || d.bitLength() > 63) {
                throw NpyFormatException.of(
                        source,
                        "invalid header: shape " + PyLiteral.repr(shapeValue)
                                + " is not a tuple of non-negative integers");
            }
            shape[i] = d.longValue();
        }
        return new NpyHeader(dtype, fortran, shape, dataOffset);
    }

    /** Magic, version, header length and the padded header dict of {@code array}, byte for byte as numpy writes. */
    static byte[] write(NpyArray array) {
        long[] shape = array.shape();
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '")
                .append(array.descr())
                .append("', 'fortran_order': False, 'shape': ")
                .append(NpyShape.toString(shape))
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

    private static String quote(String header) {
        String h = header.strip();
        return '"' + (h.length() > 200 ? h.substring(0, 200) + "..." : h) + '"';
    }

    private static String printable(byte[] bytes, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            s.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return length == 0 ? "an empty file" : s.toString();
    }
}
