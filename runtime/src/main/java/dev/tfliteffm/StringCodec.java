package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * TFLite's string tensor layout, and UTF-8 for {@code String}s: the one place that knows either.
 *
 * <p>A string tensor's buffer holds, in native order, the count {@code N} (int32), {@code N + 1} offsets
 * (int32, from the start of the buffer: string {@code i} is the bytes from offset {@code i} to offset
 * {@code i + 1}), then the bytes of all strings back to back.
 */
final class StringCodec {

    private StringCodec() {}

    /** Bytes that {@link #encode} needs for {@code values}; more than {@link Integer#MAX_VALUE} is refused. */
    static long encodedSize(byte[][] values) {
        long size = 4L * (values.length + 2);
        for (byte[] v : values) {
            size += v.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(values.length + " strings take " + size
                    + " bytes; a TFLite string tensor holds at most " + Integer.MAX_VALUE);
        }
        return size;
    }

    /** Writes {@code values} into {@code dst}, which holds exactly {@link #encodedSize} bytes. */
    static void encode(byte[][] values, MemorySegment dst) {
        int count = values.length;
        dst.set(ValueLayout.JAVA_INT_UNALIGNED, 0, count);
        int offset = 4 * (count + 2);
        for (int i = 0; i < count; i++) {
            dst.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 1), offset);
            MemorySegment.copy(values[i], 0, dst, ValueLayout.JAVA_BYTE, offset, values[i].length);
            offset += values[i].length;
        }
        dst.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * (count + 1), offset);
    }

    /**
     * The strings in {@code src}, a string tensor's buffer ({@code what} names it in errors); an empty
     * buffer holds none.
     *
     * @throws IllegalStateException if the buffer is not in TFLite's layout
     */
    static byte[][] decode(MemorySegment src, String what) {
        if (src.byteSize() < 4) {
            return new byte[0][];
        }
        int count = src.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        if (count < 0 || 4L * (count + 2) > src.byteSize()) {
            throw new IllegalStateException(
                    what + " has a malformed string buffer (count " + count + ", " + src.byteSize() + " bytes)");
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            int start = src.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 1));
            int end = src.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 2));
            if (start < 0 || end < start || end > src.byteSize()) {
                throw new IllegalStateException(what + " has a malformed string offset at element " + i);
            }
            out[i] = src.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
        }
        return out;
    }

    /** Each string encoded as UTF-8. */
    static byte[][] utf8(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("string " + i + " is null");
            }
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Each byte string decoded as UTF-8. */
    static String[] strings(byte[][] values) {
        return strings(values, new String[values.length]);
    }

    /** Each byte string decoded as UTF-8 into {@code out}, which has as many elements; returns {@code out}. */
    static String[] strings(byte[][] values, String[] out) {
        for (int i = 0; i < values.length; i++) {
            out[i] = new String(values[i], StandardCharsets.UTF_8);
        }
        return out;
    }
}
