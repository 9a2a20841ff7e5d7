package dev.tfliteffm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A fixed number of {@link Interpreter}s over one {@link Model}, lent to one thread at a time: the way to run a
 * model from many threads (an interpreter itself is not thread-safe).
 *
 * <pre>{@code
 * try (Model model = Model.fromFile(path);
 *      InterpreterPool pool = InterpreterPool.builder(model).size(8).build()) {
 *     // from any number of platform or virtual threads:
 *     try (InterpreterPool.Lease lease = pool.borrow()) {
 *         Map<String, NdArray> out = lease.interpreter().runner("serving_default").run(inputs);
 *     }
 *     // or
 *     NdArray y = pool.withInterpreter(ip -> ip.defaultRunner().run(inputs).get("y"));
 * }
 * }</pre>
 *
 * <p><b>Interpreters.</b> Every interpreter is made with the pool's {@link InterpreterOptions}. {@link
 * Builder#build()} creates the first one (which checks the model and options, and fills the weights cache);
 * the others are created there too (the default) or, with {@link Builder#lazy(boolean) lazy(true)}, when a
 * borrower finds none free. An interpreter keeps its state between leases (input shapes, variable tensors):
 * a borrower that needs a fresh state resets it ({@link Interpreter#resetVariables()}), and gives
 * {@link SignatureRunner#run(Map)} shaped values ({@link NdArray}s, nested arrays) rather than flat arrays,
 * which take the shape the previous borrower left.
 *
 * <p><b>Shared XNNPACK weights.</b> With XNNPACK on (the default) the pool's interpreters share one XNNPACK
 * weights cache, so the packed weights of the model exist once rather than once per interpreter. TFLite's
 * rules are kept: the first interpreter packs the weights into the cache, the cache is then soft-finalized
 * (which lets interpreters created later find their weights in it), and it is deleted after the last
 * interpreter using it is closed. Results are the same with and without it; {@link
 * Builder#shareWeights(boolean) shareWeights(false)} turns it off.
 *
 * <p><b>Returning.</b> {@link Lease#close()} gives the interpreter back; a second close does nothing. An
 * interpreter whose use threw stays in the pool, since TFLite leaves it usable after a failed or cancelled
 * invoke, except when it may not be: an interpreter whose last allocation failed (XNNPACK may have left its
 * delegate half-prepared, so later calls could fail or misbehave) or that the borrower closed is closed on
 * return, and the pool creates a replacement when one is next needed. {@link Lease#discard()} asks for the
 * same explicitly.
 *
 * <p><b>Threads.</b> All methods are safe from any number of platform or virtual threads. Waiting uses
 * {@code java.util.concurrent} locks, so a waiting virtual thread does not pin its carrier; a native invoke
 * does pin it while it runs (every FFM downcall does), so for CPU-bound work platform threads, about one per
 * core, are the better fit.
 *
 * <p><b>Closing.</b> {@link #close()} stops lending and waits for every lease to be returned (work in flight
 * finishes); {@link #closeNow()} also cancels the invokes that run ({@link Interpreter#cancel()}, repeated
 * until every lease is back) and the {@link BatchJob}s on the pool. Both then close the interpreters and the
 * weights cache, and are idempotent. Borrowing from a closed or closing pool throws {@link ClosedException};
 * so do borrowers that were waiting when it closed.
 */
public final class InterpreterPool implements AutoCloseable {

    /** How often {@link #closeNow()} cancels again: TFLite drops a cancel that comes before an invoke starts. */
    private static final long CANCEL_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private enum State {
        OPEN,
        CLOSING,
        CLOSED,
        TERMINATED
    }

    private final Model model;
    private final InterpreterOptions options;
    private final int size;
    private final WeightsCache weightsCache;
    private final Map<String, SignatureLayout> layouts;
    private final SignatureLayout defaultLayout;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an interpreter is returned or a slot is freed, and when the pool closes. */
    private final Condition available = lock.newCondition();
    /** Signalled, while closing, when a lease comes back or a creation ends; and on termination. */
    private final Condition drained = lock.newCondition();
    // Guarded by lock. LIFO, so the interpreters in use stay warm in the CPU caches.
    private final ArrayDeque<Interpreter> idle = new ArrayDeque<>();
    private final Set<Lease> lent = new LinkedHashSet<>();
    private final Set<BatchJob<?>> jobs = new LinkedHashSet<>();
    private int created; // idle + lent + being created
    private State state = State.OPEN;

    private InterpreterPool(
            Model model, InterpreterOptions options, int size, WeightsCache weightsCache, Interpreter first) {
        this.model = model;
        this.options = options;
        this.size = size;
        this.weightsCache = weightsCache;
        Map<String, SignatureLayout> byKey = new LinkedHashMap<>();
        for (String key : first.signatures().keys()) {
            byKey.put(key, SignatureLayout.of(first.runner(key)));
        }
        this.layouts = byKey;
        this.defaultLayout = SignatureLayout.of(first.defaultRunner());
    }

    /** A builder for a pool over {@code model}. */
    public static Builder builder(Model model) {
        return new Builder(Objects.requireNonNull(model, "model"));
    }

    /** A pool of {@code size} interpreters over {@code model} with {@code options}, all created now. */
    public static InterpreterPool create(Model model, int size, InterpreterOptions options) {
        return builder(model).size(size).options(options).build();
    }

    // ---- borrowing ------------------------------------------------------------------------------

    /**
     * Lends an interpreter, waiting until one is free (or creating one, in a lazy pool). Return it by closing
     * the lease, best with try-with-resources.
     *
     * @throws ClosedException if the pool is closed, or closes while waiting
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws TfLiteException if a lazy pool cannot create the interpreter
     */
    public Lease borrow() throws InterruptedException {
        try {
            return acquire(-1);
        } catch (TimeoutException e) {
            throw new AssertionError("no time limit, yet timed out", e);
        }
    }

    /**
     * As {@link #borrow()}, waiting at most {@code timeout}.
     *
     * @throws TimeoutException if no interpreter was free within {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Lease borrow(Duration timeout) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0; given " + timeout);
        }
        return acquire(saturatedNanos(timeout));
    }

    /**
     * Runs {@code work} on a borrowed interpreter and returns the interpreter, also when {@code work} throws.
     *
     * @return what {@code work} returns
     * @throws ClosedException if the pool is closed
     * @throws InterruptedException if interrupted while waiting for an interpreter
     */
    public <T> T withInterpreter(Function<? super Interpreter, ? extends T> work) throws InterruptedException {
        Objects.requireNonNull(work, "work");
        try (Lease lease = borrow()) {
            return work.apply(lease.interpreter());
        }
    }

    /** {@code nanos}: -1 waits without limit. */
    private Lease acquire(long nanos) throws InterruptedException, TimeoutException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (state != State.OPEN) {
                    throw closed();
                }
                Interpreter free = idle.pollFirst();
                if (free != null) {
                    return lend(free);
                }
                if (created < size) {
                    created++;
                    break;
                }
                if (nanos < 0) {
                    available.await();
                } else if (nanos == 0) {
                    throw new TimeoutException("no interpreter became free in time: all " + size + " are lent");
                } else {
                    nanos = Math.max(0, available.awaitNanos(nanos));
                }
            }
        } finally {
            lock.unlock();
        }
        // A lazy pool creates outside the lock: XNNPACK packs (or looks up) weights meanwhile.
        Interpreter fresh;
        try {
            fresh = newInterpreter();
        } catch (RuntimeException | Error e) {
            slotFreed();
            throw e;
        }
        lock.lock();
        try {
            if (state == State.OPEN) {
                return lend(fresh);
            }
        } finally {
            lock.unlock();
        }
        // Closed while creating: the closer waits for this slot.
        closeQuietly(fresh);
        slotFreed();
        throw closed();
    }

    /** Locked. */
    private Lease lend(Interpreter interpreter) {
        Lease lease = new Lease(this, interpreter);
        lent.add(lease);
        return lease;
    }

    private void slotFreed() {
        lock.lock();
        try {
            created--;
            available.signal();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Interpreter newInterpreter() {
        return Interpreter.create(model, options, null, weightsCache, true);
    }

    /**
     * The layout of signature {@code key} ({@code null}: the default runner's).
     *
     * @throws IllegalArgumentException naming the keys there are, if there is no such key
     */
    SignatureLayout layout(String key) {
        if (key == null) {
            return defaultLayout;
        }
        SignatureLayout layout = layouts.get(key);
        if (layout == null) {
            throw new IllegalArgumentException("no signature '" + key + "' in the " + model.description()
                    + "; expected one of " + layouts.keySet());
        }
        return layout;
    }

    /** Takes an interpreter back from {@code lease}; closes it instead when it may be unusable. */
    private void giveBack(Lease lease, boolean discard) {
        Interpreter interpreter = lease.interpreter;
        boolean close = discard || interpreter.isClosed() || interpreter.lastAllocationFailed();
        lock.lock();
        try {
            lent.remove(lease);
            if (close) {
                created--;
            } else {
                idle.push(interpreter);
            }
            available.signal();
            if (state != State.OPEN) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (close) {
            closeQuietly(interpreter);
        }
    }

    // ---- batch jobs ---------------------------------------------------------------------------------

    /** Registers a running job, so that {@link #closeNow()} cancels it. */
    void register(BatchJob<?> job) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                throw closed();
            }
            jobs.add(job);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a job that ended. */
    void unregister(BatchJob<?> job) {
        lock.lock();
        try {
            jobs.remove(job);
        } finally {
            lock.unlock();
        }
    }

    // ---- closing --------------------------------------------------------------------------------

    /**
     * Stops lending, waits until every lease is returned (work in flight finishes), then closes the
     * interpreters and the weights cache. Idempotent; a concurrent call waits for the same end. If the thread
     * is interrupted while waiting, it goes on as {@link #closeNow()} and keeps the interrupt status. A thread
     * that holds a lease must return it first: it would otherwise wait for itself.
     */
    @Override
    public void close() {
        shutdown(false);
    }

    /**
     * Stops lending, cancels the running invokes of lent interpreters ({@link Interpreter#cancel()}, repeated
     * until every lease is returned, since a cancel that comes between two invokes is dropped) and the batch
     * jobs on the pool, waits for the leases, then closes as {@link #close()} does. Code holding a lease sees
     * its invoke fail with {@link TfLiteException.Status#CANCELLED} and must still return the lease: only
     * invokes are cancelled. With cancellation off in the options, this waits as {@link #close()} does.
     */
    public void closeNow() {
        shutdown(true);
    }

    private void shutdown(boolean cancel) {
        boolean interrupted = false;
        List<Interpreter> toClose = null;
        lock.lock();
        try {
            if (state == State.OPEN) {
                state = State.CLOSING;
                available.signalAll();
            }
            while (state == State.CLOSING && idle.size() != created) {
                if (cancel) {
                    cancelLent();
                    try {
                        drained.awaitNanos(CANCEL_RETRY_NANOS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                } else {
                    try {
                        drained.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        cancel = true;
                    }
                }
            }
            if (state == State.CLOSING) {
                state = State.CLOSED;
                toClose = new ArrayList<>(idle);
                idle.clear();
                created = 0;
            } else {
                while (state != State.TERMINATED) {
                    drained.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            terminate(toClose);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Locked: cancels what the lent interpreters run and the registered jobs (briefly unlocking to call out). */
    private void cancelLent() {
        List<Interpreter> running = new ArrayList<>();
        for (Lease l : lent) {
            running.add(l.interpreter);
        }
        List<BatchJob<?>> toCancel = new ArrayList<>(jobs);
        lock.unlock();
        try {
            for (BatchJob<?> job : toCancel) {
                job.cancel();
            }
            if (options.cancellable()) {
                for (Interpreter ip : running) {
                    ip.cancel();
                }
            }
        } finally {
            lock.lock();
        }
    }

    private void terminate(List<Interpreter> interpreters) {
        try {
            interpreters.forEach(InterpreterPool::closeQuietly);
            if (weightsCache != null) {
                weightsCache.close(); // freed now: every interpreter released its reference
            }
            options.delegates().forEach(Delegate::release);
            model.release();
        } finally {
            lock.lock();
            try {
                state = State.TERMINATED;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void closeQuietly(Interpreter interpreter) {
        try {
            interpreter.close();
        } catch (RuntimeException e) {
            // A borrower that leaked the interpreter to another thread, which still uses it.
            System.getLogger("dev.tfliteffm")
                    .log(System.Logger.Level.WARNING, "could not close a pooled interpreter", e);
        }
    }

    private static ClosedException closed() {
        return new ClosedException("the interpreter pool is closed");
    }

    // ---- state ----------------------------------------------------------------------------------

    /** The most interpreters the pool holds. */
    public int size() {
        return size;
    }

    /** How many interpreters exist now (lent, free, or being created). */
    public int created() {
        lock.lock();
        try {
            return created;
        } finally {
            lock.unlock();
        }
    }

    /** How many interpreters are lent now. */
    public int lent() {
        lock.lock();
        try {
            return lent.size();
        } finally {
            lock.unlock();
        }
    }

    /** The model the interpreters run. */
    public Model model() {
        return model;
    }

    /** The options every interpreter of the pool is made with. */
    public InterpreterOptions options() {
        return options;
    }

    /** Whether the interpreters share one XNNPACK weights cache. */
    public boolean sharesWeights() {
        return weightsCache != null;
    }

    /** Whether {@link #close()} or {@link #closeNow()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return state != State.OPEN;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "InterpreterPool[" + model.description() + ", size " + size + ", created " + created + ", lent "
                    + lent.size() + (weightsCache != null ? ", shared weights" : "")
                    + (state != State.OPEN ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    // ---- the lease ------------------------------------------------------------------------------

    /**
     * One borrowed interpreter. Close it to give the interpreter back (a second close does nothing); after
     * that, {@link #interpreter()} throws {@link ClosedException}. Not meant to be shared between threads, but
     * closing from any thread is safe.
     */
    public static final class Lease implements AutoCloseable {

        private final InterpreterPool pool;
        private final Interpreter interpreter;
        private final AtomicBoolean returned = new AtomicBoolean();
        private volatile boolean discard;

        private Lease(InterpreterPool pool, Interpreter interpreter) {
            this.pool = pool;
            this.interpreter = interpreter;
        }

        /**
         * The borrowed interpreter.
         *
         * @throws ClosedException if the lease was returned
         */
        public Interpreter interpreter() {
            if (returned.get()) {
                throw new ClosedException("this lease was returned to the pool; borrow again");
            }
            return interpreter;
        }

        /**
         * Asks the pool to close this interpreter when the lease is returned instead of lending it again (a
         * replacement is created when one is next needed): for an interpreter left in a state the borrower
         * does not trust.
         */
        public void discard() {
            discard = true;
        }

        /** Gives the interpreter back to the pool. Idempotent. */
        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                pool.giveBack(this, discard);
            }
        }

        @Override
        public String toString() {
            return "Lease[" + interpreter + (returned.get() ? ", returned" : "") + "]";
        }
    }

    // ---- the builder ----------------------------------------------------------------------------

    /** Builds an {@link InterpreterPool}; start with {@link InterpreterPool#builder(Model)}. */
    public static final class Builder {

        private final Model model;
        private int size = Runtime.getRuntime().availableProcessors();
        private InterpreterOptions options = InterpreterOptions.defaults();
        private boolean lazy;
        private boolean shareWeights = true;

        private Builder(Model model) {
            this.model = model;
        }

        /** The number of interpreters (>= 1); default: the number of processors. */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 interpreter; given " + size);
            }
            this.size = size;
            return this;
        }

        /** The options of every interpreter; default {@link InterpreterOptions#defaults()}. */
        public Builder options(InterpreterOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Whether interpreters after the first are created on demand, when a borrower finds none free (true),
         * or all by {@link #build()} (false, the default).
         */
        public Builder lazy(boolean lazy) {
            this.lazy = lazy;
            return this;
        }

        /** Whether the interpreters share one XNNPACK weights cache when XNNPACK is on (default true). */
        public Builder shareWeights(boolean share) {
            this.shareWeights = share;
            return this;
        }

        /**
         * Creates the pool and its first interpreter (all of them unless lazy).
         *
         * @throws ClosedException if the model or a delegate of the options is closed
         * @throws TfLiteException if TFLite cannot create an interpreter
         */
        public InterpreterPool build() {
            // The pool holds its own references, so that a lazy pool can still create interpreters after
            // the caller closed the model or delegates.
            model.acquire();
            List<Delegate> acquired = new ArrayList<>();
            WeightsCache cache = null;
            List<Interpreter> made = new ArrayList<>();
            try {
                for (Delegate d : options.delegates()) {
                    d.acquire();
                    acquired.add(d);
                }
                cache = options.xnnpack() && shareWeights ? WeightsCache.create() : null;
                // XNNPACK packs the weights while the first interpreter is created; then the cache is
                // soft-finalized (TFLite requires it before any invoke), and later interpreters hit it.
                made.add(Interpreter.create(model, options, null, cache, true));
                InterpreterPool pool = new InterpreterPool(model, options, size, cache, made.getFirst());
                if (cache != null) {
                    cache.finalizeSoft();
                }
                for (int i = 1; !lazy && i < size; i++) {
                    made.add(pool.newInterpreter());
                }
                pool.idle.addAll(made);
                pool.created = made.size();
                return pool;
            } catch (RuntimeException | Error e) {
                made.forEach(InterpreterPool::closeQuietly);
                if (cache != null) {
                    cache.close();
                }
                acquired.forEach(Delegate::release);
                model.release();
                throw e;
            }
        }
    }
}
