package dev.tfliteffm;

import java.time.Duration;

/**
 * How far a {@link BatchJob} has got: what a {@link BatchProgressListener} receives, and what
 * {@link BatchJob#progress()} returns.
 *
 * @param succeeded items that succeeded so far
 * @param failed    items that failed so far (including cancelled and timed-out ones)
 * @param elapsed   time since the job started
 * @param finished  whether the job is over: every item it took from the input has a result
 */
public record BatchProgress(long succeeded, long failed, Duration elapsed, boolean finished) {

    /** Items done, successfully or not. */
    public long done() {
        return succeeded + failed;
    }

    /** Items done per second of {@link #elapsed()}; 0 before any time has passed. */
    public double itemsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : done() * 1e9 / nanos;
    }
}
