package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfliteffm.cli.Json.JsonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Json}'s streaming reader and writer (jackson-core), which {@code run} uses, against jackson-databind's
 * {@code readTree} and {@code ObjectWriter} set up as the CLI sets them up: the same values, the same text and the
 * same errors, word for word and position for position.
 */
class JsonStreamingTest {

    static Stream<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                // values
                "0",
                "-0",
                "7",
                "-0.0",
                "1.5",
                "1e3",
                "1E+3",
                "1e-2",
                "1e400",
                "-1e400",
                "1e-400",
                "4.9e-324",
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "2147483648",
                "0.1",
                "1.7976931348623157e308",
                "true",
                "false",
                "null",
                "\"\"",
                "\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\"",
                "\"\\u00e9\\ud83d\\ude00\"",
                "\"caf\u00e9 \uD83D\uDE00\"",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "\"\u2028\"",
                "[]",
                "[[]]",
                "[[],[]]",
                "[[1,2],[3,4]]",
                "[[[1]],[[2]]]",
                "[1,[2]]",
                "[[1],2]",
                "[1,\"a\",true,null]",
                "{}",
                "{\"a\":1}",
                "{\"z\":1,\"a\":[true,null,{\"m\":\"x\"}],\"m\":{}}",
                "[{\"a\":{\"a\":1}}]",
                "\uFEFF[1]",
                "\uFEFF",
                " \t\r\n[ 1 ,\n 2 ]\n",
                "[\"NaN\", \"Infinity\", \"-Infinity\", 1.5]",
                "[[1.5708]]",
                "[[5]]",
                "[[-129]]",
                "[[\"x\"]]",
                "[[null]]",
                "[[false]]",
                // errors
                "",
                "   ",
                "\n\n",
                "[1,]",
                "[1 2]",
                "[1,2",
                "[1,",
                "{\"a\" 1}",
                "{a:1}",
                "{\"a\":1,}",
                "{\"a\":1 \"b\":2}",
                "01",
                "[01]",
                "-",
                "-a",
                "[-]",
                "1.",
                "1.e5",
                "1e",
                "1e+",
                "[1.5e]",
                ".5",
                "+1",
                "[0x10]",
                "tru",
                "[tru]",
                "nulL",
                "NaN",
                "[NaN]",
                "Infinity",
                "'a'",
                "['a']",
                "\"abc",
                "\"a\\",
                "\"\\x\"",
                "\"\\u12G4\"",
                "\"\\u12\"",
                "[1] 2",
                "[1] [2]",
                "1 2",
                "{} x",
                "[1]x",
                "[1]]",
                "[[1]",
                "\"a\" \"b\"",
                "[1]\n\n  {",
                "[1]//c",
                "[1,/*c*/2]",
                "{\"a\":1,\"a\":2}",
                "[1,{\"a\":1,\"a\":2}]",
                "\"a\nb\"",
                "[\u0001]",
                "\uFEFF[1,]",
                "\uFEFF[1] 2",
                "{\"a\":",
                "[\"a\"",
                "}",
                "]",
                ":",
                ","));
        texts.add("[".repeat(512) + "]".repeat(512));
        texts.add("[".repeat(513) + "]".repeat(513));
        texts.add("[".repeat(100_000));
        texts.add("{\"a\":".repeat(600));
        texts.add("[" + "1,".repeat(10_000) + "1]");
        return texts.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("texts")
    void parseValueReadsWhatReadTreeReads(String text) {
        Object expected;
        try {
            expected = Json.plain(Json.parse(text));
        } catch (JsonException databind) {
            JsonException streaming = assertThrows(JsonException.class, () -> Json.parseValue(text));
            assertEquals(databind.getMessage(), streaming.getMessage());
            assertEquals(databind.position(), streaming.position());
            return;
        }
        assertEquals(expected, Json.parseValue(text));
    }

    enum Color {
        RED
    }

    record Pair(int a, String b) {}

    static Stream<Object> values() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "x\"y");
        map.put("n", 3);
        map.put("null", null);
        map.put("", "empty key");
        map.put("list", Arrays.asList(1L, 2.5, null, true));
        map.put("empty", Map.of());
        map.put("none", List.of());
        map.put("nested", List.of(List.of(), Map.of("k", List.of(true, false)), List.of(List.of("x"))));
        Map<String, Object> withNullKey = new LinkedHashMap<>();
        withNullKey.put(null, 1);
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        return Stream.of(
                map,
                "tab\t quote\" back\\ slash/ nl\n \u00e9 \uD83D\uDE00 \u0001 \u001f \u007f \u2028\u2029 \uD800",
                "",
                null,
                true,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                (short) -2,
                (byte) 3,
                0.1f,
                1e-45f,
                3.4028235e38f,
                16777217f,
                -0.0f,
                Float.NaN,
                0.1,
                1e20,
                -0.0,
                Double.MIN_VALUE,
                Double.NaN,
                Double.NEGATIVE_INFINITY,
                new BigInteger("-123456789012345678901234567890"),
                new float[] {0.1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 1e-45f},
                new double[] {0.1, Double.NaN, 2, -0.0},
                new int[] {1, Integer.MIN_VALUE},
                new long[] {Long.MIN_VALUE, 0},
                new short[] {Short.MIN_VALUE, 7},
                new boolean[] {true, false},
                new int[0],
                new float[0],
                new Object[] {"a", null, new int[] {1, 2}, List.of()},
                new String[] {"a", "b"},
                new float[][] {{1, 2}, {3, 4}},
                List.of(new long[] {1, 2}, new float[] {1.5f}),
                new LinkedHashSet<>(List.of("b", "a")),
                new TreeMap<>(Map.of("b", 2, "a", 1)),
                Map.of("shape", new int[] {1, 1}, "dtype", "float32"),
                // to databind: types the streaming writer does not write itself
                Map.of(1, true),
                'c',
                new StringBuilder("sb"),
                new BigDecimal("6.50"),
                new byte[] {1, 2, 3},
                Color.RED,
                new Pair(1, "b"),
                Path.of("a", "b"),
                new java.util.ArrayDeque<>(List.of(1, 2)),
                List.of(Map.of("k", Color.RED)),
                withNullKey,
                cycle,
                new Object());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void writesWhatDatabindWrites(Object value) {
        for (boolean pretty : new boolean[] {false, true}) {
            String expected;
            try {
                expected = Json.databindWrite(value, pretty);
            } catch (IllegalArgumentException databind) {
                IllegalArgumentException streaming =
                        assertThrows(IllegalArgumentException.class, () -> write(value, pretty));
                assertEquals(databind.getMessage(), streaming.getMessage());
                continue;
            }
            assertEquals(expected, write(value, pretty));
        }
    }

    private static String write(Object value, boolean pretty) {
        return pretty ? Json.writePretty(value) : Json.write(value);
    }
}
