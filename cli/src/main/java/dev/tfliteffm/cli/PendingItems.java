package dev.tfliteffm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The items a {@code batch} run still has to do, read as the job pulls them (one worker at a time). An item that
 * cannot be read is recorded as failed here and left out, since an exception from the job's input would end
 * the job. The job numbers the items it takes from 0; {@link #item(long)} maps that back to the item's index.
 */
final class PendingItems implements Iterator<Map<String, ?>> {

    private final BatchItems items;
    private final BatchSignature signature;
    private final BatchFailures failures;
    private final int[] pending;
    private final AtomicIntegerArray taken;
    private int next;
    private int yielded;
    private Map<String, ?> ahead;
    private int aheadIndex;

    PendingItems(BatchItems items, BatchSignature signature, BatchFailures failures, int[] pending) {
        this.items = items;
        this.signature = signature;
        this.failures = failures;
        this.pending = pending;
        this.taken = new AtomicIntegerArray(pending.length);
    }

    @Override
    public boolean hasNext() {
        while (ahead == null && next < pending.length) {
            int index = pending[next++];
            try {
                ahead = items.read(index, signature);
                aheadIndex = index;
            } catch (RuntimeException | IOException e) {
                try {
                    failures.record(index, items.name(index), e);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
        }
        return ahead != null;
    }

    @Override
    public Map<String, ?> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map<String, ?> value = ahead;
        ahead = null;
        taken.set(yielded++, aheadIndex);
        return value;
    }

    /** The index of the item the job numbered {@code jobIndex}. */
    int item(long jobIndex) {
        return taken.get(Math.toIntExact(jobIndex));
    }
}
