package dev.tfliteffm;

import java.io.Serial;

/**
 * A call on an {@link Interpreter} (or its runners and tensors) while another thread is inside a call on it,
 * or a re-entrant call from a callback. Interpreters are not thread-safe; this is reported instead of
 * corrupting state. Misuse of state, so an {@link IllegalStateException} (see the package docs).
 */
public final class ConcurrentUseException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the other thread. */
    public ConcurrentUseException(String message) {
        super(message);
    }
}
