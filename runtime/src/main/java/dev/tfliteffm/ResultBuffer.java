package dev.tfliteffm;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a batch job's results wait for the consumer, and what bounds the job's memory: a worker must
 * {@linkplain #reserve(boolean) reserve} a place before it takes an item from the input, and the place is
 * freed only when the consumer {@linkplain #take() takes} the item's result. So at most {@code capacity}
 * items are between the input and the consumer at any time, however slow the consumer or long the input.
 *
 * <p>In order: results wait until every earlier one was taken. As they finish: results are taken in the
 * order they are put.
 *
 * @param <R> the result type
 */
final class ResultBuffer<R> {

    private final boolean ordered;
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** A result to take, or the end. */
    private final Condition ready = lock.newCondition();
    /** A free place, or intake stopped. */
    private final Condition space = lock.newCondition();
    // Guarded by lock.
    private final Map<Long, ItemResult<R>> byIndex = new HashMap<>();
    private final ArrayDeque<ItemResult<R>> queue = new ArrayDeque<>();
    private long next;
    private long reserved;
    private long succeeded;
    private long failed;
    private boolean intakeStopped;
    private boolean ended;

    ResultBuffer(boolean ordered, long capacity) {
        this.ordered = ordered;
        this.capacity = capacity;
    }

    /**
     * Reserves places for between 1 and {@code max} more items, as many as are free, waiting until one is.
     *
     * @return how many were reserved; 0 once intake stopped
     */
    int reserve(int max) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!intakeStopped && reserved >= capacity) {
                space.await();
            }
            if (intakeStopped) {
                return 0;
            }
            int n = (int) Math.min(max, capacity - reserved);
            reserved += n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back {@code n} places reserved for items that did not come (the input ended). */
    void unreserve(int n) {
        if (n == 0) {
            return;
        }
        lock.lock();
        try {
            reserved -= n;
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds the results of reserved items. */
    void put(List<ItemResult<R>> results) {
        lock.lock();
        try {
            for (ItemResult<R> result : results) {
                if (ordered) {
                    byIndex.put(result.index(), result);
                } else {
                    queue.add(result);
                }
                if (result.succeeded()) {
                    succeeded++;
                } else {
                    failed++;
                }
            }
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further reservations, and wakes workers waiting for one. */
    void stopIntake() {
        lock.lock();
        try {
            intakeStopped = true;
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No result will come any more: once the waiting ones are taken, {@link #take()} returns null. */
    void end() {
        lock.lock();
        try {
            ended = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the places of {@code handedOver} results the consumer has received, then moves every result that
     * is ready (in order: up to the first missing index) into {@code into}, waiting until there is one.
     * Results in {@code into} still hold their places until they are handed over, so the bound counts them.
     *
     * @return false after the last result
     */
    boolean take(int handedOver, ArrayDeque<ItemResult<R>> into) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (handedOver > 0) {
                reserved -= handedOver;
                space.signalAll();
            }
            while (true) {
                for (ItemResult<R> r; (r = ordered ? byIndex.remove(next) : queue.poll()) != null; ) {
                    next++;
                    into.add(r);
                }
                if (!into.isEmpty()) {
                    return true;
                }
                if (ended) {
                    if (!byIndex.isEmpty()) {
                        throw new IllegalStateException("internal error: the result of item " + next
                                + " is missing, and " + byIndex.size() + " later ones wait for it");
                    }
                    return false;
                }
                ready.await();
            }
        } finally {
            lock.unlock();
        }
    }

    long succeeded() {
        lock.lock();
        try {
            return succeeded;
        } finally {
            lock.unlock();
        }
    }

    long failed() {
        lock.lock();
        try {
            return failed;
        } finally {
            lock.unlock();
        }
    }
}
