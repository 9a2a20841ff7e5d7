package dev.tfliteffm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signatures (SignatureDefs) of a model: each key with the names of its inputs and outputs. Its
 * {@link #toString()} prints exactly what Python's {@code interpreter.get_signature_list()} prints, e.g.
 * {@code {'decode': {'inputs': ['x'], 'outputs': ['decoded_result']}, 'encode': {'inputs': ['x'], 'outputs': ['encoded_result']}}}.
 */
public final class Signatures {

    private final Map<String, List<String>> inputs;
    private final Map<String, List<String>> outputs;

    Signatures(Map<String, List<String>> inputs, Map<String, List<String>> outputs) {
        this.inputs = new TreeMap<>(inputs);
        this.outputs = new TreeMap<>(outputs);
    }

    /** The signature keys, sorted. Empty for a model without SignatureDefs. */
    public List<String> keys() {
        return List.copyOf(inputs.keySet());
    }

    /** Whether there is a signature {@code key}. */
    public boolean contains(String key) {
        return inputs.containsKey(key);
    }

    /** The input names of signature {@code key}. */
    public List<String> inputs(String key) {
        return require(inputs, key);
    }

    /** The output names of signature {@code key}. */
    public List<String> outputs(String key) {
        return require(outputs, key);
    }

    private List<String> require(Map<String, List<String>> map, String key) {
        List<String> names = map.get(key);
        if (names == null) {
            throw new IllegalArgumentException("no signature '" + key + "'; expected one of " + keys());
        }
        return names;
    }

    /** The signature list in Python's {@code get_signature_list()} format, keys sorted. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        String separator = "";
        for (String key : inputs.keySet()) {
            out.append(separator)
                    .append(quote(key))
                    .append(": {'inputs': ")
                    .append(list(inputs.get(key)))
                    .append(", 'outputs': ")
                    .append(list(outputs.get(key)))
                    .append('}');
            separator = ", ";
        }
        return out.append('}').toString();
    }

    private static String list(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
        }
        return out.append(']').toString();
    }

    // Python's repr of a str: single quotes unless the text has a single quote and no double quote.
    private static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == q) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(q).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signatures s && inputs.equals(s.inputs) && outputs.equals(s.outputs);
    }

    @Override
    public int hashCode() {
        return inputs.hashCode() * 31 + outputs.hashCode();
    }
}
