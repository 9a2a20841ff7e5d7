package dev.tfliteffm;

/**
 * Turns one item's outputs into the result of a batch job (the lower-level form of {@link BatchRunner}: read
 * only what is needed, e.g. an argmax, instead of copying every output). {@link ItemOutputs#segment(int)} is
 * the item's own bytes of each output: the whole tensor, or the item's rows when items are packed.
 *
 * <p>Called on a worker thread of the job; an exception fails only this item.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface ItemReader<R> {

    /** The result for the item whose outputs are {@code outputs}, which are valid only during this call. */
    R read(ItemOutputs outputs) throws Exception;
}
