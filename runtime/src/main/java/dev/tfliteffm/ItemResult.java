package dev.tfliteffm;

/**
 * What became of one item of a {@link BatchJob}: a {@link Success} with the item's result, or a
 * {@link Failure} with why it failed. Either way tagged with the item's {@linkplain #index() index}, its
 * position in the input (0 for the first item).
 *
 * <p>A failure's {@linkplain #error() error} is the exception the item's own work threw
 * ({@link IllegalArgumentException} for an input of the wrong type or shape, {@link TfLiteException} when
 * TFLite failed, whatever a writer or reader threw), a {@link java.util.concurrent.TimeoutException} when
 * its invoke ran past the item deadline, or a {@link java.util.concurrent.CancellationException} when the
 * job (or the pool) was cancelled before the item finished.
 *
 * @param <R> the result type
 */
public sealed interface ItemResult<R> permits ItemResult.Success, ItemResult.Failure {

    /** The item's position in the input, from 0. */
    long index();

    /** Whether the item succeeded. */
    boolean succeeded();

    /**
     * The item's result.
     *
     * @throws IllegalStateException for a failure, naming the item and with its error as the cause
     */
    R value();

    /** Why the item failed; {@code null} for a success. */
    Throwable error();

    /**
     * An item that succeeded.
     *
     * @param index the item's position in the input
     * @param value its result
     * @param <R>   the result type
     */
    record Success<R>(long index, R value) implements ItemResult<R> {
        @Override
        public boolean succeeded() {
            return true;
        }

        @Override
        public Throwable error() {
            return null;
        }
    }

    /**
     * An item that failed.
     *
     * @param index the item's position in the input
     * @param error why it failed
     * @param <R>   the result type
     */
    record Failure<R>(long index, Throwable error) implements ItemResult<R> {
        @Override
        public boolean succeeded() {
            return false;
        }

        @Override
        public R value() {
            throw new IllegalStateException("item " + index + " failed: " + error, error);
        }

        @Override
        public String toString() {
            return "Failure[index=" + index + ", error=" + error + "]";
        }
    }
}
