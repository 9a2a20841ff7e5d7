package org.tensorflow.lite;

import dev.tfliteffm.TfLiteException;

/**
 * The official API's exceptions for what the runtime reports: the same types, and the same wording where the
 * official messages are documented behaviour (its own tests check them).
 */
final class Errors {

    /** What TFLite reports when an invoke is cancelled; part of the official message users check. */
    static final String CANCELLED = "Client requested cancel during Invoke()";

    private Errors() {}

    /** Calling a closed interpreter. */
    static IllegalStateException closed() {
        return new IllegalStateException("Internal error: The Interpreter has already been closed.");
    }

    /** What TFLite's error reporter said (one message a line, as the official error reporter keeps them). */
    static String nativeText(TfLiteException e) {
        if (e.status() == TfLiteException.Status.CANCELLED
                && !e.nativeMessages().contains(CANCELLED)) {
            return CANCELLED;
        }
        return e.nativeMessages().isEmpty() ? e.getMessage() : String.join("\n", e.nativeMessages());
    }

    /** An invoke failed: IllegalArgumentException on the primary subgraph, IllegalStateException for signatures. */
    static RuntimeException invokeFailed(TfLiteException e, boolean primary) {
        String message = "Internal error: Failed to run on the given Interpreter: " + nativeText(e);
        return primary ? new IllegalArgumentException(message, e) : new IllegalStateException(message, e);
    }

    /** An invoke refused because {@code setCancelled(true)} is in force: what TFLite reports for it. */
    static RuntimeException cancelled(boolean primary) {
        String message = "Internal error: Failed to run on the given Interpreter: " + CANCELLED;
        return primary ? new IllegalArgumentException(message) : new IllegalStateException(message);
    }

    /** Allocating tensors failed. */
    static IllegalStateException allocationFailed(TfLiteException e) {
        return new IllegalStateException(
                "Internal error: Unexpected failure when preparing tensor allocations: " + nativeText(e), e);
    }

    /** A tensor used after its interpreter closed. */
    static IllegalArgumentException tensorClosed(RuntimeException cause) {
        return new IllegalArgumentException("Internal error: Invalid handle to TfLiteTensor.", cause);
    }

    /** A tensor's data read before it has any. */
    static IllegalArgumentException notAllocated(RuntimeException cause) {
        return new IllegalArgumentException("Internal error: Tensor hasn't been allocated.", cause);
    }
}
