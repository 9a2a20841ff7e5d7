package dev.tfliteffm.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Parses the Python literals a {@code .npy} header can hold: dicts, tuples, lists, strings (either quote, with
 * an optional u/b prefix), integers (with Python 2's optional L suffix), True, False and None. Dicts become
 * {@code LinkedHashMap}s, lists {@code List}s, tuples {@link Tuple}s, integers {@code BigInteger}s. Errors are
 * {@code IllegalArgumentException}s that give the offset.
 */
final class PyLiteral {

    /** A Python tuple, told apart from a list so that "shape" can be checked as numpy checks it. */
    record Tuple(List<Object> items) {}

    private static final int MAX_DEPTH = 64;
    private final String s;
    private int pos;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** Parses {@code text}, which must hold one literal and nothing else but whitespace. */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the dict");
        }
        return value;
    }

    /** A parsed value as Python's {@code repr} writes it, for messages. */
    static String repr(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value == null) {
            return "None";
        }
        if (value instanceof Tuple t) {
            StringJoiner j = new StringJoiner(", ", "(", t.items().size() == 1 ? ",)" : ")");
            t.items().forEach(v -> j.add(repr(v)));
            return j.toString();
        }
        if (value instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            l.forEach(v -> j.add(repr(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at offset " + pos);
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> dict(depth);
            case '(', '[' -> sequence(c, depth);
            case '\'', '"' -> string();
            default -> {
                if ((c == 'u' || c == 'b' || c == 'U' || c == 'B')
                        && pos + 1 < s.length()
                        && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
                    pos++;
                    yield string();
                }
                if (c == '-' || c == '+' || c >= '0' && c <= '9') {
                    yield integer();
                }
                if (Character.isLetter(c) || c == '_') {
                    yield name();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<Object, Object> dict(int depth) {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek('}')) {
                return map;
            }
            Object key = value(depth + 1);
            skipSpace();
            expect(':');
            Object val = value(depth + 1);
            if (map.containsKey(key)) {
                throw error("duplicate key " + repr(key));
            }
            map.put(key, val);
            if (!separator('}')) {
                return map;
            }
        }
    }

    private Object sequence(char open, int depth) {
        char close = open == '(' ? ')' : ']';
        pos++;
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            skipSpace();
            if (peek(close)) {
                break;
            }
            items.add(value(depth + 1));
            comma = separator(close);
            if (!comma) {
                break;
            }
        }
        if (open == '[') {
            return items;
        }
        // (x) is just x in Python; a tuple of one needs the comma.
        return items.size() == 1 && !comma ? items.getFirst() : new Tuple(items);
    }

    private Object name() {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        String word = s.substring(start, pos);
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
                pos = start;
                throw error("unexpected name '" + word + "'");
            }
        };
    }

    /** After an item: consumes ',' (true: more may follow) or the closing character (false). */
    private boolean separator(char close) {
        skipSpace();
        if (peek(',')) {
            return true;
        }
        if (peek(close)) {
            return false;
        }
        throw error(
                pos >= s.length()
                        ? "unexpected end, expected ',' or '" + close + "'"
                        : "expected ',' or '" + close + "', found '" + s.charAt(pos) + "'");
    }

    private boolean peek(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private BigInteger integer() {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits) {
            throw error("expected a digit");
        }
        BigInteger value = new BigInteger(s.substring(start, pos));
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
            pos++; // Python 2 long, as old numpy wrote shapes: (3L, 4L)
        }
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            throw error("only integers are expected here");
        }
        return value;
    }

    private String string() {
        char quote = s.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\n') {
                throw error("unterminated string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '\\', '\'', '"' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.append((char) hex(4));
                default -> {
                    pos--;
                    throw error("unsupported escape '\\" + e + "'");
                }
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > s.length()) {
            throw error("truncated escape");
        }
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad hex escape");
        }
    }
}
