package dev.tfliteffm.modelwriter;

import java.util.Arrays;

/**
 * A tensor of a subgraph being built, made by {@link SubgraphBuilder#input}, {@link SubgraphBuilder#tensor},
 * {@link SubgraphBuilder#constant} or {@link SubgraphBuilder#variable}. Pass it to operators and signatures of
 * the same subgraph. Its quantization can be set until the model is built.
 */
public final class TensorRef {

    /** Stands for an omitted optional operator input (written as index -1), e.g. a fully-connected op's bias. */
    public static final TensorRef OMITTED =
            new TensorRef(null, -1, "<omitted>", TensorType.FLOAT32, new int[0], null, false);

    private final SubgraphBuilder subgraph;
    private final int index;
    private final String name;
    private final TensorType type;
    private final int[] shapeSignature;
    private final byte[] data;
    private final boolean variable;
    private Quantization quantization;

    TensorRef(
            SubgraphBuilder subgraph,
            int index,
            String name,
            TensorType type,
            int[] shapeSignature,
            byte[] data,
            boolean variable) {
        this.subgraph = subgraph;
        this.index = index;
        this.name = name;
        this.type = type;
        this.shapeSignature = shapeSignature.clone();
        this.data = data;
        this.variable = variable;
    }

    /** The subgraph this tensor belongs to (null for {@link #OMITTED}). */
    public SubgraphBuilder subgraph() {
        return subgraph;
    }

    /** This tensor's index in its subgraph's tensor list. */
    public int index() {
        return index;
    }

    /** The tensor's name in the model (not its signature alias). */
    public String name() {
        return name;
    }

    /** The element type. */
    public TensorType type() {
        return type;
    }

    /** The shape as written in the model: the shape signature with each unknown (-1) dimension as 1. */
    public int[] shape() {
        return Arrays.stream(shapeSignature).map(d -> d < 0 ? 1 : d).toArray();
    }

    /** The shape with -1 for each dimension that is unknown until the input is resized. */
    public int[] shapeSignature() {
        return shapeSignature.clone();
    }

    /** Whether some dimension is unknown (-1). */
    public boolean isDynamic() {
        return Arrays.stream(shapeSignature).anyMatch(d -> d < 0);
    }

    /** Whether this tensor has constant data. */
    public boolean isConstant() {
        return data != null;
    }

    /** Whether this tensor is a variable tensor (state kept between invocations, cleared by a variable reset). */
    public boolean isVariable() {
        return variable;
    }

    /** The quantization, or null when the tensor is not quantized. */
    public Quantization quantization() {
        return quantization;
    }

    /** Quantizes this tensor; returns it, for chaining. */
    public TensorRef quantized(Quantization quantization) {
        if (this == OMITTED) {
            throw new ModelBuildException("The omitted-input marker cannot be quantized");
        }
        this.quantization = quantization;
        return this;
    }

    /** Quantizes this tensor per tensor; returns it, for chaining. */
    public TensorRef quantized(float scale, long zeroPoint) {
        return quantized(Quantization.perTensor(scale, zeroPoint));
    }

    /** The constant data (not a copy), or null. */
    byte[] data() {
        return data;
    }

    /** E.g. {@code 'serving_default_x:0' (#0, FLOAT32[-1]) of subgraph 'encode'}. */
    @Override
    public String toString() {
        if (this == OMITTED) {
            return "<omitted>";
        }
        return describe() + " of subgraph '" + subgraph.name() + "'";
    }

    /** E.g. {@code 'x' (#0, FLOAT32[-1])}, for error messages within one subgraph. */
    String describe() {
        return "'" + name + "' (#" + index + ", " + type
                + Arrays.toString(shapeSignature).replace(" ", "") + ")";
    }
}
