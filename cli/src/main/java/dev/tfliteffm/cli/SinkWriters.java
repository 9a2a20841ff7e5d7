package dev.tfliteffm.cli;

import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes items to a {@link BatchSink} on a few threads of their own, when the sink allows it: writing an item
 * is mostly file-system calls (a directory, a file, a rename), which would otherwise cap the run at what one
 * thread can create. At most {@link #MAX_PENDING} items wait to be written, so memory stays bounded.
 */
final class SinkWriters implements AutoCloseable {

    static final int MAX_PENDING = 64;

    private final BatchSink sink;
    private final ExecutorService threads;
    private final Semaphore room = new Semaphore(MAX_PENDING);
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Writes on {@code count} threads if {@code sink.concurrentWrites()}, else on the caller's thread. */
    SinkWriters(BatchSink sink, int count) {
        this.sink = sink;
        this.threads = sink.concurrentWrites()
                ? Executors.newFixedThreadPool(
                        count,
                        Thread.ofPlatform().daemon().name("batch-writer-", 0).factory())
                : null;
    }

    /** Writes item {@code index}'s outputs, now or soon; throws the first error of an earlier write. */
    void write(int index, Map<String, NdArray> outputs) throws IOException, InterruptedException {
        rethrow();
        if (threads == null) {
            sink.write(index, outputs);
            written.incrementAndGet();
            return;
        }
        room.acquire();
        threads.execute(() -> {
            try {
                sink.write(index, outputs);
                written.incrementAndGet();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                room.release();
            }
        });
    }

    /** Items written so far. */
    long written() {
        return written.get();
    }

    /** Waits until every write is done; throws the first error of one. */
    void finish() throws IOException, InterruptedException {
        if (threads != null) {
            threads.shutdown();
            threads.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t != null) {
            throw new UncheckedIOException(new IOException(t));
        }
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
