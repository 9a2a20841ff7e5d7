package dev.tfliteffm.flex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TensorFlow's cases from string_to_number_op_test.py, and the edges of its parsers. */
class TfNumbersTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void bad(java.util.function.Consumer<byte[]> parse, String... inputs) {
        for (String s : inputs) {
            assertThrows(NumberFormatException.class, () -> parse.accept(b(s)), "'" + s + "' must be refused");
        }
    }

    @Test
    void floatsAsTensorFlowsTest() {
        assertEquals(0f, TfNumbers.toFloat(b("0")));
        assertEquals(3f, TfNumbers.toFloat(b("3")));
        assertEquals(-1f, TfNumbers.toFloat(b("-1")));
        assertEquals(1.12f, TfNumbers.toFloat(b("1.12")));
        assertEquals(15f, TfNumbers.toFloat(b("0xF")));
        assertEquals(-10.5f, TfNumbers.toFloat(b("   -10.5")));
        assertEquals(3.40282e+38f, TfNumbers.toFloat(b("3.40282e+38")));
        assertEquals(Float.POSITIVE_INFINITY, TfNumbers.toFloat(b("3.40283e+38")));
        assertEquals(Float.NEGATIVE_INFINITY, TfNumbers.toFloat(b("-3.40283e+38")));
        assertTrue(Float.isNaN(TfNumbers.toFloat(b("NAN"))));
        assertEquals(Float.POSITIVE_INFINITY, TfNumbers.toFloat(b("INF")));
        bad(s -> TfNumbers.toFloat(s), "10foobar");
    }

    @Test
    void doublesAsTensorFlowsTest() {
        assertEquals(1.12, TfNumbers.toDouble(b("1.12")));
        assertEquals(15.0, TfNumbers.toDouble(b("0xF")));
        assertEquals(3.40283e+38, TfNumbers.toDouble(b("3.40283e+38")));
        assertEquals(-3.40283e+38, TfNumbers.toDouble(b("-3.40283e+38")));
        assertTrue(Double.isNaN(TfNumbers.toDouble(b("nan"))));
        bad(s -> TfNumbers.toDouble(s), "10foobar");
    }

    @Test
    void floatEdges() {
        assertEquals(0.5f, TfNumbers.toFloat(b(".5")));
        assertEquals(5f, TfNumbers.toFloat(b("5.")));
        assertEquals(1f, TfNumbers.toFloat(b("+1")));
        assertEquals(7f, TfNumbers.toFloat(b(" \t7 \n")));
        assertEquals(-255f, TfNumbers.toFloat(b("-0XfF")));
        assertEquals(1e10f, TfNumbers.toFloat(b("1E10")));
        assertEquals(Float.NEGATIVE_INFINITY, TfNumbers.toFloat(b("-Inf")));
        assertEquals(10f, TfNumbers.toFloat(b("010")), "no octal");
        assertEquals(1f, TfNumbers.toFloat(b("1".repeat(1) + " ".repeat(30))), "31 bytes is within the limit");
        bad(
                s -> TfNumbers.toFloat(s),
                "",
                "   ",
                ".",
                "1e",
                "1e+",
                "- 1",
                "--1",
                "infinity",
                "0x",
                "0x1.8",
                "1,5",
                "1 2",
                "1f",
                "1d",
                "0b1",
                "1".repeat(32),
                "1" + " ".repeat(31));
    }

    @Test
    void int32AsTensorFlowsTest() {
        assertEquals(0, TfNumbers.toInt32(b("0")));
        assertEquals(3, TfNumbers.toInt32(b("3")));
        assertEquals(-1, TfNumbers.toInt32(b("-1")));
        assertEquals(-10, TfNumbers.toInt32(b("    -10")));
        assertEquals(Integer.MIN_VALUE, TfNumbers.toInt32(b("-2147483648")));
        assertEquals(Integer.MAX_VALUE, TfNumbers.toInt32(b("2147483647")));
        bad(
                s -> TfNumbers.toInt32(s),
                "-2147483649",
                "2147483648",
                "2.9",
                "10foobar",
                "+1",
                "",
                " ",
                "-",
                "0x10",
                "1e3");
        assertEquals(7, TfNumbers.toInt32(b(" 7 ")));
    }

    @Test
    void int64AsTensorFlowsTest() {
        assertEquals(-2147483649L, TfNumbers.toInt64(b("-2147483649")));
        assertEquals(2147483648L, TfNumbers.toInt64(b("2147483648")));
        assertEquals(Long.MAX_VALUE, TfNumbers.toInt64(b("9223372036854775807")));
        assertEquals(Long.MIN_VALUE, TfNumbers.toInt64(b("-9223372036854775808")));
        bad(s -> TfNumbers.toInt64(s), "9223372036854775808", "-9223372036854775809", "2.9", "10foobar");
    }
}
