package dev.tfliteffm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops one batch worker's invokes from another thread: when an item's deadline passes (from the job's
 * timer), and when the job is cancelled. It calls {@link Interpreter#cancel()} only while the guarded call
 * runs, under a lock the worker also takes before its next call, so a late cancel never hits the next item.
 * TFLite drops a cancel that comes before the invoke has started, so the cancel is repeated until the call
 * returns.
 */
final class InvokeGuard {

    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private Interpreter interpreter;
    private long running; // the ticket of the guarded call now running; 0 when none
    private long tickets;
    private boolean timedOut;
    private boolean cancelled;
    private ScheduledFuture<?> deadline;

    /** A guard using {@code timer}, with {@code timeoutNanos} per call (0: no deadline). */
    InvokeGuard(ScheduledExecutorService timer, long timeoutNanos) {
        this.timer = timer;
        this.timeoutNanos = timeoutNanos;
    }

    /** The interpreter whose calls are guarded from now on. */
    void use(Interpreter interpreter) {
        lock.lock();
        try {
            this.interpreter = interpreter;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Before a guarded call: arms the deadline.
     *
     * @throws CancellationException if the job was cancelled
     */
    void begin() {
        lock.lock();
        try {
            if (cancelled) {
                throw new CancellationException("the batch job was cancelled");
            }
            long ticket = ++tickets;
            running = ticket;
            timedOut = false;
            if (timeoutNanos > 0) {
                deadline = schedule(() -> expire(ticket), timeoutNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** After the guarded call (also when it threw): whether its deadline passed and cancelled it. */
    boolean end() {
        lock.lock();
        try {
            running = 0;
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            return timedOut;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the job was cancelled. */
    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** The job is cancelled: stops the running call, and refuses the next ones. Any thread. */
    void cancelJob() {
        lock.lock();
        try {
            cancelled = true;
            if (running != 0) {
                stop(running);
            }
        } finally {
            lock.unlock();
        }
    }

    private void expire(long ticket) {
        lock.lock();
        try {
            if (running == ticket) {
                timedOut = true;
                deadline = null;
                stop(ticket);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Locked: cancels the call {@code ticket}, and again in a moment if it still runs then. */
    private void stop(long ticket) {
        try {
            interpreter.cancel();
        } catch (IllegalStateException notCancellable) {
            return; // the options turned cancellation off: the call runs to its end
        }
        schedule(
                () -> {
                    lock.lock();
                    try {
                        if (running == ticket) {
                            stop(ticket);
                        }
                    } finally {
                        lock.unlock();
                    }
                },
                RETRY_NANOS);
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException jobEnded) {
            return null;
        }
    }
}
