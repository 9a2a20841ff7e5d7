package dev.tfliteffm.cli;

import dev.tfliteffm.NdArray;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Where {@code batch} writes each item's outputs. Writing an item is all or nothing (temporary files, then an
 * atomic rename), so an item counts as done exactly when its outputs are complete, and a rerun skips it.
 */
interface BatchSink extends Closeable {

    /** Whether item {@code index} already has complete outputs (from an earlier run). */
    boolean done(int index);

    /** Writes item {@code index}'s outputs; from several threads at once if {@link #concurrentWrites()}. */
    void write(int index, Map<String, NdArray> outputs) throws IOException;

    /** Whether items may be written from several threads at once (else one at a time, in input order). */
    default boolean concurrentWrites() {
        return false;
    }

    /**
     * Called once after the last item, with whether every item of the input now has its outputs: where the
     * form assembles something from all items, it does so here.
     */
    default void finish(boolean complete) throws IOException {}
}
