package dev.tfliteffm;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The input of a batch job, pulled lazily, one item at a time, by whichever worker needs one; each item gets
 * the next index. An iterator is not thread-safe, so pulls take turns on a lock. A failing iterator ends the
 * input: its exception becomes the result of the index the item would have had.
 *
 * @param <T> the item type
 */
final class BatchSource<T> {

    /** An item taken from the input: its index and value, or the iterator's failure in its place. */
    record Pulled<T>(long index, T value, Throwable error) {}

    private final Iterator<? extends T> iterator;
    private final ReentrantLock lock = new ReentrantLock();
    private long count;
    private boolean done;

    BatchSource(Iterator<? extends T> iterator) {
        this.iterator = iterator;
    }

    /**
     * Adds up to {@code max} next items to {@code into} (one turn on the lock for all of them); fewer at the end
     * of the input, or when the iterator fails (its failure is then the last one added).
     *
     * @return how many were added
     */
    int next(int max, List<Pulled<T>> into) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            int added = 0;
            while (added < max && !done) {
                try {
                    if (!iterator.hasNext()) {
                        done = true;
                        break;
                    }
                    T value = iterator.next();
                    into.add(new Pulled<>(count++, value, null));
                } catch (RuntimeException | Error e) {
                    done = true;
                    into.add(new Pulled<>(count++, null, e));
                }
                added++;
            }
            return added;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the input ended (or failed). */
    boolean isDone() {
        lock.lock();
        try {
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** How many items were taken so far. */
    long taken() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
