package dev.tfliteffm.modelwriter;

import java.util.List;

/**
 * An operator added to a subgraph by {@link SubgraphBuilder#op} or {@link SubgraphBuilder#customOp}. Its inputs
 * and outputs are tensor indices of the subgraph (-1 for an omitted optional input).
 */
public final class OperatorRef {

    private final SubgraphBuilder subgraph;
    private final int index;
    private final int builtinCode;
    private final String customCode;
    private final OpOptions options;
    private final byte[] customOptions;
    private final int[] inputs;
    private final int[] outputs;
    private final List<TensorRef> inputRefs;
    private final List<TensorRef> outputRefs;
    private int version = 1;

    OperatorRef(
            SubgraphBuilder subgraph,
            int index,
            int builtinCode,
            String customCode,
            OpOptions options,
            byte[] customOptions,
            int[] inputs,
            int[] outputs,
            List<TensorRef> inputRefs,
            List<TensorRef> outputRefs) {
        this.subgraph = subgraph;
        this.index = index;
        this.builtinCode = builtinCode;
        this.customCode = customCode;
        this.options = options;
        this.customOptions = customOptions;
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputRefs = inputRefs;
        this.outputRefs = outputRefs;
    }

    /**
     * Sets the operator version written in the model's operator code (default 1). TFLite looks kernels up by
     * (operator, version): most builtin ops register version 1, but not all (TFLite 2.21's BROADCAST_TO starts at
     * 2), and an unregistered version fails interpreter creation with "Didn't find op for builtin opcode".
     */
    public OperatorRef version(int version) {
        this.version = version;
        return this;
    }

    /** The operator version. */
    public int version() {
        return version;
    }

    /** This operator's position in its subgraph, which is also its place in the execution order. */
    public int index() {
        return index;
    }

    /** The builtin operator code ({@code org.tensorflow.lite.schema.BuiltinOperator}); {@code CUSTOM} for custom ops. */
    public int builtinCode() {
        return builtinCode;
    }

    /** The custom op name, or null for builtin ops. */
    public String customCode() {
        return customCode;
    }

    /** E.g. {@code QUANTIZE}, or the custom code of a custom op. */
    public String opName() {
        return customCode != null ? customCode : OpNames.builtinName(builtinCode);
    }

    SubgraphBuilder subgraph() {
        return subgraph;
    }

    OpOptions options() {
        return options;
    }

    byte[] customOptions() {
        return customOptions;
    }

    /** Input indices; null when given as tensor references (then see {@link #inputRefs()}). */
    int[] rawInputs() {
        return inputs;
    }

    int[] rawOutputs() {
        return outputs;
    }

    List<TensorRef> inputRefs() {
        return inputRefs;
    }

    List<TensorRef> outputRefs() {
        return outputRefs;
    }

    /** E.g. {@code operator #2 (ADD) of subgraph 'main'}. */
    @Override
    public String toString() {
        return "operator #" + index + " (" + opName() + ") of subgraph '" + subgraph.name() + "'";
    }
}
