package dev.tfliteffm.modelwriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TFLite's string-tensor layout: a little-endian int32 count {@code N}, then {@code N + 1} int32 offsets
 * measured from the start of the buffer (string {@code i} spans {@code offset[i]..offset[i+1]}), then the
 * bytes of the strings. Constant string tensors store this in their buffer, and string inputs and outputs of
 * an interpreter hold it as their data.
 */
public final class StringTensors {

    private StringTensors() {}

    /** The string buffer holding these strings as UTF-8. */
    public static byte[] encode(String... strings) {
        return encode(List.of(strings));
    }

    /** The string buffer holding these strings as UTF-8. */
    public static byte[] encode(List<String> strings) {
        List<byte[]> utf8 = new ArrayList<>(strings.size());
        for (String s : strings) {
            utf8.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return encodeBytes(utf8);
    }

    /** The string buffer holding these byte strings as they are. */
    public static byte[] encodeBytes(List<byte[]> strings) {
        int header = 4 * (strings.size() + 2);
        int total = header;
        for (byte[] s : strings) {
            total += s.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(strings.size());
        int offset = header;
        for (byte[] s : strings) {
            out.putInt(offset);
            offset += s.length;
        }
        out.putInt(offset);
        for (byte[] s : strings) {
            out.put(s);
        }
        return out.array();
    }

    /**
     * The strings in a string buffer, decoded as UTF-8.
     *
     * @throws IllegalArgumentException when the buffer is not in the layout described above
     */
    public static List<String> decode(byte[] buffer) {
        List<String> strings = new ArrayList<>();
        for (byte[] s : decodeBytes(buffer)) {
            strings.add(new String(s, StandardCharsets.UTF_8));
        }
        return strings;
    }

    /**
     * The byte strings in a string buffer.
     *
     * @throws IllegalArgumentException when the buffer is not in the layout described above
     */
    public static List<byte[]> decodeBytes(byte[] buffer) {
        String problem = layoutProblem(buffer);
        if (problem != null) {
            throw new IllegalArgumentException("Not a TFLite string buffer: " + problem);
        }
        ByteBuffer in = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt(0);
        List<byte[]> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = in.getInt(4 * (i + 1));
            int end = in.getInt(4 * (i + 2));
            byte[] s = new byte[end - start];
            System.arraycopy(buffer, start, s, 0, s.length);
            strings.add(s);
        }
        return strings;
    }

    /** The number of strings in a valid string buffer. */
    public static int count(byte[] buffer) {
        return decodeBytes(buffer).size();
    }

    /** Why these bytes are not a string buffer, or null when they are one. */
    static String layoutProblem(byte[] buffer) {
        if (buffer.length < 8) {
            return "it has " + buffer.length + " bytes, fewer than the 8 of an empty one (count and one offset)";
        }
        ByteBuffer in = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt(0);
        long header = 4L * ((long) count + 2);
        if (count < 0 || header > buffer.length) {
            return "its count " + count + " needs a " + header + "-byte header but the buffer has " + buffer.length
                    + " bytes";
        }
        int previous = (int) header;
        for (int i = 0; i <= count; i++) {
            int offset = in.getInt(4 * (i + 1));
            if (offset < previous || offset > buffer.length) {
                return "offset " + i + " is " + offset + ", expected " + previous + ".." + buffer.length;
            }
            previous = offset;
        }
        if (previous != buffer.length) {
            return "its last offset is " + previous + " but the buffer has " + buffer.length + " bytes";
        }
        return null;
    }
}
