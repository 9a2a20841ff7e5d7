package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What an {@link Interpreter} must free, and who is using it: kept apart from the interpreter so that the
 * {@link Leaks#CLEANER Cleaner} and the owner arena's cleanup can close it without referencing the interpreter
 * (which would keep it reachable for ever). Freed exactly once, by whichever comes first: {@code close()}, the
 * owner arena, or the Cleaner once the interpreter is unreachable.
 */
final class InterpreterState implements Runnable {

    /** The value of {@link #user} once closed. */
    static final Object CLOSED = new Object();

    static final VarHandle USER;

    static {
        try {
            USER = MethodHandles.lookup().findVarHandle(InterpreterState.class, "user", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null} when free, the using thread while a call runs, {@link #CLOSED} when closed. */
    @SuppressWarnings("unused")
    volatile Object user;

    /** Bumped whenever buffers may move, and on close: tags each Tensor's cached view. */
    volatile int epoch;

    /** The arena of every view handed out since the last reallocation (see Interpreter's "State" comment). */
    volatile Arena viewArena = Arena.ofShared();

    /** Set by the thread in a call when its own call closes the owner arena: exit() closes the interpreter. */
    boolean closeAtExit;

    final Arena arena;
    private final RefCountedArena model;
    private final List<Delegate> delegates;
    private final WeightsCache weightsCache; // XNNPACK's packed weights shared in a pool, or null
    private final String description;
    private final Throwable createdAt;
    // With an owner arena, the owner decides when the interpreter closes (an Arena.ofAuto() one at GC): no warning.
    private final boolean owned;
    private final AtomicBoolean freed = new AtomicBoolean();

    InterpreterState(
            Arena arena,
            RefCountedArena model,
            List<Delegate> delegates,
            WeightsCache weightsCache,
            String description,
            boolean owned) {
        this.arena = arena;
        this.model = model;
        this.delegates = delegates;
        this.weightsCache = weightsCache;
        this.description = description;
        this.owned = owned;
        this.createdAt = owned ? null : Leaks.creationSite();
    }

    /** The Cleaner's action (also run by {@code close()} through the Cleanable, once closed). */
    @Override
    public void run() {
        // Unreachable and never closed: no thread can be in a call (exit() keeps the interpreter reachable).
        if (USER.compareAndSet(this, null, CLOSED)) {
            epoch++;
            if (!owned) {
                Leaks.report("an interpreter of the " + description, createdAt);
            }
        }
        free();
    }

    /**
     * The owner arena's cleanup: closes now if no thread is in a call; waits for another thread's call to return;
     * and if the closing thread is itself in a call (a callback closed the owner), closes when that call returns.
     */
    void closeByOwner() {
        for (int spins = 0; ; spins++) {
            Object previous = USER.compareAndExchange(this, null, CLOSED);
            if (previous == null) {
                epoch++;
                free();
                return;
            }
            if (previous == CLOSED) {
                return;
            }
            if (previous == Thread.currentThread()) {
                closeAtExit = true;
                return;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000); // an invoke may take milliseconds or more
            }
        }
    }

    /** Closes while the calling thread holds the claim (the end of a call whose owner closed meanwhile). */
    void closeHeld() {
        closeAtExit = false;
        USER.setVolatile(this, CLOSED);
        epoch++;
        free();
    }

    /** Frees the native state and releases the model and delegates; once. */
    void free() {
        if (!freed.compareAndSet(false, true)) {
            return;
        }
        viewArena.close();
        // A concurrent cancel() holds the arena for the length of its call: wait for it.
        while (arena.scope().isAlive()) {
            try {
                arena.close();
                break;
            } catch (IllegalStateException busy) {
                Thread.onSpinWait();
            }
        }
        delegates.forEach(Delegate::release);
        if (weightsCache != null) {
            weightsCache.release();
        }
        model.release();
    }
}
