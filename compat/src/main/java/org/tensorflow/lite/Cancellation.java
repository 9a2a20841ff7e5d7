package org.tensorflow.lite;

/**
 * The official cancellation flag: once {@code setCancelled(true)}, every run fails until
 * {@code setCancelled(false)}. The runtime's own cancel only stops an invoke in progress (TFLite resets it when an
 * invoke starts), so the flag is checked before each invoke, and a run in progress is stopped through the runtime.
 */
final class Cancellation {

    private final boolean allowed;
    private volatile boolean cancelled;

    Cancellation(boolean allowed) {
        this.allowed = allowed;
    }

    /**
     * Sets the flag; with {@code true}, also stops the run in progress, if any.
     *
     * @throws IllegalStateException with the official message if the interpreter is not cancellable
     */
    void set(boolean value, dev.tfliteffm.Interpreter interpreter, Guard guard) {
        if (!allowed) {
            throw new IllegalStateException(
                    "Cannot cancel the inference. Have you called InterpreterApi.Options.setCancellable?");
        }
        cancelled = value;
        // Only while a run is in progress: a cancel with nothing running would linger in TFLite until the next
        // primary-subgraph invoke and could stop a later signature run that nobody cancelled.
        if (value && guard.busy()) {
            interpreter.cancel();
        }
    }

    /** Whether runs are cancelled now. */
    boolean isCancelled() {
        return cancelled;
    }
}
