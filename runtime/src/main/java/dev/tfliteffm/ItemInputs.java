package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * One item's inputs, as an {@link ItemWriter} sees them: for each input of the signature (in its order), the
 * item's own bytes in the input tensor — the whole tensor when items run one by one, or the item's rows
 * when they are packed. Valid only during the writer's call.
 */
public final class ItemInputs {

    private final ItemSlots slots;

    ItemInputs(ItemSlots slots) {
        this.slots = slots;
    }

    /** The item's position in the job's input, from 0. */
    public long index() {
        return slots.index();
    }

    /** The signature's input names, in order: input {@code i} below is {@code names().get(i)}. */
    public List<String> names() {
        return slots.names();
    }

    /**
     * The item's bytes of input {@code i}, to write in native byte order: exactly one item's worth.
     *
     * @throws IllegalArgumentException if there is no input {@code i}
     */
    public MemorySegment segment(int i) {
        return slots.segment(i);
    }

    /**
     * The item's bytes of the input called {@code name} (a lookup by name: prefer {@link #segment(int)} on
     * a hot path).
     *
     * @throws IllegalArgumentException naming the inputs, if there is no such input
     */
    public MemorySegment segment(String name) {
        return slots.segment(slots.indexOf(Objects.requireNonNull(name, "name")));
    }

    /** The item's shape of input {@code i}: the input's shape, with the batch dimension 1 when packing. */
    public int[] shape(int i) {
        return slots.shape(i);
    }

    /** The element type of input {@code i}. */
    public DataType dataType(int i) {
        return slots.dataType(i);
    }
}
