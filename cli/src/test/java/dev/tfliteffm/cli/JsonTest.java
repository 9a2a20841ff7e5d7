package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfliteffm.cli.Json.JsonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json}, the CLI's set-up of Jackson: strict parsing, exact numbers, errors with positions, and the
 * compact and pretty output the CLI has always written.
 */
class JsonTest {

    // ---------------------------------------------------------------------------------------------
    // Parsing

    @Test
    void parsesLiterals() {
        assertTrue(Json.parse("true").booleanValue());
        assertEquals(false, Json.parse(" false ").booleanValue());
        assertTrue(Json.parse("null").isNull());
        assertEquals("", Json.parse("\"\"").textValue());
        assertEquals(0, Json.parse("[]").size());
        assertTrue(Json.parse("{}").isObject());
        assertEquals("[1,2]", Json.parse(" \t\r\n[ 1 ,\n 2 ]\n").toString());
        assertEquals(1L, Json.parse("\uFEFF1").longValue()); // a byte-order mark is skipped
    }

    @Test
    void keepsIntegersExact() {
        assertEquals(0L, Json.parse("0").longValue());
        assertEquals(0L, Json.parse("-0").longValue());
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807").longValue());
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808").longValue());
        for (String big : List.of("9223372036854775808", "-9223372036854775809", "123456789012345678901234567890")) {
            JsonNode n = Json.parse(big);
            assertTrue(n.isIntegralNumber() && !n.canConvertToLong(), big);
            assertEquals(new BigInteger(big), n.bigIntegerValue());
        }
    }

    @Test
    void parsesFractionsAndExponentsAsDoubles() {
        assertEquals(1.5, Json.parse("1.5").doubleValue());
        assertEquals(-0.25, Json.parse("-0.25").doubleValue());
        assertEquals(1000.0, Json.parse("1e3").doubleValue());
        assertEquals(1000.0, Json.parse("1E+3").doubleValue());
        assertEquals(0.01, Json.parse("1e-2").doubleValue());
        assertEquals(Double.MAX_VALUE, Json.parse("1.7976931348623157e308").doubleValue());
        assertEquals(Double.MIN_VALUE, Json.parse("4.9e-324").doubleValue());
        JsonNode negativeZero = Json.parse("-0.0");
        assertTrue(negativeZero.isDouble());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(negativeZero.doubleValue()));
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e400").doubleValue()); // beyond a double's range
        assertEquals(0.0, Json.parse("1e-400").doubleValue()); // underflow is an ordinary double
    }

    @Test
    void parsesEscapesAndUnicode() {
        assertEquals(
                "\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"").textValue());
        assertEquals("\u00e9", Json.parse("\"\\u00e9\"").textValue());
        assertEquals("\u00e9", Json.parse("\"\\u00E9\"").textValue());
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\"").textValue()); // a surrogate pair in two escapes
        assertEquals(
                "caf\u00e9 \uD83D\uDE00 \u4e2d",
                Json.parse("\"caf\u00e9 \uD83D\uDE00 \u4e2d\"").textValue());
        assertEquals("\0", Json.parse("\"\\u0000\"").textValue());
    }

    @Test
    void keepsKeyOrderAndNests() {
        JsonNode map = Json.parse("{\"z\": 1, \"a\": [true, null, {\"m\": \"x\"}], \"m\": {}}");
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("z", "a", "m"), keys);
        assertEquals("[true,null,{\"m\":\"x\"}]", map.get("a").toString());

        JsonNode v = Json.parse("[".repeat(500) + "]".repeat(500));
        for (int i = 0; i < 499; i++) {
            v = v.get(0);
        }
        assertEquals(0, v.size());
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "   ",
                "[1,]",
                "[1 2]",
                "[1,2",
                "{\"a\" 1}",
                "{a:1}",
                "{\"a\":1,}",
                "{\"a\":1 \"b\":2}",
                "01",
                "-",
                "-a",
                "1.",
                "1.e5",
                "1e",
                "1e+",
                ".5",
                "+1",
                "tru",
                "nulL",
                "NaN",
                "Infinity",
                "'a'",
                "\"abc",
                "\"a\\",
                "\"\\x\"",
                "\"\\u12G4\"",
                "\"\\u12\"",
                "[1] 2",
                "{\"a\":1,\"a\":2}",
                "[1,/*c*/2]",
                "[1]]"
            })
    void invalidTextIsAnErrorWithItsPosition(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("JSON error at "), e.getMessage());
        assertTrue(e.position() >= 0 && e.position() <= text.length(), e.position() + ": " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(!e.getMessage().contains("`"), "no hints for programmers: " + e.getMessage());
    }

    @Test
    void errorsGiveLineColumnAndOffset() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[1,]"));
        assertTrue(e.getMessage().startsWith("JSON error at line 1, column 4 (offset 3): "), e.getMessage());
        assertEquals(3, e.position());
        e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": tru\n}"));
        assertTrue(e.getMessage().startsWith("JSON error at line 3, column "), e.getMessage());
        assertTrue(e.getMessage().contains("tru"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertTrue(e.getMessage().contains("Duplicate field 'a'"), e.getMessage());
    }

    @Test
    void controlCharactersInStringsAreErrors() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
        assertTrue(e.getMessage().contains("code 10"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("[\u0001]"));
    }

    @Test
    void tooDeepNestingIsAnErrorNotAStackOverflow() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(100_000)));
        assertTrue(e.getMessage().contains("512"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":".repeat(600)));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
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
        assertEquals("{\"1\":true}", Json.write(Map.of(1, true))); // non-string keys as their text
    }

    @Test
    void escapesStrings() {
        assertEquals("\"\\\"\\\\/\\b\\f\\n\\r\\t\"", Json.write("\"\\/\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f \u007f\"", Json.write("\0\u0001\u001f \u007f"));
        assertEquals("\"caf\u00e9 \uD83D\uDE00\"", Json.write("caf\u00e9 \uD83D\uDE00")); // raw, valid pairs kept
        assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029")); // valid JavaScript too
        assertEquals("\"c\"", Json.write('c'));
        assertEquals("\"sb\"", Json.write(new StringBuilder("sb")));
    }

    @Test
    void writesNumbers() {
        assertEquals(
                "[1,-2,3,4,5,6,1.5,0.1,0.1,1.0E20,-0.0]",
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
                        -0.0)));
        assertEquals("[9223372036854775807,-9223372036854775808]", Json.write(List.of(Long.MAX_VALUE, Long.MIN_VALUE)));
        // Whatever is written reads back as the same number.
        for (double d : new double[] {0.1, 1e20, 1e-300, Math.PI, -123456.789, Double.MAX_VALUE, Double.MIN_VALUE}) {
            assertEquals(d, Json.parse(Json.write(d)).doubleValue(), Json.write(d));
        }
        for (float f : new float[] {0.1f, 3.4028235e38f, 1e-45f, 16777217f}) {
            assertEquals(f, (float) Json.parse(Json.write(f)).doubleValue(), Json.write(f));
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
        assertEquals("[true,false]", Json.write(new boolean[] {true, false}));
        assertEquals("[\"a\",null,[1,2]]", Json.write(new Object[] {"a", null, new int[] {1, 2}}));
        assertEquals("[[1.0,2.0],[3.0,4.0]]", Json.write(new float[][] {{1, 2}, {3, 4}}));
        assertEquals("[\n  [\n    1,\n    2\n  ]\n]", Json.writePretty(List.of(new long[] {1, 2})));
        assertEquals("[1,2]", Json.write(new java.util.ArrayDeque<>(List.of(1, 2)))); // any Iterable
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        Map<String, Object> withNullKey = new LinkedHashMap<>();
        withNullKey.put(null, 1);
        assertThrows(IllegalArgumentException.class, () -> Json.write(withNullKey));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }

    @Test
    void roundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "tab\t quote\" back\\ nl\n \u00e9 \uD83D\uDE00 \u0001 \u2028");
        value.put(
                "numbers",
                List.of(0L, -1L, Long.MAX_VALUE, 1.25, -1e-10, new BigInteger("123456789012345678901234567890")));
        value.put("nested", List.of(List.of(), Map.of("k", List.of(true, false)), List.of(List.of("x"))));
        value.put("null", null);
        value.put("", "empty key");
        String compact = Json.write(value);
        assertEquals(compact, Json.write(Json.parse(compact)));
        assertEquals(Json.parse(compact), Json.parse(Json.writePretty(value)));
        assertEquals(value.get("s"), Json.parse(compact).get("s").textValue());
    }
}
