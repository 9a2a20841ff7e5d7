package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An XNNPACK weights cache ({@code TfLiteXNNPackDelegateWeightsCache}) shared by the XNNPACK delegates of an
 * {@link InterpreterPool}'s interpreters, so that the packed weights of the model exist once instead of once per
 * interpreter.
 *
 * <p>TFLite's rules, which the pool follows: the cache goes into each delegate's options; XNNPACK packs the
 * weights when the delegate is applied (while the interpreter is created); the cache must be finalized before
 * any invoke, and <em>soft</em> finalization lets interpreters created afterwards find their weights in it; it
 * is deleted after every delegate using it. The last rule is kept by reference counting: the pool holds one
 * reference and every interpreter made with the cache holds one until it is closed.
 */
final class WeightsCache {

    private final MemorySegment handle;
    private final RefCountedArena references;
    private volatile boolean finalized;

    private WeightsCache(Arena arena, MemorySegment handle) {
        this.references = new RefCountedArena(arena, "XNNPACK weights cache");
        this.handle = handle;
    }

    /** A new, empty cache. */
    static WeightsCache create() {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment raw = CApi.asPointer(CApi.XNNPACK_WEIGHTS_CACHE_CREATE.call());
            if (raw.equals(MemorySegment.NULL)) {
                throw new TfLiteException(
                        TfLiteException.Status.DELEGATE_ERROR,
                        "TfLiteXNNPackDelegateWeightsCacheCreate returned no cache");
            }
            return new WeightsCache(arena, raw.reinterpret(arena, CApi.XNNPACK_WEIGHTS_CACHE_DELETE.deleter()));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The native cache, for {@code TfLiteXNNPackDelegateOptions.weights_cache}. */
    MemorySegment handle() {
        return handle;
    }

    /**
     * Soft-finalizes the cache once the first interpreter has packed its weights; later calls do nothing.
     * Called by one thread (the pool's builder), before the cache is shared.
     *
     * @throws TfLiteException if XNNPACK refuses
     */
    void finalizeSoft() {
        if (finalized) {
            return;
        }
        if (!CApi.asBool(CApi.XNNPACK_WEIGHTS_CACHE_FINALIZE_SOFT.call(handle.address()))) {
            throw new TfLiteException(
                    TfLiteException.Status.DELEGATE_ERROR, "TfLiteXNNPackDelegateWeightsCacheFinalizeSoft failed");
        }
        finalized = true;
    }

    /** Whether {@link #finalizeSoft()} succeeded. */
    boolean isFinalized() {
        return finalized;
    }

    /** Takes a reference for an interpreter; fails if the cache is closed. */
    void acquire() {
        references.acquire();
    }

    /** Drops an interpreter's reference; the last one deletes the cache. */
    void release() {
        references.release();
    }

    /** Drops the owner's reference, once. */
    void close() {
        references.close();
    }
}
