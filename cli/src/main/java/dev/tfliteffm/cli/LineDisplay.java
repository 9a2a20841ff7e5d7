package dev.tfliteffm.cli;

import java.io.PrintStream;

/**
 * {@code batch}'s progress off a terminal: one line per update, {@code batch: done/total items, F failed,
 * R items/s}, which a log keeps readable where a progress bar's redrawing would not.
 */
final class LineDisplay implements BatchDisplay {

    private final PrintStream err;
    private final long total;
    private final long start = System.nanoTime();

    LineDisplay(PrintStream err, long total) {
        this.err = err;
        this.total = total;
    }

    @Override
    public void update(long done, long failed) {
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf("batch: %d/%d items, %d failed, %.1f items/s%n", done, total, failed, done / seconds);
    }

    @Override
    public void close() {
        err.flush();
    }
}
