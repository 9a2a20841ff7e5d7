package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Ties an object's closing to a user's arena, so that closing the arena closes the object. */
final class Owned {

    private Owned() {}

    /**
     * Runs {@code close} when {@code owner} closes (cleanups run in reverse order of registration). {@code close}
     * must not reference the owned object: the arena keeps its cleanups reachable, and an {@code Arena.ofAuto()}
     * owner that the object keeps reachable would then never be collected.
     *
     * @param what the owned object, for the log message if closing it fails
     * @throws ClosedException if {@code owner} is already closed; the caller, which is still constructing the
     *     object, frees what it took
     */
    static void closeWith(Arena owner, Runnable close, String what) {
        try {
            MemorySegment.NULL.reinterpret(owner, ignored -> {
                try {
                    close.run();
                } catch (RuntimeException e) {
                    System.getLogger("dev.tfliteffm")
                            .log(System.Logger.Level.WARNING, "closing " + what + " with its owner arena failed", e);
                }
            });
        } catch (IllegalStateException e) {
            throw new ClosedException("the owner arena is already closed", e);
        }
    }
}
