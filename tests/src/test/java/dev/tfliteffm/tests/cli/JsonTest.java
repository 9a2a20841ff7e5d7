package dev.tfliteffm.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.cli.Json;
import dev.tfliteffm.cli.Json.JsonException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Json}: parsing, numbers, strings, errors with positions, compact and pretty writing. */
class JsonTest {

    // ---------------------------------------------------------------------------------------------
    // Parsing

    @Test
    void parsesLiterals() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse(" false "));
        assertNull(Json.parse("null"));
        assertEquals("", Json.parse("\"\""));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{}"));
        assertEquals(List.of(1L, 2L), Json.parse(" \t\r\n[ 1 ,\n 2 ]\n"));
        assertEquals(1L, Json.parse("\uFEFF1")); // a byte-order mark is skipped
    }

    @Test
    void keepsIntegersExact() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(123L, Json.parse("123"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(999999999999999999L, Json.parse("999999999999999999"));
        assertEquals(new BigDecimal("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigDecimal("-9223372036854775809"), Json.parse("-9223372036854775809"));
        assertEquals(new BigDecimal("123456789012345678901234567890"), Json.parse("123456789012345678901234567890"));
    }

    @Test
    void parsesFractionsAndExponentsAsDoubles() {
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-0.25, Json.parse("-0.25"));
        assertEquals(1000.0, Json.parse("1e3"));
        assertEquals(1000.0, Json.parse("1E+3"));
        assertEquals(0.01, Json.parse("1e-2"));
        assertEquals(Double.MAX_VALUE, Json.parse("1.7976931348623157e308"));
        assertEquals(Double.MIN_VALUE, Json.parse("4.9e-324"));
        Object negativeZero = Json.parse("-0.0");
        assertInstanceOf(Double.class, negativeZero);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) negativeZero));
        // Beyond a double's range: exact, not Infinity.
        assertEquals(new BigDecimal("1e400"), Json.parse("1e400"));
        assertEquals(new BigDecimal("-2.5E+999"), Json.parse("-2.5e999"));
        assertEquals(0.0, Json.parse("1e-400")); // underflow is an ordinary double
    }

    @Test
    void parsesEscapesAndUnicode() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("\u00e9", Json.parse("\"\\u00e9\""));
        assertEquals("\u00e9", Json.parse("\"\\u00E9\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\"")); // a surrogate pair in two escapes
        assertEquals("caf\u00e9 \uD83D\uDE00 \u4e2d", Json.parse("\"caf\u00e9 \uD83D\uDE00 \u4e2d\""));
        assertEquals("\0", Json.parse("\"\\u0000\""));
        assertEquals("a\"b", Json.parse("\"a\\\"b\""));
        assertEquals("x\\", Json.parse("\"x\\\\\""));
    }

    @Test
    void keepsKeyOrderAndNests() {
        Object parsed = Json.parse("{\"z\": 1, \"a\": [true, null, {\"m\": \"x\"}], \"m\": {}}");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, parsed);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
        List<?> a = assertInstanceOf(List.class, map.get("a"));
        assertEquals(3, a.size());
        assertEquals(true, a.get(0));
        assertNull(a.get(1));
        assertEquals(Map.of("m", "x"), a.get(2));
        assertEquals(Map.of(), map.get("m"));

        String deep = "[".repeat(500) + "]".repeat(500);
        Object v = Json.parse(deep);
        for (int i = 0; i < 499; i++) {
            v = ((List<?>) v).getFirst();
        }
        assertEquals(List.of(), v);
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                        | 0  | expected a value, found end of input",
                "`   `                     | 3  | expected a value, found end of input",
                "[1,]                      | 3  | expected a value, found ']'",
                "[1 2]                     | 3  | expected ',' or ']' in an array, found '2'",
                "[1,2                      | 4  | expected ',' or ']' in an array, found end of input",
                "{\"a\" 1}                 | 5  | expected ':' after an object key, found '1'",
                "{a:1}                     | 1  | expected a string key, found 'a'",
                "{\"a\":1,}                | 7  | expected a string key, found '}'",
                "{\"a\":1 \"b\":2}         | 7  | expected ',' or '}' in an object, found '\"'",
                "01                        | 1  | leading zeros are not allowed",
                "-                         | 1  | expected a digit after '-'",
                "-a                        | 1  | expected a digit after '-'",
                "1.                        | 2  | expected a digit after the decimal point",
                "1.e5                      | 2  | expected a digit after the decimal point",
                "1e                        | 2  | expected a digit in the exponent",
                "1e+                       | 3  | expected a digit in the exponent",
                ".5                        | 0  | expected a value, found '.'",
                "+1                        | 0  | expected a value, found '+'",
                "tru                       | 0  | unknown literal 'tru'",
                "nulL                      | 0  | unknown literal 'nulL'",
                "NaN                       | 0  | expected a value, found 'N'",
                "\"abc                     | 4  | unterminated string (started at offset 0)",
                "\"a\\                     | 3  | unterminated string",
                "\"\\x\"                   | 1  | invalid escape '\\x'",
                "\"\\u12G4\"               | 1  | invalid \\u escape '\\u12G4'",
                "\"\\u12\"                 | 1  | truncated \\u escape",
                "[1] 2                     | 4  | unexpected '2' after the JSON value",
                "{\"a\":1,\"a\":2}         | 7  | duplicate key \"a\"",
                "[1,/*c*/2]                | 3  | expected a value, found '/'",
            })
    void errorsGiveThePosition(String text, int offset, String message) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertEquals(offset, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains("(offset " + offset + "): " + message), e.getMessage());
    }

    @Test
    void controlCharactersInStringsAreErrors() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains("unescaped control character U+000A"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parse("[\u0001]"));
        assertTrue(e.getMessage().contains("found character U+0001"), e.getMessage());
    }

    @Test
    void errorsGiveLineAndColumn() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": tru\n}"));
        assertTrue(
                e.getMessage().startsWith("JSON error at line 3, column 8 (offset 19): unknown literal 'tru'"),
                e.getMessage());
        assertEquals(19, e.position());
    }

    @Test
    void tooDeepNestingIsAnErrorNotAStackOverflow() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(100_000)));
        assertTrue(e.getMessage().contains("nesting deeper than 512 levels"), e.getMessage());
        assertEquals(512, e.position());
        e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":".repeat(600)));
        assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", List.of());
        inner.put("a", Map.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "x\"y");
        m.put("n", 3);
        m.put("list", Arrays.asList(1L, 2.5, null, true));
        m.put("inner", inner);
        return m;
    }

    @Test
    void writesCompactly() {
        assertEquals(
                "{\"name\":\"x\\\"y\",\"n\":3,\"list\":[1,2.5,null,true],\"inner\":{\"z\":[],\"a\":{}}}",
                Json.write(sample()));
        assertEquals("null", Json.write(null));
        assertEquals("[]", Json.write(List.of()));
    }

    @Test
    void writesPrettyWithTwoSpaces() {
        String expected = """
                {
                  "name": "x\\"y",
                  "n": 3,
                  "list": [
                    1,
                    2.5,
                    null,
                    true
                  ],
                  "inner": {
                    "z": [],
                    "a": {}
                  }
                }""";
        assertEquals(expected, Json.writePretty(sample()));
        assertEquals("[]", Json.writePretty(new int[0]));
        assertEquals("\"s\"", Json.writePretty("s"));
    }

    @Test
    void keysFollowTheMapsOrder() {
        Map<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));
        assertEquals("{\"a\":1,\"b\":2,\"c\":3}", Json.write(sorted));
        Map<String, Integer> inserted = new LinkedHashMap<>();
        inserted.put("c", 3);
        inserted.put("a", 1);
        assertEquals("{\"c\":3,\"a\":1}", Json.write(inserted));
        assertEquals("{\"1\":true}", Json.write(Map.of(1, true))); // non-string keys through String.valueOf
    }

    @Test
    void escapesStrings() {
        assertEquals("\"\\\"\\\\/\\b\\f\\n\\r\\t\"", Json.write("\"\\/\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f \u007f\"", Json.write("\0\u0001\u001f \u007f"));
        assertEquals("\"caf\u00e9 \uD83D\uDE00\"", Json.write("caf\u00e9 \uD83D\uDE00")); // raw, valid pairs kept
        assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029"));
        // Lone surrogates cannot be encoded as UTF-8: escaped.
        assertEquals("\"a\\ud800b\"", Json.write("a\uD800b"));
        assertEquals("\"\\udc00\"", Json.write("\uDC00"));
        assertEquals("\"\\ud83d\"", Json.write("\uD83D"));
        assertEquals("\"c\"", Json.write('c'));
        assertEquals("\"sb\"", Json.write(new StringBuilder("sb")));
    }

    @Test
    void writesNumbers() {
        assertEquals(
                "[1,-2,3,4,5,6,1.5,0.1,0.1,1.0E20,-0.0,5]",
                Json.write(List.of(
                        1,
                        (short) -2,
                        (byte) 3,
                        4L,
                        BigInteger.valueOf(5),
                        new BigDecimal("6"),
                        1.5,
                        0.1,
                        0.1f,
                        1e20,
                        -0.0,
                        new AtomicLong(5))));
        assertEquals("[9223372036854775807,-9223372036854775808]", Json.write(List.of(Long.MAX_VALUE, Long.MIN_VALUE)));
        assertEquals("1E+400", Json.write(new BigDecimal("1e400")));
        // Whatever is written reads back as the same number.
        for (double d : new double[] {0.1, 1e20, 1e-300, Math.PI, -123456.789, Double.MAX_VALUE, Double.MIN_VALUE}) {
            assertEquals(d, ((Number) Json.parse(Json.write(d))).doubleValue(), Json.write(d));
        }
        for (float f : new float[] {0.1f, 3.4028235e38f, 1e-45f, 16777217f}) {
            assertEquals(f, ((Number) Json.parse(Json.write(f))).floatValue(), Json.write(f));
        }
    }

    @Test
    void writesNonFiniteNumbersAsStrings() {
        assertEquals(
                "[\"NaN\",\"Infinity\",\"-Infinity\"]",
                Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
        assertEquals(
                "[\"NaN\",\"Infinity\",\"-Infinity\",1.0]",
                Json.write(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f}));
        assertEquals("[\"NaN\",2.0]", Json.write(new double[] {Double.NaN, 2}));
    }

    @Test
    void writesPrimitiveAndObjectArrays() {
        assertEquals("[1.5,-2.0]", Json.write(new float[] {1.5f, -2f}));
        assertEquals("[0.1,2.0]", Json.write(new double[] {0.1, 2}));
        assertEquals("[1,-2147483648]", Json.write(new int[] {1, Integer.MIN_VALUE}));
        assertEquals("[-9223372036854775808]", Json.write(new long[] {Long.MIN_VALUE}));
        assertEquals("[-32768,7]", Json.write(new short[] {Short.MIN_VALUE, 7}));
        assertEquals("[-1,127,-128]", Json.write(new byte[] {-1, 127, -128}));
        assertEquals("[true,false]", Json.write(new boolean[] {true, false}));
        assertEquals("[\"a\",null,[1,2]]", Json.write(new Object[] {"a", null, new int[] {1, 2}}));
        assertEquals("[[1.0,2.0],[3.0,4.0]]", Json.write(new float[][] {{1, 2}, {3, 4}}));
        assertEquals("[\n  [\n    1,\n    2\n  ]\n]", Json.writePretty(List.of(new long[] {1, 2})));
        assertEquals("[1,2]", Json.write(new java.util.ArrayDeque<>(List.of(1, 2)))); // any Iterable
    }

    @Test
    void refusesWhatItCannotWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(new char[] {'a'}));
        Map<String, Object> withNullKey = new LinkedHashMap<>();
        withNullKey.put(null, 1);
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(withNullKey));
        assertTrue(e.getMessage().contains("null map key"), e.getMessage());
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void writesToAnAppendableAndPassesOnItsErrors() throws IOException {
        StringWriter out = new StringWriter();
        Json.write(List.of(1, "a"), out, false);
        assertEquals("[1,\"a\"]", out.toString());
        Appendable broken = new Appendable() {
            @Override
            public Appendable append(CharSequence csq) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(CharSequence csq, int start, int end) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public Appendable append(char c) throws IOException {
                throw new IOException("disk full");
            }
        };
        IOException e = assertThrows(IOException.class, () -> Json.write(List.of(1), broken, true));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void roundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "tab\t quote\" back\\ nl\n \u00e9 \uD83D\uDE00 \u0001");
        value.put(
                "numbers",
                List.of(0L, -1L, Long.MAX_VALUE, 1.25, -1e-10, new BigDecimal("123456789012345678901234567890")));
        value.put("nested", List.of(List.of(), Map.of("k", List.of(true, false)), List.of(List.of("x"))));
        value.put("null", null);
        value.put("", "empty key");
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }
}
