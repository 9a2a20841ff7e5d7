package dev.tfliteffm.modelwriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structure of a {@code .tflite} file, read by {@link ModelReader} without an interpreter.
 *
 * @param version     the schema version (3 for every model TFLite runs today)
 * @param description the model's description (empty when there is none)
 * @param subgraphs   the subgraphs, by index
 * @param signatures  the SignatureDefs, in file order
 * @param metadata    metadata names → read-only views of their buffers (empty when a buffer is), in file order
 * @param bufferCount the number of buffers in the model (buffer 0 is the empty one)
 */
public record ModelInfo(
        long version,
        String description,
        List<SubgraphInfo> subgraphs,
        List<SignatureInfo> signatures,
        Map<String, ByteBuffer> metadata,
        int bufferCount) {

    /** The metadata names, in file order (e.g. {@code min_runtime_version}, {@code TFLITE_METADATA}). */
    public List<String> metadataNames() {
        return List.copyOf(metadata.keySet());
    }

    /** The signature with this key, or null. */
    public SignatureInfo signature(String key) {
        for (SignatureInfo s : signatures) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The primary subgraph (index 0). */
    public SubgraphInfo primarySubgraph() {
        return subgraphs.getFirst();
    }

    /** The distinct operator names of all subgraphs, in order of first appearance (custom ops by custom code). */
    public List<String> operatorNames() {
        Set<String> names = new LinkedHashSet<>();
        for (SubgraphInfo g : subgraphs) {
            for (OperatorInfo op : g.operators()) {
                names.add(op.opName());
            }
        }
        return new ArrayList<>(names);
    }

    /** The custom codes of all custom ops in the model, in order of first appearance. */
    public List<String> customOperatorNames() {
        Set<String> names = new LinkedHashSet<>();
        for (SubgraphInfo g : subgraphs) {
            for (OperatorInfo op : g.operators()) {
                if (op.isCustom()) {
                    names.add(op.customCode());
                }
            }
        }
        return new ArrayList<>(names);
    }
}
