package dev.tfliteffm.flex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a FlexBuffer whose root is an untyped vector of strings, the layout of Flex custom options. A reader
 * of its own because flatbuffers-java 1.12.0 (the version the model writer's generated schema classes need)
 * reads a one-byte string size as signed, so it fails on strings of 128 to 255 bytes, which NodeDefs often are.
 */
final class FlexStrings {

    private FlexStrings() {}

    // FlexBuffer type codes (flexbuffers.h): a packed type byte is (type << 2) | log2(byte width).
    private static final int FBT_STRING = 5;
    private static final int FBT_VECTOR = 10;

    /**
     * The strings of the root vector, as bytes.
     *
     * @throws IllegalArgumentException if {@code b} is not such a FlexBuffer, or points outside itself
     */
    static List<byte[]> read(byte[] b) {
        int n = b.length;
        if (n < 3) {
            throw new IllegalArgumentException("a FlexBuffer has at least 3 bytes; got " + n);
        }
        int rootWidth = width(b[n - 1] & 0xff, "root");
        int rootType = b[n - 2] & 0xff;
        if (rootType >>> 2 != FBT_VECTOR) {
            throw new IllegalArgumentException(
                    "the FlexBuffer's root is of type " + (rootType >>> 2) + ", not a vector (" + FBT_VECTOR + ")");
        }
        long rootAt = n - 2L - rootWidth;
        long vector = rootAt - readUInt(b, rootAt, rootWidth);
        int elementWidth = 1 << (rootType & 3);
        long size = readUInt(b, vector - elementWidth, elementWidth);
        check(b, vector, size * elementWidth + size);
        List<byte[]> strings = new ArrayList<>((int) Math.min(size, 16));
        for (long i = 0; i < size; i++) {
            int type = b[(int) (vector + size * elementWidth + i)] & 0xff;
            if (type >>> 2 != FBT_STRING) {
                throw new IllegalArgumentException("element " + i + " of the FlexBuffer vector is of type "
                        + (type >>> 2) + ", not a string (" + FBT_STRING + ")");
            }
            long at = vector + i * elementWidth;
            long string = at - readUInt(b, at, elementWidth);
            int sizeWidth = 1 << (type & 3);
            long length = readUInt(b, string - sizeWidth, sizeWidth);
            check(b, string, length);
            strings.add(Arrays.copyOfRange(b, (int) string, (int) (string + length)));
        }
        return strings;
    }

    private static int width(int w, String what) {
        if (w != 1 && w != 2 && w != 4 && w != 8) {
            throw new IllegalArgumentException(
                    "the FlexBuffer's " + what + " byte width is " + w + "; expected 1, 2, 4 or 8");
        }
        return w;
    }

    /** An unsigned little-endian integer of {@code width} bytes at {@code at}. */
    private static long readUInt(byte[] b, long at, int width) {
        check(b, at, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | (b[(int) at + i] & 0xff);
        }
        if (v < 0) {
            throw new IllegalArgumentException("a FlexBuffer offset or size does not fit: " + Long.toUnsignedString(v));
        }
        return v;
    }

    private static void check(byte[] b, long at, long length) {
        if (at < 0 || length < 0 || at + length > b.length) {
            throw new IllegalArgumentException(
                    "the FlexBuffer points outside its " + b.length + " bytes (at " + at + ", length " + length + ")");
        }
    }
}
