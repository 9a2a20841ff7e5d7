package dev.tfliteffm;

/**
 * Told how a {@link BatchJob} progresses: every {@linkplain BatchRunner.Builder#progress(BatchProgressListener,
 * java.time.Duration) interval} while it runs, and once at the end with {@link BatchProgress#finished()}
 * true (the last call; it happens before the job's results end). Calls come one at a time from the job's
 * own threads, so a listener needs no locking of its own but should return quickly: the job's timer, which
 * also enforces item deadlines, makes the periodic calls. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface BatchProgressListener {

    /** Called with the job's progress. */
    void onProgress(BatchProgress progress);
}
