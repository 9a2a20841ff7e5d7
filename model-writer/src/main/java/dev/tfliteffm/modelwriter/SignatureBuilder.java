package dev.tfliteffm.modelwriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SignatureDef being built: a key, the subgraph it runs, and the names (aliases) under which callers see that
 * subgraph's input and output tensors, e.g. {@code x} for the tensor {@code serving_default_x:0}. Made by
 * {@link ModelBuilder#signature(String, SubgraphBuilder)}.
 */
public final class SignatureBuilder {

    /**
     * One alias → tensor entry: the tensor is given as a reference, or by its name in the subgraph (resolved and
     * checked when the model is built).
     */
    record Entry(String alias, TensorRef tensor, String tensorName) {
        String describeTarget() {
            return tensor != null ? "tensor " + tensor : "tensor named '" + tensorName + "'";
        }
    }

    private final String key;
    private final SubgraphBuilder subgraph;
    private final List<Entry> inputs = new ArrayList<>();
    private final List<Entry> outputs = new ArrayList<>();

    SignatureBuilder(String key, SubgraphBuilder subgraph) {
        this.key = key;
        this.subgraph = subgraph;
    }

    /** Maps the signature input {@code alias} to this tensor, which must be one of the subgraph's inputs. */
    public SignatureBuilder input(String alias, TensorRef tensor) {
        inputs.add(new Entry(alias, tensor, null));
        return this;
    }

    /** Maps the signature input {@code alias} to the subgraph's tensor with this name. */
    public SignatureBuilder input(String alias, String tensorName) {
        inputs.add(new Entry(alias, null, tensorName));
        return this;
    }

    /** Maps the signature output {@code alias} to this tensor, which must be one of the subgraph's outputs. */
    public SignatureBuilder output(String alias, TensorRef tensor) {
        outputs.add(new Entry(alias, tensor, null));
        return this;
    }

    /** Maps the signature output {@code alias} to the subgraph's tensor with this name. */
    public SignatureBuilder output(String alias, String tensorName) {
        outputs.add(new Entry(alias, null, tensorName));
        return this;
    }

    /** The signature key, e.g. {@code serving_default}. */
    public String key() {
        return key;
    }

    /** The subgraph this signature runs. */
    public SubgraphBuilder subgraph() {
        return subgraph;
    }

    List<Entry> inputEntries() {
        return Collections.unmodifiableList(inputs);
    }

    List<Entry> outputEntries() {
        return Collections.unmodifiableList(outputs);
    }
}
