package dev.tfliteffm.modelwriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a TFLite model (a flatbuffer of schema version 3, file identifier {@code TFL3}) with subgraphs,
 * operators and SignatureDefs. {@link #build()} checks the model for consistency first and throws a
 * {@link ModelBuildException} naming what is wrong, rather than writing a file TFLite would refuse.
 *
 * <pre>{@code
 * ModelBuilder m = new ModelBuilder().description("doubles x");
 * SubgraphBuilder g = m.subgraph("double");
 * TensorRef x = g.input("serving_default_x:0", TensorType.FLOAT32, -1);
 * TensorRef two = g.constant("two", new float[] {2f});
 * TensorRef y = g.tensor("Identity:0", TensorType.FLOAT32, -1);
 * g.op(BuiltinOperator.MUL, OpOptions.mul(OpOptions.Activation.NONE), List.of(x, two), List.of(y));
 * g.outputs(y);
 * m.signature("serving_default", g).input("x", x).output("y", y);
 * byte[] tflite = m.build();
 * }</pre>
 *
 * <p>Constant data is aligned to 16 bytes relative to the start of the returned array, so load it at a 16-byte
 * aligned address (as {@code Arena.allocate(size, 16)} does) to give kernels aligned weights.
 */
public final class ModelBuilder {

    private final List<SubgraphBuilder> subgraphs = new ArrayList<>();
    private final List<SignatureBuilder> signatures = new ArrayList<>();
    private final Map<String, byte[]> metadata = new LinkedHashMap<>();
    private final List<String> metadataNames = new ArrayList<>();
    private String description = "";

    /** An empty model. */
    public ModelBuilder() {}

    /** Sets the model's description string. */
    public ModelBuilder description(String text) {
        this.description = text;
        return this;
    }

    /** Adds a named metadata entry whose data is stored in its own buffer (e.g. {@code min_runtime_version}). */
    public ModelBuilder metadata(String name, byte[] data) {
        metadataNames.add(name);
        metadata.put(name, data.clone());
        return this;
    }

    /** Adds a subgraph; the first one added is the primary subgraph (index 0). */
    public SubgraphBuilder subgraph(String name) {
        SubgraphBuilder g = new SubgraphBuilder(this, subgraphs.size(), name);
        subgraphs.add(g);
        return g;
    }

    /** Adds a SignatureDef with this key, running this subgraph; map its inputs and outputs on the result. */
    public SignatureBuilder signature(String key, SubgraphBuilder subgraph) {
        SignatureBuilder s = new SignatureBuilder(key, subgraph);
        signatures.add(s);
        return s;
    }

    /** The subgraphs so far. */
    public List<SubgraphBuilder> subgraphs() {
        return Collections.unmodifiableList(subgraphs);
    }

    /** The signatures so far. */
    public List<SignatureBuilder> signatures() {
        return Collections.unmodifiableList(signatures);
    }

    /** The description. */
    public String description() {
        return description;
    }

    /**
     * Checks the model and writes it.
     *
     * @return the {@code .tflite} bytes
     * @throws ModelBuildException when the model is inconsistent; the message lists every problem found
     */
    public byte[] build() {
        List<String> problems = new ModelValidator(this).problems();
        if (!problems.isEmpty()) {
            throw new ModelBuildException("Cannot build the model: "
                    + (problems.size() == 1
                            ? problems.getFirst()
                            : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)));
        }
        return new FlatBufferModelWriter(this).write();
    }

    /** {@link #build()}s the model and writes it to a file. */
    public Path write(Path file) throws IOException {
        return Files.write(file, build());
    }

    /** Metadata names in the order added (duplicates kept, for the validator to report). */
    List<String> metadataNames() {
        return metadataNames;
    }

    Map<String, byte[]> metadataData() {
        return metadata;
    }
}
