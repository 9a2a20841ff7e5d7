package org.tensorflow.lite;

import dev.tfliteffm.TfLiteException;

/**
 * Something a run invokes: the primary subgraph ({@link PrimarySubgraph}) or a signature ({@link SignatureEntry}).
 * Knows when it must allocate before inputs are written: after any resize since its last allocation, as the
 * official API's "memory allocated" flags do (a resize anywhere counts, since entry points may share a subgraph).
 */
abstract class EntryPoint {

    /** Resizes made through any entry point of one interpreter. */
    static final class Resizes {
        private int count;

        void happened() {
            count++;
        }

        int count() {
            return count;
        }
    }

    private final Resizes resizes;
    private final boolean primary;
    private int allocatedAt = -1;

    /**
     * @param primary whether it runs the primary subgraph: there the official API reports failed invokes as
     *     IllegalArgumentException, elsewhere as IllegalStateException
     */
    EntryPoint(Resizes resizes, boolean primary) {
        this.resizes = resizes;
        this.primary = primary;
    }

    /** The runtime's allocation for this entry point. */
    abstract void allocateNative();

    /** The runtime's invoke for this entry point. */
    abstract void invokeNative();

    /** Records a resize that this entry point made. */
    final void resized() {
        resizes.happened();
    }

    /** Allocates if a resize happened since the last allocation (or there was none). */
    final void allocateIfNeeded() {
        if (allocatedAt != resizes.count()) {
            allocate();
        }
    }

    /** Allocates the tensors. */
    final void allocate() {
        try {
            allocateNative();
        } catch (TfLiteException e) {
            throw Errors.allocationFailed(e);
        }
        allocatedAt = resizes.count();
    }

    /**
     * Invokes, unless runs are cancelled.
     *
     * @return how long the invoke took, in nanoseconds
     */
    final long invoke(Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            throw Errors.cancelled(primary);
        }
        long start = System.nanoTime();
        try {
            invokeNative();
        } catch (TfLiteException e) {
            throw Errors.invokeFailed(e, primary);
        }
        return System.nanoTime() - start;
    }
}
