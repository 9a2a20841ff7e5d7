package dev.tfliteffm.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.cli.Json;
import dev.tfliteffm.cli.Json.ArrayData;
import dev.tfliteffm.cli.Json.ElementKind;
import dev.tfliteffm.cli.Json.JsonException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Json#parseArray}: inline arrays as shape + flat values, and what makes them invalid. */
class JsonArrayTest {

    @Test
    void flattensInCOrder() {
        ArrayData a = Json.parseArray("[[1,2],[3,4],[5,6]]");
        assertArrayEquals(new long[] {3, 2}, a.shape());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), a.values());
        assertEquals(ElementKind.NUMBER, a.kind());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, a.toLongs());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.toDoubles());

        ArrayData b = Json.parseArray("[[[1],[2]],[[3],[4]]]");
        assertArrayEquals(new long[] {2, 2, 1}, b.shape());
        assertEquals(List.of(1L, 2L, 3L, 4L), b.values());

        ArrayData c = Json.parseArray(" [0.5, -1, 1e3] ");
        assertArrayEquals(new long[] {3}, c.shape());
        assertArrayEquals(new double[] {0.5, -1, 1000}, c.toDoubles());
    }

    @Test
    void scalarsAndEmptyArrays() {
        ArrayData scalar = Json.parseArray("7");
        assertArrayEquals(new long[0], scalar.shape());
        assertEquals(List.of(7L), scalar.values());
        assertEquals(ElementKind.NUMBER, scalar.kind());

        ArrayData text = Json.parseArray("\"hi\"");
        assertArrayEquals(new long[0], text.shape());
        assertEquals(List.of("hi"), text.strings());

        ArrayData empty = Json.parseArray("[]");
        assertArrayEquals(new long[] {0}, empty.shape());
        assertEquals(ElementKind.EMPTY, empty.kind());
        assertEquals(0, empty.toDoubles().length);

        ArrayData empty2 = Json.parseArray("[[],[],[]]");
        assertArrayEquals(new long[] {3, 0}, empty2.shape());
        assertEquals(List.of(), empty2.values());
    }

    @Test
    void stringsAndBooleans() {
        ArrayData s = Json.parseArray("[[\"a\",\"b\"],[\"\",\"\\u00e9\"]]");
        assertArrayEquals(new long[] {2, 2}, s.shape());
        assertEquals(ElementKind.STRING, s.kind());
        assertEquals(List.of("a", "b", "", "\u00e9"), s.strings());

        ArrayData b = Json.parseArray("[true,false,true]");
        assertEquals(ElementKind.BOOLEAN, b.kind());
        assertArrayEquals(new boolean[] {true, false, true}, b.toBooleans());
    }

    @Test
    void nonFiniteStringsAreNumbersAmongNumbers() {
        ArrayData a = Json.parseArray("[1.5, \"NaN\", \"Infinity\", \"-Infinity\"]");
        assertEquals(ElementKind.NUMBER, a.kind());
        assertEquals(List.of(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), a.values());
        double[] d = a.toDoubles();
        assertTrue(Double.isNaN(d[1]) && d[2] == Double.POSITIVE_INFINITY && d[3] == Double.NEGATIVE_INFINITY);

        // Alone they are strings, which toDoubles still reads.
        ArrayData alone = Json.parseArray("[\"NaN\", \"Infinity\"]");
        assertEquals(ElementKind.STRING, alone.kind());
        assertEquals(List.of("NaN", "Infinity"), alone.strings());
        assertTrue(Double.isNaN(alone.toDoubles()[0]));

        // What the writer produces for a float tensor reads back as the same floats.
        float[] floats = {1f, Float.NaN, Float.NEGATIVE_INFINITY};
        double[] back = Json.parseArray(Json.write(floats)).toDoubles();
        assertEquals(3, back.length);
        assertEquals(1.0, back[0]);
        assertTrue(Double.isNaN(back[1]));
        assertEquals(Double.NEGATIVE_INFINITY, back[2]);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[[1,2],[3]]                 | ragged array at index [1]: expected 2 elements, found 1",
                "[[1,2],[3,4,5]]             | ragged array at index [1]: expected 2 elements, found 3",
                "[[1,2],3]                   | ragged array at index [1]: expected an array of 2 elements, found a number",
                "[1,[2]]                     | ragged array at index [1]: expected a scalar, found an array",
                "[[[1,2],[3,4]],[[5,6],[7]]] | ragged array at index [1][1]: expected 2 elements, found 1",
                "[[],[1]]                    | ragged array at index [1]: expected 0 elements, found 1",
                "[[1],\"a\"]                 | ragged array at index [1]: expected an array of 1 elements, found a string",
                "[[1],[[2]]]                 | ragged array at index [1][0]: expected a scalar, found an array",
                "[1,null]                    | element at index [1] is null; expected a number, string or boolean",
                "[{\"a\":1}]                 | element at index [0] is an object",
                "null                        | element at index [] is null",
                "[1,\"a\"]                   | mixed element types: a number at index [0], a string at index [1]",
                "[[true],[2]]                | mixed element types: a number at index [1][0], a boolean at index [0][0]",
                "[\"NaN\",true]              | mixed element types: a string at index [0], a boolean at index [1]",
            })
    void invalidArraysAreClearErrors(String text, String message) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseArray(text));
        assertTrue(e.getMessage().startsWith(message), () -> "expected '" + message + "', got: " + e.getMessage());
        assertEquals(-1, e.position());
    }

    @Test
    void syntaxErrorsKeepTheirPosition() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseArray("[[1,2],[3,]]"));
        assertEquals(10, e.position());
    }

    @Test
    void conversionsCheckTheirElements() {
        assertArrayEquals(
                new long[] {3, -4, Long.MAX_VALUE},
                Json.parseArray("[3.0, -4, 9223372036854775807]").toLongs());
        JsonException e = assertThrows(
                JsonException.class, () -> Json.parseArray("[1, 1.5]").toLongs());
        assertTrue(
                e.getMessage().contains("element 1 is not an integer")
                        && e.getMessage().contains("1.5"),
                e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parseArray("[1e30]").toLongs());
        assertTrue(e.getMessage().contains("range of int64"), e.getMessage());
        e = assertThrows(
                JsonException.class,
                () -> Json.parseArray("[9223372036854775808]").toLongs());
        assertTrue(e.getMessage().contains("element 0"), e.getMessage());
        e = assertThrows(
                JsonException.class, () -> Json.parseArray("[1, \"NaN\"]").toLongs());
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        assertArrayEquals(
                new long[] {5},
                Json.toArrayData(List.of(new BigDecimal("5.00"))).toLongs());

        e = assertThrows(JsonException.class, () -> Json.parseArray("[\"a\"]").toDoubles());
        assertTrue(e.getMessage().contains("element 0 is not a number: \"a\""), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parseArray("[1]").toBooleans());
        assertTrue(e.getMessage().contains("element 0 is not a boolean"), e.getMessage());
        e = assertThrows(JsonException.class, () -> Json.parseArray("[1]").strings());
        assertTrue(e.getMessage().contains("element 0 is not a string"), e.getMessage());
    }

    @Test
    void worksOnAlreadyParsedValuesAndComparesByContent() {
        ArrayData a = Json.toArrayData(List.of(List.of(1L, 2L)));
        assertEquals(Json.parseArray("[[1,2]]"), a);
        assertEquals(Json.parseArray("[[1,2]]").hashCode(), a.hashCode());
        assertNotEquals(Json.parseArray("[1,2]"), a);
        long[] shape = a.shape();
        shape[0] = 9;
        assertArrayEquals(new long[] {1, 2}, a.shape());
        assertThrows(UnsupportedOperationException.class, () -> a.values().add(3L));
    }
}
