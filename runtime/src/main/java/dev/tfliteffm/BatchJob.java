package dev.tfliteffm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A running batch job, started by {@link BatchRunner#start}: its results, as they come ({@link #iterator()},
 * {@link #stream()}), its {@link #progress()}, and {@link #cancel()}. Close it when done (try-with-resources,
 * or close the stream): that cancels what is left and waits until its interpreters are back in the pool.
 *
 * <p>Every item taken from the input gets exactly one result, a {@link ItemResult.Success} or a
 * {@link ItemResult.Failure}, in input order or as they finish (see {@link BatchRunner.Builder#ordered}).
 * Items are taken only as the consumer keeps up: at most {@link BatchRunner#maxInFlight()} items are
 * between the input and the consumer. The results end when every item taken has its result and the workers
 * have returned their interpreters; a consumer that stops reading must close the job, or its workers wait.
 *
 * <p>{@link #cancel()} stops taking items and cancels running invokes: items already done keep their
 * results; the others taken from the input fail with a {@link CancellationException}, and still come out
 * of the iterator, so that every item's fate is known. Items never taken have no result.
 *
 * @param <R> the result type
 */
public final class BatchJob<R> implements Iterable<ItemResult<R>>, AutoCloseable {

    private static final AtomicInteger JOBS = new AtomicInteger();

    private final InterpreterPool pool;
    private final boolean ordered;
    private final FailurePolicy policy;
    private final ResultBuffer<R> buffer;
    private final BatchSource<?> source;
    private final Runnable onEnd;
    private final BatchProgressListener listener;
    private final ScheduledThreadPoolExecutor timer;
    private final List<BatchWorker<?, R>> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger live = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean iterated = new AtomicBoolean();
    private final AtomicReference<Throwable> abort = new AtomicReference<>();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile boolean cancelled;

    <T> BatchJob(BatchRunner<T, R> config, BatchSource<T> source, Runnable onEnd) {
        this.pool = config.pool();
        this.ordered = config.ordered();
        this.policy = config.failurePolicy();
        this.buffer = new ResultBuffer<>(config.ordered(), config.maxInFlight());
        this.source = source;
        this.onEnd = onEnd;
        this.listener = config.listener();
        int id = JOBS.incrementAndGet();
        this.timer = new ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform()
                        .name("tflite-batch-" + id + "-timer")
                        .daemon(true)
                        .factory());
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        ThreadFactory factory = config.threadFactory() != null
                ? config.threadFactory()
                : Thread.ofPlatform()
                        .name("tflite-batch-" + id + "-worker-", 0)
                        .daemon(true)
                        .factory();
        long timeout = config.itemTimeout() == null ? 0 : saturatedNanos(config.itemTimeout());
        for (int i = 0; i < config.workers(); i++) {
            BatchWorker<T, R> worker = new BatchWorker<>(this, config, source, buffer, new InvokeGuard(timer, timeout));
            Thread thread = factory.newThread(worker);
            if (thread == null) {
                timer.shutdownNow();
                throw new IllegalStateException("the thread factory made no thread for a batch worker");
            }
            workers.add(worker);
            threads.add(thread);
        }
        if (listener != null) {
            long every = saturatedNanos(config.progressInterval());
            timer.scheduleAtFixedRate(() -> report(false), every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** Starts the workers; the job is registered with the pool first, so that a closed pool refuses it. */
    void start() {
        try {
            pool.register(this);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            onEnd.run();
            throw e;
        }
        live.set(threads.size());
        threads.forEach(Thread::start);
    }

    // ---- called by the workers --------------------------------------------------------------------

    /** An item failed: with {@link FailurePolicy#STOP}, no more items are taken. */
    void itemFailed() {
        if (policy == FailurePolicy.STOP) {
            buffer.stopIntake();
        }
    }

    /** A worker could not get an interpreter: no more items are taken, and the results end with {@code e}. */
    void abort(Throwable e) {
        if (!cancelled) {
            abort.compareAndSet(null, e);
        }
        buffer.stopIntake();
    }

    /** A worker ended; the last one ends the job. */
    void workerDone() {
        if (live.decrementAndGet() == 0) {
            finish();
        }
    }

    private void finish() {
        endNanos = System.nanoTime();
        try {
            timer.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (timer.awaitTermination(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            report(true);
            onEnd.run();
        } catch (RuntimeException e) {
            System.getLogger("dev.tfliteffm")
                    .log(System.Logger.Level.WARNING, "closing the input of a batch job failed", e);
        } finally {
            pool.unregister(this);
            ended.countDown(); // before the results end: a consumer who saw the end sees the job finished
            buffer.end();
        }
    }

    private void report(boolean last) {
        if (listener == null) {
            return;
        }
        try {
            listener.onProgress(progress(last));
        } catch (RuntimeException e) {
            System.getLogger("dev.tfliteffm").log(System.Logger.Level.WARNING, "a batch progress listener failed", e);
        }
    }

    // ---- the caller's side ------------------------------------------------------------------------

    /**
     * The results, one per item taken from the input, waiting for each. Can be called once: there is one
     * stream of results. {@code hasNext()} throws {@link ClosedException} (the pool closed) or
     * {@link IllegalStateException} (no interpreter could be had) if the job had to stop taking items for
     * such a reason, after the results of the items it took; and {@link CancellationException} if the
     * waiting thread is interrupted (the job is then cancelled).
     *
     * @throws IllegalStateException if called a second time
     */
    @Override
    public Iterator<ItemResult<R>> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("the results of a batch job can be iterated once");
        }
        return new Iterator<>() {
            // Results moved out of the buffer together; each holds its place there until handed over.
            private final ArrayDeque<ItemResult<R>> ready = new ArrayDeque<>();
            private int handedOver;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (!ready.isEmpty()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                boolean more;
                try {
                    more = buffer.take(handedOver, ready);
                    handedOver = 0;
                } catch (InterruptedException e) {
                    cancel();
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for batch results; job cancelled");
                }
                if (!more) {
                    done = true;
                    Throwable cause = abort.get();
                    if (cause != null) {
                        String message = "the batch job stopped taking items: " + cause.getMessage();
                        throw cause instanceof ClosedException
                                ? new ClosedException(message, cause)
                                : new IllegalStateException(message, cause);
                    }
                    return false;
                }
                return true;
            }

            @Override
            public ItemResult<R> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more batch results");
                }
                handedOver++;
                return ready.poll();
            }
        };
    }

    /**
     * The results as a sequential stream (see {@link #iterator()}); closing the stream closes the job.
     *
     * @throws IllegalStateException if the results were already iterated
     */
    public Stream<ItemResult<R>> stream() {
        int characteristics = Spliterator.NONNULL | (ordered ? Spliterator.ORDERED : 0);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), characteristics), false)
                .onClose(this::close);
    }

    /**
     * Stops the job: takes no more items, cancels running invokes, and fails the items taken but not done
     * with a {@link CancellationException}. Their results still come out of the iterator. Safe from any
     * thread; returns without waiting.
     */
    public void cancel() {
        cancelled = true;
        buffer.stopIntake();
        for (BatchWorker<?, R> worker : workers) {
            worker.guard().cancelJob();
        }
        // Wakes workers waiting for an interpreter or for the input.
        threads.forEach(Thread::interrupt);
    }

    /** Whether every item taken has its result and the workers have ended. */
    public boolean isFinished() {
        return ended.getCount() == 0;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** How far the job has got. */
    public BatchProgress progress() {
        return progress(isFinished());
    }

    private BatchProgress progress(boolean finished) {
        long end = finished ? endNanos : System.nanoTime();
        return new BatchProgress(buffer.succeeded(), buffer.failed(), Duration.ofNanos(end - startNanos), finished);
    }

    /** How many items were taken from the input so far. */
    public long taken() {
        return source.taken();
    }

    /**
     * Cancels the job if it is not finished, and waits until its workers have ended and returned their
     * interpreters to the pool. Results not yet taken are dropped. Idempotent.
     */
    @Override
    public void close() {
        if (!isFinished()) {
            cancel();
        }
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        BatchProgress p = progress();
        return "BatchJob[" + p.succeeded() + " succeeded, " + p.failed() + " failed" + (cancelled ? ", cancelled" : "")
                + (p.finished() ? ", finished" : "") + "]";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
