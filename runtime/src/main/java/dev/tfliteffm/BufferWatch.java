package dev.tfliteffm;

/**
 * Notices when an invoke moved tensor buffers, so that views of the old ones can be closed.
 *
 * <p>TFLite plans a subgraph's buffers when it allocates; an invoke moves them only while it still prepares
 * ops (typically the first invoke after an allocation) or when tensors are dynamic (their shapes depend on
 * the data). So the watch compares addresses after the first invoke following an allocation, and after every
 * invoke only if some watched tensor is dynamic: nothing at all on the steady path of a static model.
 */
final class BufferWatch {

    private Tensor[] tensors = new Tensor[0];
    private long[] addresses = new long[0];
    private long[] sizes = new long[0];
    private boolean checkNext;

    /** Remembers the buffers of {@code watched} after an allocation; the next invoke is checked. */
    void allocated(Tensor[] watched) {
        tensors = watched;
        addresses = new long[watched.length];
        sizes = new long[watched.length];
        remember();
        checkNext = true;
    }

    /** Whether the next call to {@link #movedByInvoke()} has work to do: a field read on the hot path. */
    boolean pending() {
        return checkNext;
    }

    /** After an invoke: whether any watched buffer moved or changed size (the interpreter is entered). */
    boolean movedByInvoke() {
        boolean moved = false;
        boolean dynamic = false;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            moved |= t.dataAddress() != addresses[i] || t.dataBytes() != sizes[i];
            dynamic |= t.isDynamic();
        }
        // Dynamic tensors get new buffers whenever their shapes change: keep checking them.
        checkNext = dynamic;
        if (moved) {
            remember();
        }
        return moved;
    }

    private void remember() {
        for (int i = 0; i < tensors.length; i++) {
            addresses[i] = tensors[i].dataAddress();
            sizes[i] = tensors[i].dataBytes();
        }
    }
}
