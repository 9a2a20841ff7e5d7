package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item's outputs, as an {@link ItemReader} sees them: for each output of the signature (in its order),
 * the item's own bytes in the output tensor — the whole tensor when items run one by one, or the item's
 * rows when they are packed. Valid only during the reader's call.
 */
public final class ItemOutputs {

    private final ItemSlots slots;

    ItemOutputs(ItemSlots slots) {
        this.slots = slots;
    }

    /** The item's position in the job's input, from 0. */
    public long index() {
        return slots.index();
    }

    /** The signature's output names, in order: output {@code i} below is {@code names().get(i)}. */
    public List<String> names() {
        return slots.names();
    }

    /**
     * The item's bytes of output {@code i}, in native byte order (read them before the call returns).
     *
     * @throws IllegalArgumentException if there is no output {@code i}
     */
    public MemorySegment segment(int i) {
        return slots.segment(i);
    }

    /**
     * The item's bytes of the output called {@code name}.
     *
     * @throws IllegalArgumentException naming the outputs, if there is no such output
     */
    public MemorySegment segment(String name) {
        return slots.segment(slots.indexOf(Objects.requireNonNull(name, "name")));
    }

    /** The item's shape of output {@code i}: the output's shape, with the batch dimension 1 when packing. */
    public int[] shape(int i) {
        return slots.shape(i);
    }

    /** The element type of output {@code i}. */
    public DataType dataType(int i) {
        return slots.dataType(i);
    }

    /** A copy of the item's output {@code i}, shaped as {@link #shape(int)}. */
    public NdArray array(int i) {
        return slots.array(i);
    }

    /**
     * A copy of every output of the item, by name in the signature's order, shaped as {@link SignatureRunner#run}
     * returns them for the item alone (for packed items, see {@link BatchRunner} on how their bytes compare).
     */
    public Map<String, NdArray> arrays() {
        NdArray[] arrays = new NdArray[slots.names().size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = slots.array(i);
        }
        return new OutputMap(slots.names(), null, arrays); // unmodifiable, as run(Map)'s
    }
}
