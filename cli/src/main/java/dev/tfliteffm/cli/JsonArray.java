package dev.tfliteffm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfliteffm.cli.Json.JsonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inline array such as {@code [[1,2],[3,4]]}, flattened: its shape ({@code [2, 2]}) and its elements in C
 * order (last index fastest), after checking that it is rectangular and that all elements have one type. A
 * scalar has shape {@code []} and one element. Elements are {@code Long}, {@code BigInteger} (integers beyond a
 * long), {@code Double}, {@code String} or {@code Boolean}.
 *
 * <p>In a {@link Kind#NUMBER NUMBER} array, the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} (what {@link Json#write} produces for non-finite numbers) have been turned into
 * {@code Double}s. An array made only of such strings is a {@link Kind#STRING STRING} array, which
 * {@link #toDoubles()} still accepts.
 *
 * @param shape  the length of each dimension
 * @param values the elements, in C order (unmodifiable)
 * @param kind   what the elements are
 */
record JsonArray(long[] shape, List<Object> values, Kind kind) {

    /** What the elements of a {@link JsonArray} are. */
    enum Kind {
        /** Numbers. */
        NUMBER,
        /** Strings. */
        STRING,
        /** Booleans. */
        BOOLEAN,
        /** No elements at all (some dimension is 0), so no type. */
        EMPTY
    }

    /** Copies {@code shape} and {@code values}. */
    JsonArray {
        shape = shape.clone();
        values = List.copyOf(values);
    }

    /** {@link #of} of {@link Json#parseValue}: e.g. {@code "[[1,2],[3,4]]"} → shape [2, 2], values 1, 2, 3, 4. */
    static JsonArray parse(String text) {
        return of(Json.parseValue(text));
    }

    /** {@link #of(Object)} of a tree of nodes from {@link Json#parse}. */
    static JsonArray of(JsonNode parsed) {
        return of(Json.plain(parsed));
    }

    /**
     * Flattens a parsed JSON value (a nested array, or a scalar) as {@link Json#parseValue} gives it.
     *
     * @throws JsonException when the array is ragged ("ragged array at index [1]: ..."), holds null, objects,
     *                       or elements of more than one type
     */
    static JsonArray of(Object parsed) {
        // The shape is read along the first elements; every other element must then agree with it.
        List<Long> dims = new ArrayList<>();
        for (Object first = parsed; first instanceof List<?> list; first = list.get(0)) {
            dims.add((long) list.size());
            if (list.isEmpty()) {
                break;
            }
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
        }
        List<Object> leaves = new ArrayList<>();
        List<String> leafIndex = new ArrayList<>();
        flatten(parsed, shape, 0, new StringBuilder(), leaves, leafIndex);
        return new JsonArray(shape, leaves, kind(leaves, leafIndex));
    }

    private static void flatten(
            Object value, long[] shape, int depth, StringBuilder index, List<Object> leaves, List<String> leafIndex) {
        String where = depth == 0 ? "[]" : index.toString();
        if (depth < shape.length) {
            if (!(value instanceof List<?> list)) {
                throw new JsonException(
                        "ragged array at index " + where + ": expected an array of " + shape[depth]
                                + " elements, found " + describe(value),
                        -1);
            }
            if (list.size() != shape[depth]) {
                throw new JsonException(
                        "ragged array at index " + where + ": expected " + shape[depth] + " elements, found "
                                + list.size(),
                        -1);
            }
            for (int i = 0; i < list.size(); i++) {
                int mark = index.length();
                index.append('[').append(i).append(']');
                flatten(list.get(i), shape, depth + 1, index, leaves, leafIndex);
                index.setLength(mark);
            }
            return;
        }
        if (value instanceof List) {
            throw new JsonException("ragged array at index " + where + ": expected a scalar, found an array", -1);
        }
        if (value == Json.NULL || value instanceof Map) {
            throw new JsonException(
                    "element at index " + where + " is " + describe(value) + "; expected a number, string or boolean",
                    -1);
        }
        Object leaf = value; // Long, BigInteger, Double, String or Boolean
        if (leaf instanceof Double d && d.isInfinite()) {
            // A number literal beyond float64 (1e400): only the strings "Infinity" and "-Infinity" are infinite.
            throw new JsonException("number at index " + where + " is beyond the range of float64", -1);
        }
        leaves.add(leaf);
        leafIndex.add(where);
    }

    /**
     * The one kind of all elements; special strings are numbers next to numbers, strings otherwise. Turns the
     * special strings of a NUMBER array into Doubles.
     */
    private static Kind kind(List<Object> leaves, List<String> leafIndex) {
        int firstNumber = -1;
        int firstString = -1;
        int firstBool = -1;
        int firstSpecial = -1;
        for (int i = 0; i < leaves.size(); i++) {
            Object v = leaves.get(i);
            if (v instanceof Number) {
                firstNumber = firstNumber < 0 ? i : firstNumber;
            } else if (v instanceof Boolean) {
                firstBool = firstBool < 0 ? i : firstBool;
            } else if (special((String) v) == null) {
                firstString = firstString < 0 ? i : firstString;
            } else {
                firstSpecial = firstSpecial < 0 ? i : firstSpecial;
            }
        }
        if (firstSpecial >= 0 && firstNumber < 0 && firstString < 0) {
            firstString = firstSpecial;
        }
        List<String> parts = new ArrayList<>();
        if (firstNumber >= 0) {
            parts.add("a number at index " + leafIndex.get(firstNumber));
        }
        if (firstString >= 0) {
            parts.add("a string at index " + leafIndex.get(firstString));
        }
        if (firstBool >= 0) {
            parts.add("a boolean at index " + leafIndex.get(firstBool));
        }
        if (parts.size() > 1) {
            throw new JsonException("mixed element types: " + String.join(", ", parts), -1);
        }
        if (firstNumber >= 0) {
            for (int i = 0; i < leaves.size(); i++) {
                if (leaves.get(i) instanceof String s) {
                    leaves.set(i, special(s));
                }
            }
            return Kind.NUMBER;
        }
        return firstString >= 0 ? Kind.STRING : firstBool >= 0 ? Kind.BOOLEAN : Kind.EMPTY;
    }

    /** The double a special string stands for, or null. */
    private static Double special(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static String describe(Object value) {
        return switch (value) {
            case List<?> list -> "an array of " + list.size() + " elements";
            case Map<?, ?> map -> "an object";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            default -> value == Json.NULL ? "null" : "a number";
        };
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The elements as doubles: numbers, and the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
     *
     * @throws JsonException when an element is anything else
     */
    double[] toDoubles() {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            Double special = v instanceof String s ? special(s) : null;
            if (v instanceof Number n) {
                out[i] = n.doubleValue();
            } else if (special != null) {
                out[i] = special;
            } else {
                throw new JsonException("element " + i + " is not a number: " + Json.write(v), -1);
            }
        }
        return out;
    }

    /**
     * The elements as longs, exactly.
     *
     * @throws JsonException when an element is not a number, not an integer, or beyond a long's range
     */
    long[] toLongs() {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            try {
                out[i] = switch (v) {
                    case Long l -> l;
                    case Double d -> new BigDecimal(d).longValueExact(); // NaN/Infinity throw NumberFormatException
                    case BigInteger b -> b.longValueExact();
                    default -> throw new JsonException("element " + i + " is not a number: " + Json.write(v), -1);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw new JsonException(
                        "element " + i + " is not an integer in the range of int64: " + Json.write(v), -1);
            }
        }
        return out;
    }

    /**
     * The elements as booleans.
     *
     * @throws JsonException when an element is not a boolean
     */
    boolean[] toBooleans() {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(values.get(i) instanceof Boolean b)) {
                throw new JsonException("element " + i + " is not a boolean: " + Json.write(values.get(i)), -1);
            }
            out[i] = b;
        }
        return out;
    }

    /**
     * The elements as strings.
     *
     * @throws JsonException when an element is not a string
     */
    List<String> strings() {
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof String s)) {
                throw new JsonException("element " + i + " is not a string: " + Json.write(values.get(i)), -1);
            }
            out.add(s);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray other
                && Arrays.equals(shape, other.shape)
                && values.equals(other.values)
                && kind == other.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), values, kind);
    }

    @Override
    public String toString() {
        return "JsonArray[shape=" + Arrays.toString(shape) + ", kind=" + kind + ", " + values.size() + " values]";
    }
}
