package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.SignatureRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code batch} needs to know of the signature it runs, read once from one interpreter: the inputs' types
 * and ranks (to convert the items' values) and the outputs' names.
 *
 * @param key     the signature's key
 * @param inputs  each input's type, by name
 * @param ranks   each input's rank (of its shape signature), by name
 * @param outputs the outputs' names
 */
record BatchSignature(String key, Map<String, DataType> inputs, Map<String, Integer> ranks, List<String> outputs) {

    /** The signature of {@code runner}. */
    static BatchSignature of(SignatureRunner runner) {
        Map<String, DataType> inputs = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (String name : runner.inputNames()) {
            inputs.put(name, runner.input(name).dataType());
            ranks.put(name, runner.input(name).shapeSignature().length);
        }
        return new BatchSignature(runner.key(), inputs, ranks, List.copyOf(runner.outputNames()));
    }

    /** The input called {@code name}, or whose file name ({@link RunOutputs#fileName}) is {@code name}. */
    String input(String name, String file) {
        if (inputs.containsKey(name)) {
            return name;
        }
        for (String input : inputs.keySet()) {
            if (RunOutputs.fileName(input).equals(name)) {
                return input;
            }
        }
        throw new CliException(
                file + ": no input '" + name + "' in signature '" + key + "'; its inputs are " + inputs.keySet());
    }

    /** The type of input {@code name}. */
    DataType type(String name) {
        return inputs.get(name);
    }
}
