package dev.tfliteffm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

/**
 * Runs one signature over many items on an {@link InterpreterPool}: a {@code Stream}, {@code Iterator} or
 * {@code Iterable} of inputs in, one {@link ItemResult} per item out, with bounded memory, per-item failures,
 * deadlines, cancellation, progress, and optionally several items packed into one invoke.
 *
 * <pre>{@code
 * BatchRunner<Map<String, ?>, Map<String, NdArray>> runner = BatchRunner.builder(pool, "serving_default")
 *         .pack(16)                                  // 16 items per invoke (a -1 batch dimension)
 *         .itemTimeout(Duration.ofSeconds(1))
 *         .progress(p -> System.err.printf("%d done, %.0f/s%n", p.done(), p.itemsPerSecond()), Duration.ofSeconds(1))
 *         .build();
 * try (BatchJob<Map<String, NdArray>> job = runner.start(images)) {    // images: a Stream of input maps
 *     for (ItemResult<Map<String, NdArray>> r : job) {
 *         if (r.succeeded()) use(r.index(), r.value()); else log(r.index(), r.error());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Items.</b> By default an item is what {@link SignatureRunner#run(Map)} takes, a map of input name to
 * value (Java array, {@link NdArray} or segment), and its result what {@code run} returns. Without packing,
 * each item goes through {@code run} itself, so any shape it accepts works. The lower-level form writes
 * items straight into the input tensors with an {@link ItemWriter} ({@link Builder#writer}) and reads results
 * with an {@link ItemReader} ({@link Builder#reader}); either can be used without the other. Writers need
 * inputs of fixed-size types whose shape signatures have no -1 beyond the first dimension: each item then has
 * the input's shape with a batch dimension of 1.
 *
 * <p><b>Workers.</b> {@link Builder#workers(int)} threads (default: the pool's size), each with one
 * interpreter borrowed for the length of the job. Results come in input order ({@link Builder#ordered},
 * the default) or as they finish, tagged with the item's index.
 *
 * <p><b>Bounded memory.</b> The input is pulled lazily: a worker takes an item only when there is room, and
 * room is freed when the consumer takes a result. At most {@link #maxInFlight()} = 2 × workers × pack +
 * {@link Builder#queueCapacity(int) queueCapacity} items are between the input and the consumer, so a slow
 * consumer slows the job down instead of filling the heap, however long the input.
 *
 * <p><b>Failures.</b> A failure is the result of the item that failed, with its index and cause (see
 * {@link ItemResult}); other items are not affected, and no result is lost or duplicated. With
 * {@link FailurePolicy#STOP} the job takes no more items after the first failure (items taken still finish).
 * If the input's iterator throws, that is the failure of the next index, and the input ends there.
 *
 * <p><b>Deadlines and cancellation.</b> {@link Builder#itemTimeout(Duration)} limits each invoke: when it
 * passes, the job's timer cancels the invoke ({@link Interpreter#cancel()}) and the item fails with a
 * {@link java.util.concurrent.TimeoutException}; the interpreter stays usable and goes on with the next item.
 * With packing the limit is per invoke, so every item of a pack that overruns fails. {@link BatchJob#cancel()}
 * stops the whole job.
 *
 * <p><b>Packing.</b> With {@link Builder#pack(int) pack(k)}, k &gt; 1, up to k items run in one invoke, when
 * every input's shape signature is {@code [-1, d1, d2, ...]} (a dynamic batch dimension first, and fixed
 * dimensions after it; checked by {@link Builder#build()}). The rule for items: each item's value for an input
 * has the input's shape with <b>a batch dimension of 1</b> ({@code [1, 784]} for {@code [-1, 784]}), or is a
 * flat array of as many values: the same values that run one by one, so the two are interchangeable. Its
 * results have the outputs' shapes with a batch dimension of 1, as run one by one. A pack takes the items that
 * are available (the last one may be smaller), and the inputs are resized only when the pack size changes. An
 * item that fails its checks (type, shape, missing input) or whose writer throws fails alone; if TFLite fails
 * the packed invoke, the pack's items are run again one by one, so that only the item TFLite cannot run
 * fails.
 *
 * <p><b>Packed results and one-by-one results.</b> With XNNPACK on, and for integer (quantized) models,
 * packed results were byte for byte those of running the items one by one on every model tried (the shared
 * test models and the model writer's samples). Without XNNPACK, TFLite's own float kernels (FULLY_CONNECTED,
 * CONV_2D) take a different path for a batch of 1 than for larger batches, and for different batch sizes, so
 * packed float results differ from one-by-one results in the last bits (for mnist_dense_float by up to 3e-6 of
 * the largest output). docs/batch.md lists what was compared.
 * Compare packed and one-by-one results under the same settings, and keep packing off where bit-exact
 * agreement with unpacked runs matters more than throughput.
 *
 * <p>A runner is immutable and can start any number of jobs, one after another or at once.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
public final class BatchRunner<T, R> {

    private final InterpreterPool pool;
    private final String signatureKey;
    private final SignatureLayout layout;
    private final ItemWriter<? super T> writer;
    private final ItemReader<? extends R> reader;
    private final int workers;
    private final int pack;
    private final boolean ordered;
    private final int queueCapacity;
    private final FailurePolicy failurePolicy;
    private final Duration itemTimeout;
    private final BatchProgressListener listener;
    private final Duration progressInterval;
    private final ThreadFactory threadFactory;

    @SuppressWarnings("unchecked")
    private BatchRunner(Builder<T, R> b, SignatureLayout layout) {
        this.pool = b.pool;
        this.signatureKey = b.signatureKey;
        this.layout = layout;
        this.writer = (ItemWriter<? super T>) b.writer;
        this.reader = (ItemReader<? extends R>) b.reader;
        this.workers = b.workers > 0 ? b.workers : b.pool.size();
        this.pack = b.pack;
        this.ordered = b.ordered;
        this.queueCapacity = b.queueCapacity >= 0 ? b.queueCapacity : workers * pack;
        this.failurePolicy = b.failurePolicy;
        this.itemTimeout = b.itemTimeout;
        this.listener = b.listener;
        this.progressInterval = b.progressInterval;
        this.threadFactory = b.threadFactory;
    }

    /**
     * A builder for jobs that run signature {@code signatureKey} of the pool's model on map items.
     *
     * @throws IllegalArgumentException (from {@link Builder#build()}) if the model has no such signature
     */
    public static Builder<Map<String, ?>, Map<String, NdArray>> builder(InterpreterPool pool, String signatureKey) {
        return new Builder<>(
                Objects.requireNonNull(pool, "pool"),
                Objects.requireNonNull(signatureKey, "signatureKey (use builder(pool) for the default signature)"));
    }

    /** A builder for jobs that run the pool's model's default signature ({@link Interpreter#defaultRunner()}). */
    public static Builder<Map<String, ?>, Map<String, NdArray>> builder(InterpreterPool pool) {
        return new Builder<>(Objects.requireNonNull(pool, "pool"), null);
    }

    // ---- starting jobs --------------------------------------------------------------------------

    /**
     * Starts a job over {@code items}, pulled lazily by the workers (one at a time, never concurrently).
     *
     * @throws ClosedException if the pool is closed
     */
    public BatchJob<R> start(Iterator<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return start(items, () -> {});
    }

    /** Starts a job over {@code items} (see {@link #start(Iterator)}). */
    public BatchJob<R> start(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return start(items.iterator(), () -> {});
    }

    /** Starts a job over {@code items}, which the job closes when it ends (see {@link #start(Iterator)}). */
    public BatchJob<R> start(Stream<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return start(items.iterator(), items::close);
    }

    private BatchJob<R> start(Iterator<? extends T> items, Runnable onEnd) {
        BatchJob<R> job = new BatchJob<>(this, new BatchSource<T>(items), onEnd);
        job.start();
        return job;
    }

    /**
     * Runs a job over {@code items} to its end and returns every result, in input order. For inputs that fit
     * in memory; stream the results of {@link #start} otherwise.
     *
     * @throws ClosedException if the pool is (or gets) closed
     * @throws java.util.concurrent.CancellationException if the thread is interrupted (the job is cancelled)
     */
    public List<ItemResult<R>> runAll(Iterable<? extends T> items) {
        List<ItemResult<R>> results = new ArrayList<>();
        try (BatchJob<R> job = start(items)) {
            job.forEach(results::add);
        }
        if (!ordered) {
            results.sort((a, b) -> Long.compare(a.index(), b.index()));
        }
        return results;
    }

    // ---- settings -------------------------------------------------------------------------------

    /**
     * The most items between the input and the consumer at any time: 2 × workers × pack + queue capacity
     * (each worker may hold a pack being run and a pack whose results wait for an earlier item's, and up to
     * the queue capacity of results may wait for the consumer).
     */
    public long maxInFlight() {
        return 2L * workers * pack + queueCapacity;
    }

    /** The number of worker threads (and interpreters) of a job. */
    public int workers() {
        return workers;
    }

    /** The most items per invoke (1: no packing). */
    public int pack() {
        return pack;
    }

    InterpreterPool pool() {
        return pool;
    }

    /** The signature's key; {@code null} for the default runner. */
    String signatureKey() {
        return signatureKey;
    }

    SignatureLayout layout() {
        return layout;
    }

    ItemWriter<? super T> writer() {
        return writer;
    }

    ItemReader<? extends R> reader() {
        return reader;
    }

    boolean packing() {
        return pack > 1;
    }

    boolean ordered() {
        return ordered;
    }

    FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    Duration itemTimeout() {
        return itemTimeout;
    }

    BatchProgressListener listener() {
        return listener;
    }

    Duration progressInterval() {
        return progressInterval;
    }

    ThreadFactory threadFactory() {
        return threadFactory;
    }

    @Override
    public String toString() {
        return "BatchRunner[signature " + layout.key() + ", " + workers + " workers, pack " + pack
                + (ordered ? ", ordered" : ", as finished") + ", " + failurePolicy + "]";
    }

    // ---- the builder ----------------------------------------------------------------------------

    /**
     * Builds a {@link BatchRunner}; start with {@link BatchRunner#builder(InterpreterPool, String)}.
     *
     * @param <T> the item type
     * @param <R> the result type
     */
    public static final class Builder<T, R> {

        private final InterpreterPool pool;
        private final String signatureKey;
        private ItemWriter<?> writer;
        private ItemReader<?> reader;
        private int workers;
        private int pack = 1;
        private boolean ordered = true;
        private int queueCapacity = -1;
        private FailurePolicy failurePolicy = FailurePolicy.CONTINUE;
        private Duration itemTimeout;
        private BatchProgressListener listener;
        private Duration progressInterval = Duration.ofSeconds(1);
        private ThreadFactory threadFactory;

        private Builder(InterpreterPool pool, String signatureKey) {
            this.pool = pool;
            this.signatureKey = signatureKey;
        }

        /**
         * Items of type {@code U}, written into the input tensors by {@code writer} instead of given as maps.
         */
        @SuppressWarnings("unchecked")
        public <U> Builder<U, R> writer(ItemWriter<? super U> writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            return (Builder<U, R>) this;
        }

        /** Results of type {@code S}, read from the output tensors by {@code reader} instead of copied. */
        @SuppressWarnings("unchecked")
        public <S> Builder<T, S> reader(ItemReader<? extends S> reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return (Builder<T, S>) this;
        }

        /** The number of worker threads, each with its own interpreter (>= 1); default: the pool's size. */
        public Builder<T, R> workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("a batch job needs at least 1 worker; given " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** The most items per invoke (>= 1); default 1, no packing. See "Packing" in {@link BatchRunner}. */
        public Builder<T, R> pack(int maxItems) {
            if (maxItems < 1) {
                throw new IllegalArgumentException("pack needs at least 1 item per invoke; given " + maxItems);
            }
            this.pack = maxItems;
            return this;
        }

        /** Results in input order (true, the default) or as they finish. */
        public Builder<T, R> ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        /** How many results may wait for the consumer (>= 0); default workers × pack. */
        public Builder<T, R> queueCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("the queue capacity must be >= 0; given " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** What to do when an item fails; default {@link FailurePolicy#CONTINUE}. */
        public Builder<T, R> failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The longest an invoke may run before it is cancelled and its items fail; default none. */
        public Builder<T, R> itemTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the item timeout must be positive; given " + timeout);
            }
            this.itemTimeout = timeout;
            return this;
        }

        /** A listener told the job's progress every {@code interval} and at the end. */
        public Builder<T, R> progress(BatchProgressListener listener, Duration interval) {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the progress interval must be positive; given " + interval);
            }
            this.listener = listener;
            this.progressInterval = interval;
            return this;
        }

        /**
         * Where worker threads come from; default: daemon platform threads named {@code tflite-batch-N-worker-M}.
         * Virtual threads work too, but each pins its carrier while its invoke runs.
         */
        public Builder<T, R> threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The runner.
         *
         * @throws IllegalArgumentException if the signature does not exist, its inputs cannot be packed (with
         *     {@code pack(k)}, k &gt; 1) or written by a writer, or an item timeout is set on a pool whose
         *     interpreters cannot be cancelled; the message says which input and why
         */
        public BatchRunner<T, R> build() {
            SignatureLayout layout = pool.layout(signatureKey);
            if (pack > 1) {
                String problem = layout.whyNotPackable();
                if (problem != null) {
                    throw new IllegalArgumentException(
                            "cannot pack items of signature '" + layout.key() + "': " + problem);
                }
            }
            if (writer != null) {
                for (int i = 0; i < layout.inputNames().size(); i++) {
                    String problem = SignatureLayout.whyNotBatched(
                            layout.inputNames().get(i),
                            layout.inputTypes().get(i),
                            layout.inputShapes().get(i),
                            pack > 1);
                    if (problem != null) {
                        throw new IllegalArgumentException("an ItemWriter cannot write items of signature '"
                                + layout.key() + "': " + problem + "; give map items instead");
                    }
                }
            }
            if (itemTimeout != null && !pool.options().cancellable()) {
                throw new IllegalArgumentException("an item timeout needs interpreters that can be cancelled; "
                        + "the pool's options have cancellable(false)");
            }
            return new BatchRunner<>(this, layout);
        }
    }
}
