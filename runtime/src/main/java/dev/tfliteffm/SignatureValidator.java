package dev.tfliteffm;

import java.util.HashSet;
import java.util.Set;

/**
 * The checks of the model's signatures ({@code table SignatureDef} in schema.fbs): each names an existing
 * subgraph, and each of its inputs and outputs an existing tensor of it, under a name used once. Part of
 * {@link ModelValidator}.
 */
final class SignatureValidator {

    // table SignatureDef
    private static final int INPUTS = 0;
    private static final int OUTPUTS = 1;
    private static final int KEY = 2;
    private static final int SUBGRAPH_INDEX = 4;
    // table TensorMap
    private static final int NAME = 0;
    private static final int TENSOR_INDEX = 1;

    private final FlatBufferReader r;
    private final int subgraphCount;
    private final boolean[][] constant;

    /** Checks against {@code constant}: for each subgraph, for each tensor, whether it has constant data. */
    SignatureValidator(FlatBufferReader r, int subgraphCount, boolean[][] constant) {
        this.r = r;
        this.subgraphCount = subgraphCount;
        this.constant = constant;
    }

    /** Checks the vector of signature tables at {@code signatures} (-1: the model has none). */
    void check(long signatures) {
        int n = signatures < 0 ? 0 : r.vectorLength(signatures, 4);
        for (int i = 0; i < n; i++) {
            long def = r.tableElement(signatures, i);
            String key = r.stringField(def, KEY);
            if (key == null) {
                throw new ModelValidator.Refused("signature " + i + " has no key");
            }
            long subgraph = r.uintField(def, SUBGRAPH_INDEX, 0);
            if (subgraph >= subgraphCount) {
                throw refused(i, key, "subgraph " + subgraph + " does not exist (the model has " + subgraphCount + ")");
            }
            checkTensors(i, key, "input", r.vectorField(def, INPUTS), (int) subgraph);
            checkTensors(i, key, "output", r.vectorField(def, OUTPUTS), (int) subgraph);
        }
    }

    private void checkTensors(int i, String key, String side, long maps, int subgraph) {
        int n = maps < 0 ? 0 : r.vectorLength(maps, 4);
        int tensorCount = constant[subgraph].length;
        Set<String> names = new HashSet<>();
        for (int j = 0; j < n; j++) {
            long map = r.tableElement(maps, j);
            String name = r.stringField(map, NAME);
            if (name == null) { // TFLite reads every name as a string
                throw refused(i, key, side + " " + j + " has no name");
            }
            long tensor = r.uintField(map, TENSOR_INDEX, 0);
            if (tensor >= tensorCount) {
                throw refused(
                        i,
                        key,
                        side + " '" + name + "': tensor " + tensor + " does not exist (subgraph " + subgraph + " has "
                                + tensorCount + " tensors)");
            }
            if (!names.add(name)) {
                throw refused(i, key, side + " '" + name + "' is named twice");
            }
            if (side.equals("input") && constant[subgraph][(int) tensor]) {
                throw refused(
                        i,
                        key,
                        side + " '" + name + "': tensor " + tensor + " has constant data, which TFLite"
                                + " maps read-only: writing the input would fault");
            }
        }
    }

    private static ModelValidator.Refused refused(int i, String key, String problem) {
        return new ModelValidator.Refused("signature " + i + " ('" + key + "'), " + problem);
    }
}
