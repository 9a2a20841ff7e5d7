package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Ties an object's {@code close()} to a user's arena, so that closing the arena closes the object. */
final class Owned {

    private Owned() {}

    /**
     * Closes {@code object} when {@code owner} closes (cleanups run in reverse order of registration).
     *
     * @throws ClosedException if {@code owner} is already closed; the caller, which is still constructing
     *     {@code object}, frees what it took (the object is not closed here, so nothing is freed twice)
     */
    static void closeWith(Arena owner, AutoCloseable object) {
        try {
            MemorySegment.NULL.reinterpret(owner, ignored -> {
                try {
                    object.close();
                } catch (Exception e) {
                    System.getLogger("dev.tfliteffm")
                            .log(System.Logger.Level.WARNING, "closing " + object + " with its owner arena failed", e);
                }
            });
        } catch (IllegalStateException e) {
            throw new ClosedException("the owner arena is already closed", e);
        }
    }
}
