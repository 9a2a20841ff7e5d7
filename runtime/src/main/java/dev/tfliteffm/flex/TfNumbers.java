package dev.tfliteffm.flex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * TensorFlow's string-to-number rules, as StringToNumber applies them ({@code strings::SafeStringToNumeric}:
 * {@code safe_strto32}, {@code safe_strto64}, {@code safe_strtof}, {@code safe_strtod} of TensorFlow's
 * numbers.cc; TensorFlow's string_to_number_op_test.py gives the expected cases).
 *
 * <ul>
 *   <li>Integers: optional white space, an optional {@code -} (no {@code +}), decimal digits, optional white
 *       space; out of range is an error.</li>
 *   <li>Floats (double-conversion with leading and trailing spaces, hexadecimal integers and any letter case
 *       allowed): an optional sign, then {@code inf}, {@code nan}, {@code 0x} hex digits, or decimal digits
 *       with an optional point and exponent; values beyond the type's range become infinities. Strings of 32
 *       bytes or more are refused (TensorFlow's {@code kFastToBufferSize}).</li>
 * </ul>
 * Each method throws {@link NumberFormatException} where TensorFlow reports "could not correctly convert".
 */
final class TfNumbers {

    private TfNumbers() {}

    /** TensorFlow's limit on the length of a float's text. */
    private static final int FAST_TO_BUFFER_SIZE = 32;

    static int toInt32(byte[] s) {
        long v = toInteger(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return (int) v;
    }

    static long toInt64(byte[] s) {
        return toInteger(s, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static float toFloat(byte[] s) {
        return (float) toFloating(s, true);
    }

    static double toDouble(byte[] s) {
        return toFloating(s, false);
    }

    /** C's {@code isspace} in the C locale. */
    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static long toInteger(byte[] s, long min, long max) {
        int i = 0;
        int end = s.length;
        while (i < end && isSpace(s[i])) {
            i++;
        }
        boolean negative = i < end && s[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end || !isDigit(s[i])) {
            throw new NumberFormatException();
        }
        long limit = negative ? min : max;
        long value = 0;
        for (; i < end && isDigit(s[i]); i++) {
            int digit = s[i] - '0';
            // Accumulate towards the limit's sign, so the most negative value is reachable.
            if (negative ? (value < (limit + digit) / 10) : (value > (limit - digit) / 10)) {
                throw new NumberFormatException();
            }
            value = value * 10 + (negative ? -digit : digit);
        }
        while (i < end && isSpace(s[i])) {
            i++;
        }
        if (i != end) {
            throw new NumberFormatException();
        }
        return value;
    }

    /** Parses to double, or rounds once to float when {@code toFloat} (double-conversion's StringToFloat). */
    private static double toFloating(byte[] s, boolean toFloat) {
        if (s.length >= FAST_TO_BUFFER_SIZE) {
            throw new NumberFormatException();
        }
        int i = 0;
        int end = s.length;
        while (i < end && isSpace(s[i])) {
            i++;
        }
        if (i == end) {
            throw new NumberFormatException();
        }
        boolean negative = s[i] == '-';
        if (s[i] == '-' || s[i] == '+') {
            i++;
        }
        double value;
        if (matchesIgnoreCase(s, i, "inf")) {
            value = Double.POSITIVE_INFINITY;
            i += 3;
        } else if (matchesIgnoreCase(s, i, "nan")) {
            value = Double.NaN;
            i += 3;
        } else if (i + 1 < end && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            int start = i + 2;
            i = start;
            while (i < end && Character.digit(s[i], 16) >= 0) {
                i++;
            }
            if (i == start) {
                throw new NumberFormatException();
            }
            BigInteger big = new BigInteger(new String(s, start, i - start, StandardCharsets.US_ASCII), 16);
            value = toFloat ? big.floatValue() : big.doubleValue();
        } else {
            int start = i;
            int digits = 0;
            while (i < end && isDigit(s[i])) {
                i++;
                digits++;
            }
            if (i < end && s[i] == '.') {
                i++;
                while (i < end && isDigit(s[i])) {
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                throw new NumberFormatException();
            }
            if (i < end && (s[i] == 'e' || s[i] == 'E')) {
                i++;
                if (i < end && (s[i] == '+' || s[i] == '-')) {
                    i++;
                }
                if (i == end || !isDigit(s[i])) {
                    throw new NumberFormatException();
                }
                while (i < end && isDigit(s[i])) {
                    i++;
                }
            }
            // The text is now plain decimal syntax, which Java parses with correct rounding.
            String text = new String(s, start, i - start, StandardCharsets.US_ASCII);
            value = toFloat ? Float.parseFloat(text) : Double.parseDouble(text);
        }
        while (i < end && isSpace(s[i])) {
            i++;
        }
        if (i != end) {
            throw new NumberFormatException();
        }
        return negative ? -value : value;
    }

    private static boolean matchesIgnoreCase(byte[] s, int at, String word) {
        if (at + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) (s[at + k] & 0xff)) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
