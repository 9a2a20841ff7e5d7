package dev.tfliteffm.cli;

import java.nio.ByteOrder;
import java.util.StringJoiner;

/**
 * A parsed numpy dtype descr such as {@code <f4}: its kind character ({@code b i u f c S U}), item size in
 * bytes and byte order; and the mapping between descrs and the canonical dtype names the CLI prints
 * ({@code float32}, {@code int8}, ..., and {@code string} for both string dtypes).
 *
 * <p>Supported: {@code bool}, the signed and unsigned integers of 1, 2, 4 and 8 bytes, {@code float16},
 * {@code float32}, {@code float64}, {@code complex64}, {@code complex128}, {@code |S<n>} (bytes) and
 * {@code <U<n>} (UTF-32 text). Object, structured, datetime and other dtypes are {@link Unsupported}.
 *
 * @param original  the descr as written in the file
 * @param kind      {@code b i u f c S U}
 * @param size      bytes per element
 * @param bigEndian whether the data must be byte-swapped to little-endian
 */
record NpyDtype(String original, char kind, int size, boolean bigEndian) {

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

    /** An unsupported or malformed descr; the message names it. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses a descr: {@code <f4}, {@code >i8}, {@code |S10}, or one without byte-order character ({@code f4}). */
    static NpyDtype parse(String descr) {
        if (descr.isEmpty()) {
            throw new Unsupported("empty dtype descr");
        }
        char order = descr.charAt(0);
        String rest = "<>|=".indexOf(order) >= 0 ? descr.substring(1) : descr;
        // '=' and no order character mean native order; every platform TFLite supports is little-endian.
        boolean big = order == '>' || order == '=' && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
        if (rest.isEmpty()) {
            throw new Unsupported("malformed dtype descr '" + descr + "'");
        }
        char kind = rest.charAt(0);
        String digits = rest.substring(1);
        switch (kind) {
            case 'O' ->
                throw new Unsupported(
                        "unsupported dtype '" + descr + "': object arrays (pickled Python objects) cannot be read");
            case 'V' ->
                throw new Unsupported("unsupported dtype '" + descr + "': void/structured dtypes are not supported");
            case 'M', 'm' ->
                throw new Unsupported("unsupported dtype '" + descr + "': datetime/timedelta dtypes are not supported");
            default -> {}
        }
        if (digits.isEmpty() || digits.length() > 9 || !allDigits(digits)) {
            throw new Unsupported("unsupported dtype '" + descr + "'");
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
            throw new Unsupported("unsupported dtype '" + descr + "'" + why);
        }
        if (kind == 'a') {
            kind = 'S'; // the old name of |S
        }
        int size = kind == 'U' ? 4 * n : n;
        return new NpyDtype(descr, kind, size, big && swapUnit(kind, size) > 1);
    }

    private static int swapUnit(char kind, int size) {
        return switch (kind) {
            case 'b', 'S' -> 1;
            case 'U' -> 4;
            case 'c' -> size / 2; // real and imaginary parts are swapped separately
            default -> size;
        };
    }

    /** The size of the groups of bytes that a byte swap reverses: 1 where byte order does not apply. */
    int swapUnit() {
        return swapUnit(kind, size);
    }

    /** Whether this is a {@code |S} or {@code <U} dtype. */
    boolean isString() {
        return kind == 'S' || kind == 'U';
    }

    /** The normalised little-endian descr: {@code <} for multi-byte types, {@code |} where order does not apply. */
    String descr() {
        int n = kind == 'U' ? size / 4 : size;
        return (swapUnit() > 1 ? "<" : "|") + kind + n;
    }

    /** The canonical name: {@code float32}, {@code int8}, ..., {@code string}. */
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

    /**
     * The canonical name of a numpy descr: {@code <f4} → {@code float32}, {@code |b1} → {@code bool},
     * {@code >i8} → {@code int64} (byte order does not change the name), {@code |S10} and {@code <U5} →
     * {@code string}. Also accepts descrs without a byte-order character ({@code f4}).
     *
     * @throws IllegalArgumentException for an unsupported descr, naming it
     */
    static String nameOf(String descr) {
        try {
            return parse(descr).name();
        } catch (Unsupported e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * The normalised little-endian descr of a canonical dtype name: {@code float32} → {@code <f4},
     * {@code bool} → {@code |b1}. A descr is accepted too and normalised ({@code >f4} → {@code <f4}).
     *
     * @throws IllegalArgumentException for an unknown name, and for {@code string}, whose descr depends on
     *                                  the values' width (use {@link NpyArray#ofStrings})
     */
    static String descrOf(String dtypeName) {
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
                return parse(dtypeName).descr();
            } catch (Unsupported e) {
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
    static boolean isName(String s) {
        return s.length() > 2 && Character.isLetter(s.charAt(0)) && Character.isLetter(s.charAt(1));
    }

    // A loop, not chars().allMatch(...): a stream and a lambda are start-up costs in a one-shot `run`.
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
