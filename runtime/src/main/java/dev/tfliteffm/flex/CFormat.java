package dev.tfliteffm.flex;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf} conversions {@code %f %e %g %d %u %s} with a width, a precision and one flag (one of
 * {@code ' ' + - 0 #}), as TensorFlow's AsString prints numbers through {@code absl::StrFormat} (which follows
 * C). Java's {@code String.format} differs from C ({@code %g} keeps trailing zeros, {@code NaN}, half-up
 * rounding), so digits come from {@link BigDecimal}: the exact binary value, rounded half to even as glibc and
 * absl do.
 */
final class CFormat {

    private CFormat() {}

    /** No flag. */
    static final char NO_FLAG = 0;

    /**
     * A floating-point value with conversion {@code f}, {@code e} or {@code g}. {@code precision} &lt; 0 means
     * C's default (6); {@code width} &lt;= 0 means none. NaN and infinities print as {@code nan} and
     * {@code inf}, with the sign bit's {@code -} (so {@code -nan} exists), padded with spaces even with the
     * {@code 0} flag.
     */
    static String floating(double v, char conversion, int width, int precision, char flag) {
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        String sign = negative ? "-" : flag == '+' ? "+" : flag == ' ' ? " " : "";
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return pad(sign, Double.isNaN(v) ? "nan" : "inf", width, flag == '0' ? NO_FLAG : flag);
        }
        double a = Math.abs(v);
        boolean alternate = flag == '#';
        String body = switch (conversion) {
            case 'f' -> fixed(a, precision < 0 ? 6 : precision, alternate);
            case 'e' -> scientific(a, precision < 0 ? 6 : precision, alternate);
            case 'g' -> general(a, precision < 0 ? 6 : Math.max(1, precision), alternate);
            default -> throw new IllegalArgumentException("conversion " + conversion);
        };
        return pad(sign, body, width, flag);
    }

    /** A signed integer ({@code %d}). */
    static String signed(long v, int width, char flag) {
        String sign = v < 0 ? "-" : flag == '+' ? "+" : flag == ' ' ? " " : "";
        String digits = v < 0 ? Long.toString(v).substring(1) : Long.toString(v);
        return pad(sign, digits, width, flag);
    }

    /** An unsigned integer ({@code %u}; {@code v}'s bits are read as unsigned): no sign, whatever the flag. */
    static String unsigned(long v, int width, char flag) {
        return pad("", Long.toUnsignedString(v), width, flag == '0' || flag == '-' ? flag : NO_FLAG);
    }

    /** A byte string ({@code %s}): cut to {@code precision} bytes if that is &gt;= 0, padded with spaces. */
    static byte[] string(byte[] s, int width, int precision, char flag) {
        int length = precision >= 0 ? Math.min(precision, s.length) : s.length;
        int padding = Math.max(0, width - length);
        byte[] out = new byte[length + padding];
        int start = flag == '-' ? 0 : padding;
        System.arraycopy(s, 0, out, start, length);
        for (int i = 0; i < padding; i++) {
            out[flag == '-' ? length + i : i] = ' ';
        }
        return out;
    }

    /** {@code %.pf} of a non-negative finite value. */
    private static String fixed(double a, int precision, boolean alternate) {
        String s = new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return precision == 0 && alternate ? s + "." : s;
    }

    /** {@code %.pe} of a non-negative finite value: one digit, the point, {@code p} digits, e±dd. */
    private static String scientific(double a, int precision, boolean alternate) {
        String digits;
        int exponent;
        if (a == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            exponent = unscaled.length() - 1 - rounded.scale();
            digits = unscaled + "0".repeat(precision + 1 - unscaled.length());
        }
        StringBuilder b = new StringBuilder(precision + 8).append(digits.charAt(0));
        if (precision > 0 || alternate) {
            b.append('.');
        }
        b.append(digits, 1, digits.length()).append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        return (e < 10 ? b.append('0') : b).append(e).toString();
    }

    /**
     * {@code %.pg} of a non-negative finite value, {@code p} &gt;= 1: {@code %e} if the exponent is below -4 or
     * not below {@code p}, else {@code %f} with {@code p - 1 - exponent} decimals; then trailing zeros (and a
     * trailing point) go, unless {@code alternate}.
     */
    private static String general(double a, int precision, boolean alternate) {
        int exponent = 0;
        if (a != 0) {
            BigDecimal rounded = new BigDecimal(a).round(new MathContext(precision, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
        }
        String s = precision > exponent && exponent >= -4
                ? fixed(a, precision - 1 - exponent, alternate)
                : scientific(a, precision - 1, alternate);
        if (alternate) {
            return s;
        }
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') {
                end--;
            }
            if (mantissa.charAt(end - 1) == '.') {
                end--;
            }
            mantissa = mantissa.substring(0, end);
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** Pads {@code sign + body} to {@code width}: left-justified ({@code -}), zeros after the sign ({@code 0}). */
    private static String pad(String sign, String body, int width, char flag) {
        int length = sign.length() + body.length();
        if (length >= width) {
            return sign + body;
        }
        String fill = (flag == '0' ? "0" : " ").repeat(width - length);
        return switch (flag) {
            case '-' -> sign + body + fill;
            case '0' -> sign + fill + body;
            default -> fill + sign + body;
        };
    }
}
