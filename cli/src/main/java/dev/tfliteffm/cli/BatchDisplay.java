package dev.tfliteffm.cli;

import java.io.PrintStream;

/**
 * How {@code batch} shows its progress on standard error: a progress bar on a terminal, periodic lines
 * otherwise (logs, pipes, CI). Told the counts by the job's progress listener; closed when the job ends.
 */
interface BatchDisplay extends AutoCloseable {

    /** Shows that {@code done} of the run's items are done, {@code failed} of them failed. */
    void update(long done, long failed);

    @Override
    void close();

    /** The display for {@code err}: a bar when standard error is a terminal, lines every interval otherwise. */
    static BatchDisplay of(PrintStream err, long total, boolean terminal) {
        return terminal ? new BarDisplay(err, total) : new LineDisplay(err, total);
    }

    /** Whether this process talks to a terminal (which {@code System.console()} tells for Java 22 and later). */
    static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }
}
