package org.tensorflow.lite;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about a model that the official API reports and the runtime's public API does not: the signature keys in
 * the model's order (the runtime sorts them), the subgraph each signature runs, and the subgraph-local index of
 * each input and output tensor ({@link Tensor#index()}). Read from the model's FlatBuffer (TFLite schema v3).
 */
final class ModelIndex {

    /** What a model whose structure could not be read gives: no order, no indexes (-1). */
    static final ModelIndex UNKNOWN = new ModelIndex(List.of(), Map.of(), new int[0], new int[0]);

    /** One SignatureDef: its subgraph, and the tensor index of each input and output name. */
    record Signature(int subgraph, Map<String, Integer> inputs, Map<String, Integer> outputs) {}

    // Field ids of the schema's tables (tensorflow/lite/schema/schema.fbs).
    private static final int MODEL_SUBGRAPHS = 2;
    private static final int MODEL_SIGNATURE_DEFS = 7;
    private static final int SUBGRAPH_INPUTS = 1;
    private static final int SUBGRAPH_OUTPUTS = 2;
    private static final int SIGNATURE_INPUTS = 0;
    private static final int SIGNATURE_OUTPUTS = 1;
    private static final int SIGNATURE_KEY = 2;
    private static final int SIGNATURE_SUBGRAPH = 4;
    private static final int TENSOR_MAP_NAME = 0;
    private static final int TENSOR_MAP_TENSOR = 1;

    private final List<String> keys;
    private final Map<String, Signature> signatures;
    private final int[] primaryInputs;
    private final int[] primaryOutputs;

    private ModelIndex(List<String> keys, Map<String, Signature> signatures, int[] inputs, int[] outputs) {
        this.keys = keys;
        this.signatures = signatures;
        this.primaryInputs = inputs;
        this.primaryOutputs = outputs;
    }

    /** Reads the model in {@code model}; {@link #UNKNOWN} if it is not a FlatBuffer this reader understands. */
    static ModelIndex read(MemorySegment model) {
        try {
            FlatBufferView fb = new FlatBufferView(model);
            long root = fb.root();
            long[] subgraphs = fb.tables(root, MODEL_SUBGRAPHS);
            if (subgraphs.length == 0) {
                return UNKNOWN;
            }
            List<String> keys = new ArrayList<>();
            Map<String, Signature> signatures = new LinkedHashMap<>();
            for (long def : fb.tables(root, MODEL_SIGNATURE_DEFS)) {
                String key = fb.string(def, SIGNATURE_KEY);
                int subgraph = (int) fb.uint(def, SIGNATURE_SUBGRAPH, 0);
                keys.add(key);
                signatures.put(
                        key,
                        new Signature(
                                subgraph,
                                tensorMap(fb, fb.tables(def, SIGNATURE_INPUTS)),
                                tensorMap(fb, fb.tables(def, SIGNATURE_OUTPUTS))));
            }
            return new ModelIndex(
                    List.copyOf(keys),
                    signatures,
                    fb.ints(subgraphs[0], SUBGRAPH_INPUTS),
                    fb.ints(subgraphs[0], SUBGRAPH_OUTPUTS));
        } catch (RuntimeException malformed) {
            // Only facts for reporting depend on this: the runtime itself validated the model.
            return UNKNOWN;
        }
    }

    private static Map<String, Integer> tensorMap(FlatBufferView fb, long[] entries) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (long entry : entries) {
            map.put(fb.string(entry, TENSOR_MAP_NAME), (int) fb.uint(entry, TENSOR_MAP_TENSOR, 0));
        }
        return map;
    }

    /** The signature keys in the model's order; empty if unknown. */
    List<String> signatureKeys() {
        return keys;
    }

    /** The subgraph that signature {@code key} runs, or -1 if unknown. */
    int subgraphOf(String key) {
        Signature s = signatures.get(key);
        return s == null ? -1 : s.subgraph();
    }

    /** The tensor index of primary input {@code i}, or -1. */
    int primaryInput(int i) {
        return i < primaryInputs.length ? primaryInputs[i] : -1;
    }

    /** The tensor index of primary output {@code i}, or -1. */
    int primaryOutput(int i) {
        return i < primaryOutputs.length ? primaryOutputs[i] : -1;
    }

    /** The tensor index of input {@code name} of signature {@code key}, or -1. */
    int signatureInput(String key, String name) {
        Signature s = signatures.get(key);
        return s == null ? -1 : s.inputs().getOrDefault(name, -1);
    }

    /** The tensor index of output {@code name} of signature {@code key}, or -1. */
    int signatureOutput(String key, String name) {
        Signature s = signatures.get(key);
        return s == null ? -1 : s.outputs().getOrDefault(name, -1);
    }
}
