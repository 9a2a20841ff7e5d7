package dev.tfliteffm;

import java.io.Serial;

/**
 * A call on an object that is closed: a {@link Model}, {@link Interpreter}, {@link Delegate} or pool after
 * {@code close()}, an object whose owner {@link java.lang.foreign.Arena} was closed, or a tensor view made
 * invalid by a reallocation. Misuse of state, so an {@link IllegalStateException} (see the package docs).
 */
public final class ClosedException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what is closed. */
    public ClosedException(String message) {
        super(message);
    }

    /** An exception with a message and the exception that revealed it (e.g. FFM's "Already closed"). */
    public ClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
