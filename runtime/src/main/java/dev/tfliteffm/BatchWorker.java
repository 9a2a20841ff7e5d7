package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * One worker thread of a {@link BatchJob}: borrows an interpreter for the job, then takes items from the input
 * (up to a pack at a time), runs them, and puts exactly one result per item into the job's buffer, whatever
 * happens. See {@link BatchRunner} for the rules it follows.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
final class BatchWorker<T, R> implements Runnable {

    private final BatchJob<R> job;
    private final BatchRunner<T, R> config;
    private final BatchSource<T> source;
    private final ResultBuffer<R> buffer;
    private final InvokeGuard guard;
    private final SignatureLayout layout;
    private final Set<String> inputNameSet;
    private final int[][] itemShapes;

    // The borrowed interpreter and what the worker keeps of it.
    private InterpreterPool.Lease lease;
    private SignatureRunner runner;
    private ItemSlots inSlots;
    private ItemSlots outSlots;
    private ItemInputs inputs;
    private ItemOutputs outputs;
    private int rows = -1; // items the input tensors are sized for when packing; -1: unknown
    // The results of the pack being run, handed over together.
    private final List<ItemResult<R>> outbox = new ArrayList<>();
    private boolean failedInOutbox;

    BatchWorker(
            BatchJob<R> job,
            BatchRunner<T, R> config,
            BatchSource<T> source,
            ResultBuffer<R> buffer,
            InvokeGuard guard) {
        this.job = job;
        this.config = config;
        this.source = source;
        this.buffer = buffer;
        this.guard = guard;
        this.layout = config.layout();
        this.inputNameSet = new HashSet<>(layout.inputNames());
        this.itemShapes = new int[layout.inputNames().size()][];
        for (int i = 0; i < itemShapes.length; i++) {
            itemShapes[i] = layout.itemShape(i);
        }
    }

    InvokeGuard guard() {
        return guard;
    }

    @Override
    public void run() {
        try {
            work();
        } finally {
            if (lease != null) {
                lease.close();
            }
            job.workerDone();
        }
    }

    private void work() {
        boolean more = true;
        while (more) {
            if (lease == null && !borrow()) {
                return;
            }
            List<BatchSource.Pulled<T>> items = new ArrayList<>(config.pack());
            more = pull(items);
            if (items.isEmpty()) {
                return;
            }
            Set<Long> open = new HashSet<>();
            items.forEach(item -> open.add(item.index()));
            try {
                process(items, open);
            } catch (Throwable t) {
                // Nothing taken is lost: what this pack did not finish fails with what stopped it.
                for (BatchSource.Pulled<T> item : items) {
                    if (open.contains(item.index())) {
                        fail(item.index(), t, open);
                    }
                }
                if (t instanceof Error e) {
                    flush();
                    throw e;
                }
            }
            flush();
            if (lease.interpreter().lastAllocationFailed()) {
                // XNNPACK may have left it half-prepared: the pool closes it, and this worker borrows another.
                lease.discard();
                lease.close();
                lease = null;
            }
        }
    }

    /** Takes up to a pack of items; false when no more will come (the input ended, or intake stopped). */
    private boolean pull(List<BatchSource.Pulled<T>> items) {
        // Wait for one place, then take as many as are free up to a pack: a worker never waits with items in
        // hand, since the consumer may be waiting for exactly those.
        int reserved;
        try {
            reserved = buffer.reserve(config.pack());
        } catch (InterruptedException e) {
            return false; // cancelled
        }
        if (reserved == 0) {
            return false;
        }
        int taken = 0;
        try {
            taken = source.next(reserved, items);
        } catch (InterruptedException e) {
            // cancelled while another worker was reading the input
        } finally {
            buffer.unreserve(reserved - taken);
        }
        return taken == reserved && (items.isEmpty() || items.getLast().error() == null);
    }

    /** Borrows an interpreter for the job; false if none can be had (the job then stops taking items). */
    private boolean borrow() {
        try {
            lease = config.pool().borrow();
            Interpreter ip = lease.interpreter();
            runner = config.signatureKey() == null ? ip.defaultRunner() : ip.runner(config.signatureKey());
            inSlots = new ItemSlots("input", runner.inputNames(), tensors(runner, true));
            outSlots = new ItemSlots("output", runner.outputNames(), tensors(runner, false));
            inputs = new ItemInputs(inSlots);
            outputs = new ItemOutputs(outSlots);
            guard.use(ip);
            rows = -1;
            // A pooled interpreter keeps the shapes its last user gave it: start from one item's shapes, so
            // that a flat array means the same item in every worker (and a writer gets one item's room).
            for (int i = 0; i < itemShapes.length; i++) {
                if (layout.fixedBeyondBatch(i)) {
                    runner.resizeInput(layout.inputNames().get(i), itemShapes[i]);
                }
            }
            if (config.writer() != null && !config.packing()) {
                runner.allocateTensors();
            }
            return true;
        } catch (InterruptedException e) {
            job.abort(new CancellationException("interrupted while waiting for an interpreter"));
        } catch (RuntimeException e) {
            job.abort(e);
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
        return false;
    }

    private static Tensor[] tensors(SignatureRunner runner, boolean inputs) {
        List<String> names = inputs ? runner.inputNames() : runner.outputNames();
        Tensor[] tensors = new Tensor[names.size()];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = inputs ? runner.input(names.get(i)) : runner.output(names.get(i));
        }
        return tensors;
    }

    private void process(List<BatchSource.Pulled<T>> items, Set<Long> open) throws Exception {
        List<BatchSource.Pulled<T>> live = new ArrayList<>(items.size());
        for (BatchSource.Pulled<T> item : items) {
            if (item.error() != null) {
                fail(item.index(), item.error(), open);
            } else if (guard.cancelled()) {
                fail(item.index(), new CancellationException("the batch job was cancelled"), open);
            } else {
                live.add(item);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        if (config.packing()) {
            runPack(live, open);
        } else {
            for (BatchSource.Pulled<T> item : live) {
                runOne(item, open);
            }
        }
    }

    // ---- one item per invoke --------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void runOne(BatchSource.Pulled<T> item, Set<Long> open) {
        long index = item.index();
        try {
            R value;
            if (config.writer() == null) {
                Map<String, ?> values = asMap(item.value());
                if (config.reader() == null) {
                    value = (R) guarded(() -> runner.run(values)); // exactly what run(Map) gives for the item
                } else {
                    runner.writeInputs(values);
                    guarded(() -> {
                        runner.invoke();
                        return null;
                    });
                    value = read(index, 0);
                }
            } else {
                inSlots.whole();
                inSlots.at(index, 0);
                config.writer().write(item.value(), inputs);
                guarded(() -> {
                    runner.invoke();
                    return null;
                });
                value = read(index, 0);
            }
            succeed(index, value, open);
        } catch (Exception e) {
            fail(index, e, open);
        }
    }

    @SuppressWarnings("unchecked")
    private R read(long index, int row) throws Exception {
        outSlots.at(index, row);
        return config.reader() == null ? (R) outputs.arrays() : config.reader().read(outputs);
    }

    // ---- packs ----------------------------------------------------------------------------------

    private void runPack(List<BatchSource.Pulled<T>> items, Set<Long> open) throws Exception {
        // Map items are checked before anything is written, so a bad item leaves the pack (only it fails).
        InputValue[][] arrays = new InputValue[items.size()][];
        List<BatchSource.Pulled<T>> live = items;
        if (config.writer() == null) {
            live = new ArrayList<>(items.size());
            for (int r = 0; r < items.size(); r++) {
                BatchSource.Pulled<T> item = items.get(r);
                try {
                    arrays[live.size()] = packedArrays(item.value());
                    live.add(item);
                } catch (RuntimeException e) {
                    fail(item.index(), e, open);
                }
            }
        }
        int k = live.size();
        if (k == 0) {
            return;
        }
        try {
            resizeFor(k);
            inSlots.packed(k);
        } catch (RuntimeException e) {
            rows = -1;
            failAll(live, e, open);
            return;
        }
        int[] rowOf = new int[k];
        int filled = 0;
        for (int r = 0; r < k; r++) {
            BatchSource.Pulled<T> item = live.get(r);
            inSlots.at(item.index(), filled);
            try {
                if (config.writer() == null) {
                    for (int i = 0; i < arrays[r].length; i++) {
                        arrays[r][i].copyTo(inSlots.segment(i));
                    }
                } else {
                    config.writer().write(item.value(), inputs);
                }
                rowOf[r] = filled++;
            } catch (Exception e) {
                rowOf[r] = -1; // the next item takes this row
                fail(item.index(), e, open);
            }
        }
        if (filled == 0) {
            return;
        }
        padRows(filled, k);
        try {
            guarded(() -> {
                runner.invoke();
                return null;
            });
        } catch (TfLiteException e) {
            if (k > 1) {
                // Find out which item TFLite could not run: the others still get their results.
                for (int r = 0; r < k; r++) {
                    if (rowOf[r] >= 0) {
                        runPack(List.of(live.get(r)), open);
                    }
                }
                return;
            }
            failAll(live, e, open);
            return;
        } catch (Exception e) {
            failAll(live, e, open);
            return;
        }
        try {
            outSlots.packed(k);
        } catch (RuntimeException e) {
            failAll(live, e, open);
            return;
        }
        for (int r = 0; r < k; r++) {
            if (rowOf[r] < 0) {
                continue;
            }
            long index = live.get(r).index();
            try {
                succeed(index, read(index, rowOf[r]), open);
            } catch (Exception e) {
                fail(index, e, open);
            }
        }
    }

    /** Sizes the inputs for {@code k} items, only when that differs from what they hold now. */
    private void resizeFor(int k) {
        if (rows == k) {
            return;
        }
        rows = -1;
        List<String> names = layout.inputNames();
        for (int i = 0; i < itemShapes.length; i++) {
            int[] shape = itemShapes[i].clone();
            shape[0] = k;
            runner.resizeInput(names.get(i), shape);
        }
        runner.allocateTensors();
        rows = k;
    }

    /** Rows left empty by items whose writer failed get a copy of row 0: the pack keeps its size. */
    private void padRows(int filled, int k) {
        for (int row = filled; row < k; row++) {
            for (int i = 0; i < itemShapes.length; i++) {
                inSlots.at(-1, 0);
                MemorySegment first = inSlots.segment(i);
                inSlots.at(-1, row);
                inSlots.segment(i).copyFrom(first);
            }
        }
    }

    /** A map item's values as arrays of one item's shape per input, checked as {@code run(Map)} checks. */
    private InputValue[] packedArrays(T item) {
        Map<String, ?> values = asMap(item);
        for (String name : values.keySet()) {
            if (!inputNameSet.contains(name)) {
                throw new IllegalArgumentException("no input '" + name + "' in signature '" + layout.key()
                        + "'; expected one of " + layout.inputNames());
            }
        }
        List<String> names = layout.inputNames();
        InputValue[] arrays = new InputValue[names.size()];
        for (int i = 0; i < arrays.length; i++) {
            String name = names.get(i);
            Object value = values.get(name);
            if (value == null && !values.containsKey(name)) {
                throw new IllegalArgumentException("missing input '" + name + "' for signature '" + layout.key()
                        + "'; expected values for " + names);
            }
            InputValue array = new InputValue();
            array.set(value, layout.inputTypes().get(i), itemShapes[i], name);
            if (!Arrays.equals(array.shape(), itemShapes[i])) {
                throw new IllegalArgumentException("input '" + name + "' of a packed item has shape "
                        + Arrays.toString(array.shape()) + "; expected " + Arrays.toString(itemShapes[i])
                        + " (its shape signature "
                        + Arrays.toString(layout.inputShapes().get(i))
                        + " with a batch of 1, or a flat array of as many values)");
            }
            arrays[i] = array;
        }
        return arrays;
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> asMap(Object item) {
        if (item == null) {
            throw new NullPointerException("the item is null; expected a Map of input name to value");
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    "the item is a " + item.getClass().getName()
                            + "; expected a Map of input name to value (or give the runner an ItemWriter)");
        }
        return (Map<String, ?>) map;
    }

    // ---- invokes under the guard ----------------------------------------------------------------

    /** What runs under the guard. */
    private interface Call<V> {
        V run();
    }

    /**
     * Runs {@code call} so that the item deadline and job cancellation can stop its invoke; an invoke
     * stopped that way fails with a {@link TimeoutException} or {@link CancellationException} instead.
     */
    private <V> V guarded(Call<V> call) throws TimeoutException {
        guard.begin();
        V value;
        try {
            value = call.run();
        } catch (TfLiteException e) {
            boolean timedOut = guard.end();
            if (e.status() != TfLiteException.Status.CANCELLED) {
                throw e;
            }
            if (timedOut) {
                TimeoutException t = new TimeoutException(
                        "the invoke ran past the item deadline of " + config.itemTimeout() + " and was cancelled");
                t.initCause(e);
                throw t;
            }
            CancellationException c = new CancellationException(
                    "the invoke was cancelled" + (guard.cancelled() ? " with the batch job" : ""));
            c.initCause(e);
            throw c;
        } catch (RuntimeException | Error e) {
            guard.end();
            throw e;
        }
        guard.end();
        return value;
    }

    // ---- results --------------------------------------------------------------------------------

    private void succeed(long index, R value, Set<Long> open) {
        if (open.remove(index)) {
            outbox.add(new ItemResult.Success<>(index, value));
        }
    }

    private void fail(long index, Throwable error, Set<Long> open) {
        if (open.remove(index)) {
            outbox.add(new ItemResult.Failure<>(index, error));
            failedInOutbox = true;
        }
    }

    /** Hands the pack's results to the buffer at once (one turn on its lock). */
    private void flush() {
        if (outbox.isEmpty()) {
            return;
        }
        buffer.put(outbox);
        outbox.clear();
        if (failedInOutbox) {
            failedInOutbox = false;
            job.itemFailed();
        }
    }

    private void failAll(List<BatchSource.Pulled<T>> items, Throwable error, Set<Long> open) {
        for (BatchSource.Pulled<T> item : items) {
            fail(item.index(), error, open);
        }
    }
}
