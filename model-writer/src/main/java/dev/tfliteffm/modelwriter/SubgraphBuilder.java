package dev.tfliteffm.modelwriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * One subgraph of a model being built: its tensors, its operators in execution order, and which tensors are
 * its inputs and outputs. Made by {@link ModelBuilder#subgraph(String)}.
 *
 * <p>Shapes are given as dimensions, -1 for a dimension unknown until the input is resized: the model then
 * holds shape 1 there and -1 in the tensor's shape signature, as TFLite's converter writes it. An empty shape is a
 * scalar.
 *
 * <pre>{@code
 * SubgraphBuilder g = model.subgraph("encode");
 * TensorRef x = g.input("encode_x:0", TensorType.FLOAT32, -1);
 * TensorRef q = g.tensor("encoded:0", TensorType.INT8, -1).quantized(0.05f, 10);
 * g.op(BuiltinOperator.QUANTIZE, List.of(x), List.of(q));
 * g.outputs(q);
 * }</pre>
 */
public final class SubgraphBuilder {

    private final ModelBuilder model;
    private final int index;
    private final String name;
    private final List<TensorRef> tensors = new ArrayList<>();
    private final List<TensorRef> inputs = new ArrayList<>();
    private final List<TensorRef> outputs = new ArrayList<>();
    private final List<OperatorRef> operators = new ArrayList<>();

    SubgraphBuilder(ModelBuilder model, int index, String name) {
        this.model = model;
        this.index = index;
        this.name = name;
    }

    /** The subgraph's name in the model. */
    public String name() {
        return name;
    }

    /** The subgraph's index in the model (0 is the primary subgraph). */
    public int index() {
        return index;
    }

    /** The model this subgraph belongs to. */
    public ModelBuilder model() {
        return model;
    }

    /** A new tensor that is also appended to the subgraph's inputs. */
    public TensorRef input(String tensorName, TensorType type, int... shape) {
        TensorRef t = add(tensorName, type, shape, null, false);
        inputs.add(t);
        return t;
    }

    /** A new tensor with no data: an intermediate result or an output (see {@link #outputs}). */
    public TensorRef tensor(String tensorName, TensorType type, int... shape) {
        return add(tensorName, type, shape, null, false);
    }

    /**
     * A new variable tensor: state that operators such as {@code UNIDIRECTIONAL_SEQUENCE_RNN} read and update across
     * invocations, zeroed by the interpreter's variable reset. TFLite allows no initial data for it.
     */
    public TensorRef variable(String tensorName, TensorType type, int... shape) {
        return add(tensorName, type, shape, null, true);
    }

    /**
     * A constant tensor with raw little-endian data, as stored in the model's buffer: {@code elements × byte size}
     * bytes, two INT4 values per byte, or a string buffer ({@link StringTensors}) for STRING. The size is checked
     * when the model is built.
     */
    public TensorRef constant(String tensorName, TensorType type, int[] shape, byte[] data) {
        return add(tensorName, type, shape, data.clone(), false);
    }

    /** A FLOAT32 constant with these values in row-major order. */
    public TensorRef constant(String tensorName, float[] values, int... shape) {
        ByteBuffer b = little(values.length * 4L);
        b.asFloatBuffer().put(values);
        return add(tensorName, TensorType.FLOAT32, shape, b.array(), false);
    }

    /** An INT32 constant with these values in row-major order. */
    public TensorRef constant(String tensorName, int[] values, int... shape) {
        ByteBuffer b = little(values.length * 4L);
        b.asIntBuffer().put(values);
        return add(tensorName, TensorType.INT32, shape, b.array(), false);
    }

    /** An INT64 constant with these values in row-major order. */
    public TensorRef constant(String tensorName, long[] values, int... shape) {
        ByteBuffer b = little(values.length * 8L);
        b.asLongBuffer().put(values);
        return add(tensorName, TensorType.INT64, shape, b.array(), false);
    }

    /** A STRING constant holding these strings (UTF-8) in row-major order. */
    public TensorRef constantStrings(String tensorName, List<String> values, int... shape) {
        return add(tensorName, TensorType.STRING, shape, StringTensors.encode(values), false);
    }

    /** Appends these existing tensors to the subgraph's outputs, in order. */
    public SubgraphBuilder outputs(TensorRef... tensors) {
        Collections.addAll(outputs, tensors);
        return this;
    }

    /** Appends these existing tensors to the subgraph's inputs, in order. */
    public SubgraphBuilder inputs(TensorRef... tensors) {
        Collections.addAll(inputs, tensors);
        return this;
    }

    /**
     * Adds a builtin operator without options. {@code builtinOperator} is a code of
     * {@code org.tensorflow.lite.schema.BuiltinOperator}, e.g. {@code BuiltinOperator.QUANTIZE}. Operators run in
     * the order they are added.
     */
    public OperatorRef op(int builtinOperator, List<TensorRef> opInputs, List<TensorRef> opOutputs) {
        return op(builtinOperator, null, opInputs, opOutputs);
    }

    /** Adds a builtin operator with options, e.g. {@code OpOptions.conv2d(...)} for {@code CONV_2D}. */
    public OperatorRef op(int builtinOperator, OpOptions options, List<TensorRef> opInputs, List<TensorRef> opOutputs) {
        OperatorRef op = new OperatorRef(
                this,
                operators.size(),
                builtinOperator,
                null,
                options,
                null,
                null,
                null,
                List.copyOf(opInputs),
                List.copyOf(opOutputs));
        operators.add(op);
        return op;
    }

    /**
     * Adds a builtin operator whose inputs and outputs are tensor indices of this subgraph, as in a flatbuffer
     * (-1 for an omitted optional input). The indices are checked when the model is built.
     */
    public OperatorRef op(int builtinOperator, OpOptions options, int[] inputIndices, int[] outputIndices) {
        OperatorRef op = new OperatorRef(
                this,
                operators.size(),
                builtinOperator,
                null,
                options,
                null,
                inputIndices.clone(),
                outputIndices.clone(),
                null,
                null);
        operators.add(op);
        return op;
    }

    /**
     * Adds a custom operator: TFLite resolves it by {@code customCode} among the custom ops registered with the
     * interpreter, and passes {@code customOptions} (may be empty) to the kernel's init.
     */
    public OperatorRef customOp(
            String customCode, byte[] customOptions, List<TensorRef> opInputs, List<TensorRef> opOutputs) {
        OperatorRef op = new OperatorRef(
                this,
                operators.size(),
                BuiltinOperator.CUSTOM,
                customCode,
                null,
                customOptions.clone(),
                null,
                null,
                List.copyOf(opInputs),
                List.copyOf(opOutputs));
        operators.add(op);
        return op;
    }

    /** The tensors so far, by index. */
    public List<TensorRef> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** The subgraph's inputs so far. */
    public List<TensorRef> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** The subgraph's outputs so far. */
    public List<TensorRef> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The operators so far, in execution order. */
    public List<OperatorRef> operators() {
        return Collections.unmodifiableList(operators);
    }

    /** The tensor with this name, or null. */
    public TensorRef tensorNamed(String tensorName) {
        for (TensorRef t : tensors) {
            if (t.name().equals(tensorName)) {
                return t;
            }
        }
        return null;
    }

    /** E.g. {@code subgraph #0 'encode'}. */
    @Override
    public String toString() {
        return "subgraph #" + index + " '" + name + "'";
    }

    private TensorRef add(String tensorName, TensorType type, int[] shape, byte[] data, boolean variable) {
        TensorRef t = new TensorRef(this, tensors.size(), tensorName, type, shape, data, variable);
        tensors.add(t);
        return t;
    }

    private static ByteBuffer little(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
