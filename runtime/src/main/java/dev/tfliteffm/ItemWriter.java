package dev.tfliteffm;

/**
 * Writes one item straight into the input tensors of a batch job (the lower-level form of
 * {@link BatchRunner}, without the copies and checks of {@code Map} items): into
 * {@link ItemInputs#segment(int)}, the item's own bytes of each input — the whole tensor, or, when items are
 * packed, the item's rows of it.
 *
 * <p>Called on a worker thread of the job, never twice at once for the same interpreter. It may be called
 * again for the same item if a packed invoke fails and the pack is retried item by item. An exception fails
 * only this item.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface ItemWriter<T> {

    /** Writes {@code item} into {@code inputs}, which are valid only during this call. */
    void write(T item, ItemInputs inputs) throws Exception;
}
