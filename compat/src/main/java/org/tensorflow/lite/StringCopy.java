package org.tensorflow.lite;

import java.nio.charset.StandardCharsets;

/**
 * Converts string tensor data between TFLite's byte strings and Java's nested {@code String} / {@code byte[]}
 * arrays, in row-major order. Strings are encoded as standard UTF-8 (see the package documentation for how this
 * differs from the official build).
 */
final class StringCopy {

    private StringCopy() {}

    /** The byte strings of {@code value}: a String, a {@code byte[]} string, or nested arrays of either. */
    static byte[][] flatten(Object value, int count) {
        byte[][] out = new byte[count][];
        int filled = flatten(value, out, 0);
        if (filled != count) {
            throw new IllegalArgumentException("expected " + count + " strings, given " + filled);
        }
        return out;
    }

    private static int flatten(Object value, byte[][] out, int at) {
        switch (value) {
            case String s -> {
                out[at] = s.getBytes(StandardCharsets.UTF_8);
                return at + 1;
            }
            case byte[] b -> {
                out[at] = b;
                return at + 1;
            }
            case Object[] rows -> {
                for (Object row : rows) {
                    at = flatten(row, out, at);
                }
                return at;
            }
            case null -> throw new NullPointerException("a string of the input is null");
            default ->
                throw new IllegalArgumentException(
                        "not a string: " + value.getClass().getName());
        }
    }

    /** Fills the nested {@code String[]} (or {@code byte[][]}) arrays of {@code dst} with {@code strings}. */
    static void fill(byte[][] strings, Object[] dst) {
        fill(strings, 0, dst);
    }

    private static int fill(byte[][] strings, int at, Object[] dst) {
        for (int i = 0; i < dst.length; i++) {
            switch (dst) {
                case String[] s -> s[i] = new String(strings[at++], StandardCharsets.UTF_8);
                case byte[][] b -> b[i] = strings[at++];
                default -> at = fill(strings, at, (Object[]) dst[i]);
            }
        }
        return at;
    }
}
