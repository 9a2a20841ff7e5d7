package dev.tfliteffm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonpCharacterEscapes;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's JSON, through Jackson, set up once for what the CLI reads and writes.
 *
 * <p><b>Reading</b> ({@link #parse}, {@link #parseValue}) is strict RFC 8259: no comments, trailing commas, bare
 * {@code NaN}, duplicate keys or text after the value (a leading byte-order mark is skipped). Errors are
 * {@link JsonException}s that give the line, column and offset.
 *
 * <p><b>Writing</b> ({@link #write}, {@link #writePretty}) takes maps (in their own order), lists, arrays
 * (primitive ones too), strings, numbers, booleans and null. Floats are written as {@link Float#toString} does,
 * so {@code 0.1f} is {@code 0.1}. Non-finite numbers, which JSON lacks, become the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (as protobuf's JSON mapping does), which {@link JsonArray} reads
 * back as numbers. U+2028 and U+2029 are escaped, so the output is valid JavaScript too. Pretty output indents
 * by two spaces, one value per line, with {@code ": "} after keys (like Python's
 * {@code json.dumps(value, indent=2)}), and {@code []}/{@code {}} for empty containers.
 *
 * <p>Start-up: {@link #parseValue} and the writers use Jackson's streaming parser and generator (jackson-core)
 * directly; an {@link ObjectMapper} (jackson-databind, whose set-up loads some hundreds of classes) is made only
 * for {@link #parse}'s {@link JsonNode} trees and for values of other types than the above, and then gives the
 * same text (JsonStreamingTest compares the two).
 */
final class Json {

    /** Deeper nesting than this is refused. */
    static final int MAX_DEPTH = 512;

    /** JSON's {@code null} in the values of {@link #parseValue} (whose lists and maps do not hold Java nulls). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final JsonFactory FACTORY = factory();

    private Json() {}

    private static JsonFactory factory() {
        return new JsonFactoryBuilder()
                // A duplicate key is an error: which of the two would win is unclear.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .build())
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // \u001f, as the CLI always wrote
                .characterEscapes(JsonpCharacterEscapes.instance()) // escapes U+2028 and U+2029
                .build();
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        // "\n" on every platform, not the system line separator.
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    /** jackson-databind, made on first use. */
    private static final class Databind {
        static final ObjectMapper MAPPER = JsonMapper.builder(factory())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        static final ObjectWriter COMPACT = MAPPER.writer();
        static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

        private Databind() {}
    }

    /**
     * A JSON text that cannot be parsed, or a value that does not fit what was asked of it. The message gives the
     * position when there is one.
     */
    static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long position;

        JsonException(String message, long position) {
            super(message);
            this.position = position;
        }

        /** The 0-based character offset of the error in the text, or -1 when it has none. */
        long position() {
            return position;
        }
    }

    /** Parses one JSON value, which may be surrounded by whitespace and nothing else, as a tree of nodes. */
    static JsonNode parse(String text) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        JsonNode node;
        try {
            node = Databind.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw error(e, text.length() - json.length());
        }
        if (node.isMissingNode()) { // Jackson's answer for a text of whitespace only
            throw endOfInput(text);
        }
        return node;
    }

    /**
     * Parses one JSON value as {@link #parse} does, with the same errors, into plain values: {@code List}s,
     * {@code Map}s (in the text's order), {@code String}s, {@code Long}s ({@code BigInteger}s beyond a long),
     * {@code Double}s, {@code Boolean}s and {@link #NULL}.
     */
    static Object parseValue(String text) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int skipped = text.length() - json.length();
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw endOfInput(text);
            }
            Object value = value(p, t);
            JsonToken trailing = p.nextToken();
            if (trailing != null) { // what databind's FAIL_ON_TRAILING_TOKENS says, less its hints
                throw error(
                        "Trailing token (of type " + trailing + ") found after value",
                        p.currentTokenLocation(),
                        skipped);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw error(e, skipped);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from a String
        }
    }

    /** A tree of nodes from {@link #parse} as the plain values {@link #parseValue} gives. */
    static Object plain(JsonNode node) {
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isNull()) {
            return NULL;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.isBoolean() ? (Object) node.booleanValue() : node.textValue();
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(value(p, e));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    map.put(name, value(p, p.nextToken()));
                }
                yield map;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IllegalStateException("unexpected " + t); // the parser gives no other start
        };
    }

    private static JsonException endOfInput(String text) {
        return new JsonException(
                "JSON error at offset " + text.length() + ": expected a value, found end of input", text.length());
    }

    /** {@code value} as compact JSON (no spaces). */
    static String write(Object value) {
        return write(value, false);
    }

    /** {@code value} as JSON indented by two spaces, one value per line. */
    static String writePretty(Object value) {
        return write(value, true);
    }

    private static String write(Object value, boolean pretty) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            if (pretty) {
                g.setPrettyPrinter(prettyPrinter());
            }
            write(g, value);
        } catch (Unsupported | JsonProcessingException e) { // e.g. too deep (a cycle): databind says what it says
            return databindWrite(value, pretty);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not to a StringWriter
        }
        return text.toString();
    }

    /** {@code value} written by jackson-databind: what the streaming writer does not know, and the tests. */
    static String databindWrite(Object value, boolean pretty) {
        try {
            return (pretty ? Databind.PRETTY : Databind.COMPACT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A value the streaming writer leaves to databind. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes {@code value} as databind's standard serializers would, or throws {@link Unsupported}. (instanceof,
     * not a pattern switch: each switch site's first run spins a class, a cost at start-up.)
     */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof Short s) {
            g.writeNumber(s);
        } else if (value instanceof Byte b) {
            g.writeNumber(b);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject(map);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new Unsupported();
                }
                g.writeFieldName(key);
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray(list, list.size());
            for (Object e : list) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] array) {
            g.writeStartArray(array, array.length);
            for (Object e : array) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (value instanceof int[] array) {
            g.writeArray(array, 0, array.length);
        } else if (value instanceof long[] array) {
            g.writeArray(array, 0, array.length);
        } else if (value instanceof double[] array) {
            g.writeArray(array, 0, array.length);
        } else if (value instanceof float[] array) {
            g.writeStartArray(array, array.length);
            for (float f : array) {
                g.writeNumber(f);
            }
            g.writeEndArray();
        } else if (value instanceof short[] array) {
            g.writeStartArray(array, array.length);
            for (short s : array) {
                g.writeNumber(s);
            }
            g.writeEndArray();
        } else if (value instanceof boolean[] array) {
            g.writeStartArray(array, array.length);
            for (boolean b : array) {
                g.writeBoolean(b);
            }
            g.writeEndArray();
        } else {
            throw new Unsupported(); // byte[] (base64), enums, records, paths, ...
        }
    }

    private static JsonException error(JsonProcessingException e, int skipped) {
        // Jackson's messages speak to programmers ("enable `JsonReadFeature.X` to allow"); the CLI's users
        // get the problem only.
        return error(e.getOriginalMessage(), e.getLocation(), skipped);
    }

    private static JsonException error(String message, JsonLocation at, int skipped) {
        String problem = message.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2")
                .replaceAll(":? *(enable|not allowed as per) `[^`]*`( to allow)?", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll(" \\(bound as `[^`]*`\\)", "")
                .replaceAll(" \\(not recognized as one since Feature '[^']*' not enabled for parser\\)", "")
                .replaceAll("end-of-input(?=\\w)", "end-of-input: ")
                .replace('\n', ' ');
        if (at == null || at.getLineNr() < 1) {
            return new JsonException("JSON error: " + problem, -1);
        }
        long offset = at.getCharOffset() < 0 ? -1 : at.getCharOffset() + skipped;
        return new JsonException(
                "JSON error at line " + at.getLineNr() + ", column " + at.getColumnNr() + " (offset " + offset + "): "
                        + problem,
                offset);
    }
}
