package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What a {@link JavaOperator} sees of its node during {@link JavaOperator#prepare prepare} and
 * {@link JavaOperator#invoke invoke}: the node's input and output tensors, its custom options, and the op's
 * registered name. One context per node, reused by every callback (nothing is allocated per invoke); it may be
 * used only during a callback, on the callback's thread.
 */
public final class OperatorContext {

    private final OperatorRegistration registration;
    private final byte[] customOptions;
    private final Arena arena;
    private final MemorySegment scratch;

    // The callback in progress: TFLite's context and node, valid for its length.
    private long context;
    private long node;
    private boolean active;
    private boolean preparing;

    private OperatorTensor[] inputs;
    private OperatorTensor[] outputs;

    /**
     * A context for one node; {@code arena} is the interpreter's (views and scratch memory live as long as the
     * interpreter).
     */
    OperatorContext(OperatorRegistration registration, byte[] customOptions, Arena arena) {
        this.registration = registration;
        this.customOptions = customOptions;
        this.arena = arena;
        // Out-parameters of TfLiteOpaqueTensorGetString: a char* and an int.
        this.scratch = arena.allocate(16, 8);
    }

    /** Starts a callback on {@code node}; the first one learns the node's input and output counts. */
    void begin(long context, long node, boolean preparing) {
        this.context = context;
        this.node = node;
        this.preparing = preparing;
        this.active = true;
        if (inputs == null) {
            inputs = tensors(OperatorNatives.nodeInputCount(node), true);
            outputs = tensors(OperatorNatives.nodeOutputCount(node), false);
        }
        // TFLite may move its tensor structs between callbacks: each tensor locates its own again when used.
        for (OperatorTensor t : inputs) {
            t.forget();
        }
        for (OperatorTensor t : outputs) {
            t.forget();
        }
    }

    /** Ends the callback: tensors refuse use until the next one. */
    void end() {
        active = false;
    }

    private OperatorTensor[] tensors(int count, boolean input) {
        OperatorTensor[] tensors = new OperatorTensor[count];
        for (int i = 0; i < count; i++) {
            tensors[i] = new OperatorTensor(this, input, i);
        }
        return tensors;
    }

    /** The op's custom name, as registered (and as the model names it). */
    public String operatorName() {
        return registration.name();
    }

    /** The op version the registration (and the model's operator code) gives. */
    public int operatorVersion() {
        return registration.version();
    }

    /** A copy of the node's custom options, as the factory received them. */
    public byte[] customOptions() {
        return customOptions.clone();
    }

    /** Whether the callback in progress is {@link JavaOperator#prepare prepare} (else it is invoke). */
    public boolean isPreparing() {
        checkActive();
        return preparing;
    }

    /** The number of the node's inputs (omitted optional inputs included). */
    public int inputCount() {
        checkActive();
        return inputs.length;
    }

    /** The number of the node's outputs. */
    public int outputCount() {
        checkActive();
        return outputs.length;
    }

    /**
     * The node's input {@code index}; the same object on every callback.
     *
     * @throws IllegalArgumentException if there is no such input
     */
    public OperatorTensor input(int index) {
        checkActive();
        if (index < 0 || index >= inputs.length) {
            throw new IllegalArgumentException(
                    "no input " + index + " of op " + registration.name() + "; the node has " + inputs.length);
        }
        return inputs[index];
    }

    /**
     * The node's output {@code index}; the same object on every callback.
     *
     * @throws IllegalArgumentException if there is no such output
     */
    public OperatorTensor output(int index) {
        checkActive();
        if (index < 0 || index >= outputs.length) {
            throw new IllegalArgumentException(
                    "no output " + index + " of op " + registration.name() + "; the node has " + outputs.length);
        }
        return outputs[index];
    }

    /** Throws unless a callback of this node is in progress. */
    void checkActive() {
        if (!active) {
            throw new IllegalStateException("the context of op " + registration.name()
                    + " can be used only during its prepare or invoke callback");
        }
    }

    long context() {
        return context;
    }

    long node() {
        return node;
    }

    boolean preparing() {
        return preparing;
    }

    Arena arena() {
        return arena;
    }

    MemorySegment scratch() {
        return scratch;
    }

    @Override
    public String toString() {
        return "OperatorContext[" + registration.name() + " v" + registration.version() + "]";
    }
}
