package dev.tfliteffm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal JSON parser and writer, with no dependency beyond the JDK.
 *
 * <p><b>Parsing</b> ({@link #parse}) follows RFC 8259 strictly (no comments, no trailing commas, no bare
 * {@code NaN}; a leading byte-order mark is skipped) and gives
 * <ul>
 *   <li>objects as {@code LinkedHashMap<String, Object>} in the order of the text (a duplicate key is an
 *       error, since which one would win is unclear);</li>
 *   <li>arrays as {@code List<Object>}; strings as {@code String}; {@code true}/{@code false} as
 *       {@code Boolean}; {@code null} as {@code null};</li>
 *   <li>numbers without fraction or exponent as {@code Long}, or {@code BigDecimal} when they do not fit
 *       a long (so integers stay exact; {@code -0} is {@code 0L}); other numbers as {@code Double}, or
 *       {@code BigDecimal} when their magnitude is beyond a double's range.</li>
 * </ul>
 * Errors are {@link JsonException}s whose message gives the line, column and offset.
 *
 * <p><b>Writing</b> ({@link #write}, {@link #writePretty}) takes maps (keys in the map's own order,
 * written with {@link String#valueOf}), iterables, {@code Object[]}, the primitive arrays
 * {@code float[] double[] int[] long[] short[] byte[] boolean[]}, strings and characters, numbers,
 * booleans and null. Floats are written with {@link Float#toString} (the shortest text that reads back as
 * the same float, so {@code 0.1f} is {@code 0.1}), doubles with {@link Double#toString}.
 * <b>Non-finite numbers</b> have no JSON form; they are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (as protobuf's JSON mapping does): the output stays valid
 * JSON and loses nothing, and {@link #toArrayData} reads those strings back as numbers. Strings are
 * escaped as JSON requires, plus U+2028, U+2029 and lone surrogates as {@code \\uXXXX}, so the output is
 * always valid UTF-8 and valid JavaScript. Pretty output indents by two spaces, one value per line, with
 * {@code ": "} after keys (like Python's {@code json.dumps(value, indent=2)}).
 *
 * <p><b>Inline arrays</b> ({@link #parseArray}, {@link #toArrayData}): a nested array such as
 * {@code [[1,2],[3,4]]} becomes a shape ({@code [2, 2]}) and the elements in C order, after checking that
 * it is rectangular and that all elements have one type (numbers, strings or booleans).
 */
public final class Json {

    /** Deeper nesting than this is refused (parser) or taken for a cycle (writer). */
    static final int MAX_DEPTH = 512;

    private Json() {}

    /**
     * A JSON text that cannot be parsed, or a value that does not fit what was asked of it. The message
     * gives the position when there is one.
     */
    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int position;

        /** Creates the exception; {@code position} is a 0-based offset into the text, or -1. */
        public JsonException(String message, int position) {
            super(message);
            this.position = position;
        }

        /** The 0-based character offset of the error in the text, or -1 when it has none. */
        public int position() {
            return position;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing

    /** Parses one JSON value, which may be surrounded by whitespace and nothing else. */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        if (p.pos < text.length() && text.charAt(p.pos) == '\uFEFF') {
            p.pos++;
        }
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeNext() + " after the JSON value");
        }
        return value;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = Objects.requireNonNull(s, "text");
        }

        JsonException error(String problem) {
            return error(problem, pos);
        }

        JsonException error(String problem, int at) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new JsonException(
                    "JSON error at line " + line + ", column " + (at - lineStart + 1) + " (offset " + at + "): "
                            + problem,
                    at);
        }

        String describeNext() {
            if (pos >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(pos);
            return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Object value(int depth) {
            skipSpace();
            if (pos >= s.length()) {
                throw error("expected a value, found end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || c >= '0' && c <= '9') {
                        yield number();
                    }
                    throw error("expected a value, found " + describeNext());
                }
            };
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (consume('}')) {
                return map;
            }
            while (true) {
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("expected a string key, found " + describeNext());
                }
                int keyAt = pos;
                String key = string();
                skipSpace();
                if (!consume(':')) {
                    throw error("expected ':' after an object key, found " + describeNext());
                }
                Object value = value(depth);
                if (map.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"", keyAt);
                }
                map.put(key, value);
                skipSpace();
                if (consume('}')) {
                    return map;
                }
                if (!consume(',')) {
                    throw error("expected ',' or '}' in an object, found " + describeNext());
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++;
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (consume(']')) {
                return list;
            }
            while (true) {
                list.add(value(depth));
                skipSpace();
                if (consume(']')) {
                    return list;
                }
                if (!consume(',')) {
                    throw error("expected ',' or ']' in an array, found " + describeNext());
                }
            }
        }

        private boolean consume(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                int end = pos;
                while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
                    end++;
                }
                throw error("unknown literal '" + s.substring(pos, Math.max(end, pos + 1)) + "'");
            }
            pos += word.length();
            return value;
        }

        private String string() {
            int start = pos;
            pos++; // the opening quote
            StringBuilder out = null; // only needed once an escape appears
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string (started at offset " + start + ")");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String result = out == null
                            ? s.substring(runStart, pos)
                            : out.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                }
                if (c < 0x20) {
                    throw error(String.format("unescaped control character U+%04X in a string", (int) c));
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(s, runStart, pos);
                pos++;
                if (pos >= s.length()) {
                    throw error("unterminated string (started at offset " + start + ")");
                }
                char e = s.charAt(pos);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 5 > s.length()) {
                            throw error("truncated \\u escape", pos - 1);
                        }
                        int v = 0;
                        for (int i = 1; i <= 4; i++) {
                            int d = Character.digit(s.charAt(pos + i), 16);
                            if (d < 0) {
                                throw error("invalid \\u escape '" + s.substring(pos - 1, pos + 5) + "'", pos - 1);
                            }
                            v = v * 16 + d;
                        }
                        out.append((char) v); // surrogate pairs arrive as two escapes and join up by themselves
                        pos += 4;
                    }
                    default -> throw error("invalid escape '\\" + e + "'", pos - 1);
                }
                pos++;
                runStart = pos;
            }
        }

        private Object number() {
            int start = pos;
            consume('-');
            if (consume('0')) {
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    throw error("leading zeros are not allowed in numbers");
                }
            } else if (!digits()) {
                throw error("expected a digit after '-'");
            }
            boolean integer = true;
            if (consume('.')) {
                integer = false;
                if (!digits()) {
                    throw error("expected a digit after the decimal point");
                }
            }
            if (consume('e') || consume('E')) {
                integer = false;
                if (!consume('+')) {
                    consume('-');
                }
                if (!digits()) {
                    throw error("expected a digit in the exponent");
                }
            }
            String text = s.substring(start, pos);
            if (integer) {
                if (text.length() <= 18) {
                    return Long.parseLong(text);
                }
                BigInteger big = new BigInteger(text);
                return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
            }
            double d = Double.parseDouble(text);
            // Beyond a double's range: keep the exact value rather than Infinity.
            return Double.isInfinite(d) ? new BigDecimal(text) : (Object) d;
        }

        private boolean digits() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /** {@code value} as compact JSON (no spaces). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeTo(value, out, false);
        return out.toString();
    }

    /** {@code value} as JSON indented by two spaces, one value per line. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        writeTo(value, out, true);
        return out.toString();
    }

    /**
     * Appends {@code value} as JSON to {@code out}, compact or pretty.
     *
     * @throws IllegalArgumentException for a value of a type listed nowhere above, a null map key, or
     *                                  nesting deeper than {@value #MAX_DEPTH} levels (a cycle)
     */
    public static void write(Object value, Appendable out, boolean pretty) throws IOException {
        try {
            writeTo(value, out, pretty);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeTo(Object value, Appendable out, boolean pretty) {
        new Writer(out, pretty).value(value, 0);
    }

    private static final class Writer {
        private final Appendable out;
        private final boolean pretty;

        Writer(Appendable out, boolean pretty) {
            this.out = out;
            this.pretty = pretty;
        }

        private Writer put(CharSequence s) {
            try {
                out.append(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private Writer put(char c) {
            try {
                out.append(c);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        void value(Object value, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + " levels (a cycle?)");
            }
            switch (value) {
                case null -> put("null");
                case Boolean b -> put(b.toString());
                case CharSequence cs -> string(cs);
                case Character c -> string(c.toString());
                case Double d -> number(d);
                case Float f -> number(f);
                case BigDecimal d -> put(d.toString());
                case Long l -> put(l.toString());
                case Integer i -> put(i.toString());
                case Short sh -> put(sh.toString());
                case Byte b -> put(b.toString());
                case BigInteger b -> put(b.toString());
                case Number n -> otherNumber(n);
                case Map<?, ?> map -> object(map, depth);
                case Iterable<?> it -> {
                    List<Object> items = new ArrayList<>();
                    it.forEach(items::add);
                    array(items.size(), i -> value(items.get(i), depth + 1), depth);
                }
                case Object[] a -> array(a.length, i -> value(a[i], depth + 1), depth);
                case float[] a -> array(a.length, i -> number(a[i]), depth);
                case double[] a -> array(a.length, i -> number(a[i]), depth);
                case int[] a -> array(a.length, i -> put(Integer.toString(a[i])), depth);
                case long[] a -> array(a.length, i -> put(Long.toString(a[i])), depth);
                case short[] a -> array(a.length, i -> put(Short.toString(a[i])), depth);
                case byte[] a -> array(a.length, i -> put(Byte.toString(a[i])), depth);
                case boolean[] a -> array(a.length, i -> put(Boolean.toString(a[i])), depth);
                default ->
                    throw new IllegalArgumentException(
                            "cannot write a " + value.getClass().getName() + " as JSON");
            }
        }

        private void number(double d) {
            if (Double.isFinite(d)) {
                put(Double.toString(d));
            } else {
                put(Double.isNaN(d) ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
            }
        }

        /** AtomicLong and the like: their text, normalised by BigDecimal (whose text is always JSON), else their double. */
        private void otherNumber(Number n) {
            BigDecimal exact;
            try {
                exact = new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                number(n.doubleValue());
                return;
            }
            put(exact.toString());
        }

        private void number(float f) {
            if (Float.isFinite(f)) {
                put(Float.toString(f));
            } else {
                number((double) f);
            }
        }

        private void newline(int depth) {
            if (pretty) {
                put('\n');
                for (int i = 0; i < depth; i++) {
                    put("  ");
                }
            }
        }

        private interface Element {
            void write(int index);
        }

        private void array(int length, Element element, int depth) {
            put('[');
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    put(',');
                }
                newline(depth + 1);
                element.write(i);
            }
            if (length > 0) {
                newline(depth);
            }
            put(']');
        }

        private void object(Map<?, ?> map, int depth) {
            put('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("cannot write a null map key as JSON");
                }
                if (!first) {
                    put(',');
                }
                first = false;
                newline(depth + 1);
                string(String.valueOf(e.getKey()));
                put(pretty ? ": " : ":");
                value(e.getValue(), depth + 1);
            }
            if (!first) {
                newline(depth);
            }
            put('}');
        }

        private void string(CharSequence s) {
            put('"');
            int runStart = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                String escape = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> {
                        boolean lone = Character.isHighSurrogate(c)
                                ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                                : Character.isLowSurrogate(c)
                                        && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                        yield c < 0x20 || c == '\u2028' || c == '\u2029' || lone
                                ? String.format("\\u%04x", (int) c)
                                : null;
                    }
                };
                if (escape != null) {
                    put(s.subSequence(runStart, i)).put(escape);
                    runStart = i + 1;
                }
            }
            put(s.subSequence(runStart, s.length())).put('"');
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Inline arrays

    /** What the elements of an {@link ArrayData} are. */
    public enum ElementKind {
        /** Numbers: {@code Long}, {@code Double} or {@code BigDecimal}. */
        NUMBER,
        /** Strings. */
        STRING,
        /** Booleans. */
        BOOLEAN,
        /** No elements at all (some dimension is 0), so no type. */
        EMPTY
    }

    /**
     * A rectangular nested JSON array, flattened: its shape and its elements in C order (last index
     * fastest). A scalar has shape {@code []} and one element.
     *
     * <p>In a {@link ElementKind#NUMBER NUMBER} array, the strings {@code "NaN"}, {@code "Infinity"} and
     * {@code "-Infinity"} (what {@link Json#write} produces for non-finite numbers) have been turned into
     * {@code Double}s. An array made only of such strings is a {@link ElementKind#STRING STRING} array,
     * which {@link #toDoubles()} still accepts.
     *
     * @param shape  the length of each dimension
     * @param values the elements, in C order (unmodifiable)
     * @param kind   what the elements are
     */
    public record ArrayData(long[] shape, List<Object> values, ElementKind kind) {

        /** Copies {@code shape} and {@code values}. */
        public ArrayData {
            shape = shape.clone();
            values = List.copyOf(values); // List.copyOf refuses nulls, which toArrayData never lets in
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /**
         * The elements as doubles: numbers, and the strings {@code "NaN"}, {@code "Infinity"},
         * {@code "-Infinity"}.
         *
         * @throws JsonException when an element is anything else
         */
        public double[] toDoubles() {
            double[] out = new double[values.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = values.get(i);
                if (v instanceof Number n) {
                    out[i] = n.doubleValue();
                } else if (v instanceof String s && special(s) != null) {
                    out[i] = special(s);
                } else {
                    throw new JsonException("element " + i + " is not a number: " + write(v), -1);
                }
            }
            return out;
        }

        /**
         * The elements as longs, exactly.
         *
         * @throws JsonException when an element is not a number, not an integer, or beyond a long's range
         */
        public long[] toLongs() {
            long[] out = new long[values.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = values.get(i);
                try {
                    out[i] = switch (v) {
                        case Long l -> l;
                        case Double d -> new BigDecimal(d).longValueExact(); // NaN/Infinity throw NumberFormatException
                        case BigDecimal d -> d.longValueExact();
                        default -> throw new JsonException("element " + i + " is not a number: " + write(v), -1);
                    };
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new JsonException(
                            "element " + i + " is not an integer in the range of int64: " + write(v), -1);
                }
            }
            return out;
        }

        /**
         * The elements as booleans.
         *
         * @throws JsonException when an element is not a boolean
         */
        public boolean[] toBooleans() {
            boolean[] out = new boolean[values.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(values.get(i) instanceof Boolean b)) {
                    throw new JsonException("element " + i + " is not a boolean: " + write(values.get(i)), -1);
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
        public List<String> strings() {
            List<String> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                if (!(values.get(i) instanceof String s)) {
                    throw new JsonException("element " + i + " is not a string: " + write(values.get(i)), -1);
                }
                out.add(s);
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArrayData other
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
            return "ArrayData[shape=" + Arrays.toString(shape) + ", kind=" + kind + ", " + values.size() + " values]";
        }
    }

    /** {@link #toArrayData} of {@link #parse}: e.g. {@code "[[1,2],[3,4]]"} → shape [2, 2], values 1, 2, 3, 4. */
    public static ArrayData parseArray(String text) {
        return toArrayData(parse(text));
    }

    /**
     * Flattens a parsed JSON value (a nested list, or a scalar) into an {@link ArrayData}.
     *
     * @throws JsonException when the array is ragged ("ragged array at index [1]: ..."), holds null,
     *                       objects, or elements of more than one type
     */
    public static ArrayData toArrayData(Object parsed) {
        // The shape is read along the first elements; every other element must then agree with it.
        List<Long> dims = new ArrayList<>();
        Object first = parsed;
        while (first instanceof List<?> list) {
            dims.add((long) list.size());
            if (list.isEmpty()) {
                break;
            }
            first = list.getFirst();
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        List<Object> leaves = new ArrayList<>();
        List<String> leafIndex = new ArrayList<>();
        flatten(parsed, shape, 0, new StringBuilder(), leaves, leafIndex);

        boolean number = false;
        boolean string = false;
        boolean bool = false;
        int firstNumber = -1;
        int firstString = -1;
        int firstBool = -1;
        for (int i = 0; i < leaves.size(); i++) {
            Object v = leaves.get(i);
            if (v instanceof Number) {
                number = true;
                firstNumber = firstNumber < 0 ? i : firstNumber;
            } else if (v instanceof Boolean) {
                bool = true;
                firstBool = firstBool < 0 ? i : firstBool;
            } else if (!(v instanceof String s && special(s) != null)) {
                string = true;
                firstString = firstString < 0 ? i : firstString;
            }
        }
        boolean anySpecial = leaves.stream().anyMatch(v -> v instanceof String s && special(s) != null);
        // Special strings are numbers next to numbers, strings otherwise.
        if (anySpecial && !number) {
            string = true;
            for (int i = 0; i < leaves.size() && firstString < 0; i++) {
                if (leaves.get(i) instanceof String) {
                    firstString = i;
                }
            }
        }
        int kinds = (number ? 1 : 0) + (string ? 1 : 0) + (bool ? 1 : 0);
        if (kinds > 1) {
            List<String> parts = new ArrayList<>();
            if (number) {
                parts.add("a number at index " + leafIndex.get(firstNumber));
            }
            if (string) {
                parts.add("a string at index " + leafIndex.get(firstString));
            }
            if (bool) {
                parts.add("a boolean at index " + leafIndex.get(firstBool));
            }
            throw new JsonException("mixed element types: " + String.join(", ", parts), -1);
        }
        ElementKind kind = number
                ? ElementKind.NUMBER
                : string ? ElementKind.STRING : bool ? ElementKind.BOOLEAN : ElementKind.EMPTY;
        if (number && anySpecial) {
            leaves.replaceAll(v -> v instanceof String s ? (Object) special(s) : v);
        }
        return new ArrayData(shape, leaves, kind);
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
        if (value instanceof List<?>) {
            throw new JsonException("ragged array at index " + where + ": expected a scalar, found an array", -1);
        }
        if (value == null || value instanceof Map<?, ?>) {
            throw new JsonException(
                    "element at index " + where + " is " + describe(value) + "; expected a number, string or boolean",
                    -1);
        }
        leaves.add(value);
        leafIndex.add(where);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case List<?> l -> "an array of " + l.size() + " elements";
            case Map<?, ?> m -> "an object";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> "a " + value.getClass().getSimpleName();
        };
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
}
