package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shared arena that closes when its owner has closed it and every borrower has released it (as Lucene's
 * {@code RefCountedSharedArena}): what lets a {@link Model} or {@link Delegate} be closed while interpreters
 * still use it.
 */
final class RefCountedArena {

    private final Arena arena;
    private final String description;
    // The owner's reference plus one per borrower; 0 means freed.
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean closed;

    RefCountedArena(Arena arena, String description) {
        this.arena = arena;
        this.description = description;
    }

    /** Takes a reference for a borrower. */
    void acquire() {
        while (true) {
            int n = references.get();
            if (n == 0 || closed) {
                throw new ClosedException("the " + description + " is closed");
            }
            if (references.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    /**
     * Takes another reference for a borrower that already holds one (a pool creating interpreters): allowed
     * after {@link #close()}, since the arena cannot be freed while that reference is held.
     */
    void acquireWhileHeld() {
        if (references.getAndIncrement() <= 0) {
            throw new IllegalStateException("internal error: no reference is held on the " + description);
        }
    }

    /** Drops a reference; the last one closes the arena. */
    void release() {
        if (references.decrementAndGet() == 0) {
            arena.close();
        }
    }

    /** Drops the owner's reference, once; returns whether this call did (false if already closed). */
    boolean close() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        release();
        return true;
    }

    boolean isClosed() {
        return closed;
    }
}
