package org.tensorflow.lite;

import dev.tfliteffm.ConcurrentUseException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread at a time in an interpreter: every call claims it with one compare-and-set and releases it on return.
 * A second thread gets {@link ConcurrentUseException} (an {@link IllegalStateException}) instead of racing on the
 * interpreter's state; a closed interpreter gives the official "already been closed" exception.
 */
final class Guard {

    private static final VarHandle USER;
    private static final Object CLOSED = new Object();

    static {
        try {
            USER = MethodHandles.lookup().findVarHandle(Guard.class, "user", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null} when free, the thread inside a call, or {@link #CLOSED}. */
    @SuppressWarnings("unused")
    private volatile Object user;

    /** Claims the interpreter for the calling thread. */
    void enter() {
        if (!USER.compareAndSet(this, null, Thread.currentThread())) {
            throw notFree();
        }
    }

    /** Releases the claim of {@link #enter()}. */
    void exit() {
        USER.setRelease(this, null);
    }

    /** Whether a thread is inside a call now. */
    boolean busy() {
        Object u = user;
        return u != null && u != CLOSED;
    }

    /** Whether the interpreter is closed. */
    boolean isClosed() {
        return user == CLOSED;
    }

    /**
     * Marks the interpreter closed.
     *
     * @return false if it already was
     * @throws ConcurrentUseException if a thread is inside a call
     */
    boolean close() {
        Object previous = USER.compareAndExchange(this, null, CLOSED);
        if (previous == null) {
            return true;
        }
        if (previous == CLOSED) {
            return false;
        }
        throw new ConcurrentUseException("cannot close the interpreter while thread '" + threadName(previous)
                + "' is running it; an interpreter is used by one thread at a time");
    }

    private RuntimeException notFree() {
        Object u = user;
        if (u == CLOSED) {
            return Errors.closed();
        }
        if (u == Thread.currentThread()) {
            return new ConcurrentUseException("the interpreter is already in a call on this thread");
        }
        return new ConcurrentUseException("the interpreter is in use by thread '" + threadName(u)
                + "': an interpreter is not thread-safe; use one interpreter per thread");
    }

    private static String threadName(Object user) {
        return user instanceof Thread t ? t.getName() : String.valueOf(user);
    }
}
