package dev.tfliteffm.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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

/**
 * The command line's JSON, through Jackson, set up once for what the CLI reads and writes.
 *
 * <p><b>Reading</b> ({@link #parse}) is strict RFC 8259: no comments, trailing commas, bare {@code NaN},
 * duplicate keys or text after the value (a leading byte-order mark is skipped). Errors are
 * {@link JsonException}s that give the line, column and offset.
 *
 * <p><b>Writing</b> ({@link #write}, {@link #writePretty}) takes maps (in their own order), lists, arrays
 * (primitive ones too), strings, numbers, booleans and null. Floats are written as {@link Float#toString} does,
 * so {@code 0.1f} is {@code 0.1}. Non-finite numbers, which JSON lacks, become the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (as protobuf's JSON mapping does), which {@link JsonArray} reads
 * back as numbers. U+2028 and U+2029 are escaped, so the output is valid JavaScript too. Pretty output indents
 * by two spaces, one value per line, with {@code ": "} after keys (like Python's
 * {@code json.dumps(value, indent=2)}), and {@code []}/{@code {}} for empty containers.
 */
final class Json {

    /** Deeper nesting than this is refused. */
    static final int MAX_DEPTH = 512;

    private static final ObjectMapper MAPPER = JsonMapper.builder(factory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

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

    /** Parses one JSON value, which may be surrounded by whitespace and nothing else. */
    static JsonNode parse(String text) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw error(e, text.length() - json.length());
        }
        if (node.isMissingNode()) { // Jackson's answer for a text of whitespace only
            throw new JsonException(
                    "JSON error at offset " + text.length() + ": expected a value, found end of input", text.length());
        }
        return node;
    }

    /** {@code value} as compact JSON (no spaces). */
    static String write(Object value) {
        return write(COMPACT, value);
    }

    /** {@code value} as JSON indented by two spaces, one value per line. */
    static String writePretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonException error(JsonProcessingException e, int skipped) {
        // Jackson's messages speak to programmers ("enable `JsonReadFeature.X` to allow"); the CLI's users
        // get the problem only.
        String problem = e.getOriginalMessage()
                .replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2")
                .replaceAll(":? *(enable|not allowed as per) `[^`]*`( to allow)?", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll(" \\(bound as `[^`]*`\\)", "")
                .replaceAll(" \\(not recognized as one since Feature '[^']*' not enabled for parser\\)", "")
                .replaceAll("end-of-input(?=\\w)", "end-of-input: ")
                .replace('\n', ' ');
        JsonLocation at = e.getLocation();
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
