package dev.tfliteffm;

/**
 * The one allocate-then-invoke sequence, shared by the primary subgraph ({@link Interpreter#invoke()}) and
 * every {@link SignatureRunner}: allocate when a resize asked for it, invoke, tell the interpreter what may
 * have moved, turn a failure into an exception, and log what TFLite said during a call that succeeded.
 * Every method is called with the interpreter entered (see {@link Interpreter}'s "State" comment).
 */
abstract class InvokeSequence {

    private final Interpreter interpreter;
    private final BufferWatch watch = new BufferWatch();
    private boolean needsAllocation = true;

    InvokeSequence(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** {@code TfLite...AllocateTensors}: a {@code TfLiteStatus}. */
    abstract int allocateNative();

    /** {@code TfLite...Invoke}: a {@code TfLiteStatus}. */
    abstract int invokeNative();

    /** The tensors whose buffers an invoke may move (the entry point's inputs and outputs). */
    abstract Tensor[] watchedTensors();

    /** What runs, for messages: "signature 'encode'", "the primary subgraph". */
    abstract String what();

    /** Whether this entry point runs the primary subgraph, whose every tensor the interpreter can list. */
    abstract boolean onPrimarySubgraph();

    /** A resize changed a shape: the next invoke allocates first. */
    final void markResized() {
        needsAllocation = true;
    }

    /** Whether buffers must be allocated before the next invoke. */
    final boolean needsAllocation() {
        return needsAllocation;
    }

    /** Allocates the entry point's buffers; every view of the interpreter's tensors becomes invalid. */
    final void allocate() {
        int status = allocateNative();
        interpreter.invalidateViews();
        if (status != 0) {
            throw interpreter.allocationFailed(status, "allocating tensors of " + what());
        }
        interpreter.allocationSucceeded();
        TensorSizes.check(interpreter.address(), watchedTensors(), onPrimarySubgraph(), what());
        needsAllocation = false;
        watch.allocated(watchedTensors());
        interpreter.reporter.logPending();
    }

    /** Allocates if needed, then invokes. Allocates nothing on the Java heap on the steady path. */
    final void invoke() {
        if (needsAllocation) {
            allocate();
        }
        int status = invokeNative();
        // TFLite adds tensors (moving its TfLiteTensor structs) only while it prepares ops: at allocation, and in
        // the invokes the watch checks (the first after an allocation, or every one when tensors are dynamic).
        if (watch.pending()) {
            interpreter.structureMayHaveMoved();
        }
        if (status != 0) {
            throw interpreter.reporter.failure(status, "invoke of " + what());
        }
        if (watch.pending() && watch.movedByInvoke()) {
            interpreter.invalidateViews();
        }
        if (interpreter.reporter.hasMessages()) {
            interpreter.reporter.logPending();
        }
    }
}
