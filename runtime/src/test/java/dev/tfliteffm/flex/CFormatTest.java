package dev.tfliteffm.flex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** C printf's conversions as glibc prints them (the tests module also compares a grid with gcc's printf). */
class CFormatTest {

    private static final char NONE = CFormat.NO_FLAG;

    private static String f(double v, char conversion, int width, int precision, char flag) {
        return CFormat.floating(v, conversion, width, precision, flag);
    }

    @Test
    void fixedDefaultsToSixDecimals() {
        assertEquals("1.000000", f(1.0, 'f', -1, -1, NONE));
        assertEquals("0.100000", f(0.1f, 'f', -1, -1, NONE));
        assertEquals("0.1000000015", f(0.1f, 'f', -1, 10, NONE), "a float is widened exactly");
        assertEquals("-0.000000", f(-0.0, 'f', -1, -1, NONE));
        assertEquals("3", f(3.0, 'f', -1, 0, NONE));
        assertEquals("100000000000000000000.000000", f(1e20, 'f', -1, -1, NONE));
    }

    @Test
    void roundsTheExactValueHalfToEven() {
        assertEquals("0.12", f(0.125, 'f', -1, 2, NONE));
        assertEquals("0.38", f(0.375, 'f', -1, 2, NONE));
        assertEquals("2", f(2.5, 'f', -1, 0, NONE));
        assertEquals("4", f(3.5, 'f', -1, 0, NONE));
        assertEquals("1.00", f(1.005, 'f', -1, 2, NONE), "1.005 is 1.00499999999999989... in binary");
    }

    @Test
    void scientific() {
        assertEquals("0.000000e+00", f(0.0, 'e', -1, -1, NONE));
        assertEquals("1.23e+02", f(123.456, 'e', -1, 2, NONE));
        assertEquals("1.00e+01", f(9.999, 'e', -1, 2, NONE));
        assertEquals("1.000000e-300", f(1e-300, 'e', -1, -1, NONE));
        assertEquals("1e+100", f(1e100, 'e', -1, 0, NONE));
        assertEquals("-2.500000e-05", f(-2.5e-5, 'e', -1, -1, NONE));
    }

    @Test
    void generalPicksTheShorterFormAndDropsTrailingZeros() {
        assertEquals("1", f(1.0, 'g', -1, -1, NONE));
        assertEquals("1e+10", f(1e10, 'g', -1, -1, NONE));
        assertEquals("1.23457e+08", f(123456789.0, 'g', -1, -1, NONE));
        assertEquals("0.0001", f(0.0001, 'g', -1, -1, NONE));
        assertEquals("1e-05", f(0.00001, 'g', -1, -1, NONE));
        assertEquals("100000", f(100000.0, 'g', -1, -1, NONE));
        assertEquals("1e+06", f(1000000.0, 'g', -1, -1, NONE));
        assertEquals("0", f(0.0, 'g', -1, -1, NONE));
        assertEquals("-0", f(-0.0, 'g', -1, -1, NONE));
        assertEquals("3.14", f(Math.PI, 'g', -1, 3, NONE));
        assertEquals("3", f(Math.PI, 'g', -1, 0, NONE), "precision 0 means 1 for %g");
        assertEquals("1e+01", f(9.99, 'g', -1, 1, NONE), "rounding can raise the exponent");
    }

    @Test
    void nanAndInfinities() {
        assertEquals("nan", f(Double.NaN, 'f', -1, -1, NONE));
        assertEquals("-nan", f(Double.longBitsToDouble(0xfff8000000000000L), 'f', -1, -1, NONE));
        assertEquals("inf", f(Double.POSITIVE_INFINITY, 'e', -1, -1, NONE));
        assertEquals("-inf", f(Double.NEGATIVE_INFINITY, 'g', -1, -1, NONE));
        assertEquals("+inf", f(Double.POSITIVE_INFINITY, 'f', -1, -1, '+'));
        assertEquals("  nan", f(Double.NaN, 'f', 5, -1, '0'), "no zero padding for nan");
    }

    @Test
    void flagsAndWidth() {
        assertEquals("-000001.50", f(-1.5, 'f', 10, 2, '0'));
        assertEquals("1.50      ", f(1.5, 'f', 10, 2, '-'));
        assertEquals("      1.50", f(1.5, 'f', 10, 2, NONE));
        assertEquals("+1.000000", f(1.0, 'f', -1, -1, '+'));
        assertEquals(" 1.000000", f(1.0, 'f', -1, -1, ' '));
        assertEquals("-1.000000", f(-1.0, 'f', -1, -1, ' '));
        assertEquals("1.", f(1.0, 'f', -1, 0, '#'));
        assertEquals("1.00000", f(1.0, 'g', -1, -1, '#'));
        assertEquals("1.e+00", f(1.0, 'e', -1, 0, '#'));
        assertEquals("1.000000", f(1.0, 'f', 3, -1, NONE), "a width below the length changes nothing");
    }

    @Test
    void integers() {
        assertEquals(" -42", CFormat.signed(-42, 4, ' '));
        assertEquals("   0", CFormat.signed(0, 4, ' '));
        assertEquals("  42", CFormat.signed(42, 4, ' '));
        assertEquals("-42 ", CFormat.signed(-42, 4, '-'));
        assertEquals("00042", CFormat.signed(42, 5, '0'));
        assertEquals("-0042", CFormat.signed(-42, 5, '0'));
        assertEquals("+42", CFormat.signed(42, -1, '+'));
        assertEquals("42", CFormat.signed(42, -1, '#'));
        assertEquals("-9223372036854775808", CFormat.signed(Long.MIN_VALUE, 0, NONE));
        assertEquals("18446744073709551615", CFormat.unsigned(-1L, 0, NONE));
        assertEquals("5", CFormat.unsigned(5, -1, '+'), "%u has no sign");
        assertEquals("005", CFormat.unsigned(5, 3, '0'));
    }

    @Test
    void strings() {
        byte[] ab = "ab".getBytes(StandardCharsets.US_ASCII);
        assertEquals("  ab", new String(CFormat.string(ab, 4, -1, NONE), StandardCharsets.US_ASCII));
        assertEquals("ab  ", new String(CFormat.string(ab, 4, -1, '-'), StandardCharsets.US_ASCII));
        assertEquals("   a", new String(CFormat.string(ab, 4, 1, NONE), StandardCharsets.US_ASCII));
        assertEquals("  ab", new String(CFormat.string(ab, 4, -1, '0'), StandardCharsets.US_ASCII));
    }
}
