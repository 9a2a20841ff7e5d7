package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * One item's view of a signature's input or output tensors, behind {@link ItemInputs} and {@link ItemOutputs}:
 * the whole tensors when items run one by one, or the item's rows when they are packed. A worker reuses one
 * per interpreter, moving it from item to item.
 */
final class ItemSlots {

    private final String what;
    private final List<String> names;
    private final Tensor[] tensors;
    private int rows; // items packed in the tensors now; 0 when not packing
    private long[] rowBytes;
    private int[][] itemShapes;
    private int row;
    private long index;

    ItemSlots(String what, List<String> names, Tensor[] tensors) {
        this.what = what;
        this.names = names;
        this.tensors = tensors;
        this.rowBytes = new long[tensors.length];
        this.itemShapes = new int[tensors.length][];
    }

    /** The tensors hold one item each: slots are whole tensors. */
    void whole() {
        rows = 0;
    }

    /**
     * The tensors hold {@code rows} items along their first dimension; each item's shape is the tensor's with
     * that dimension 1. The tensors' buffers must be allocated.
     */
    void packed(int rows) {
        this.rows = rows;
        for (int i = 0; i < tensors.length; i++) {
            int[] shape = tensors[i].shape();
            if (shape.length == 0 || shape[0] != rows) {
                throw new IllegalStateException(what + " '" + names.get(i) + "' has shape " + Arrays.toString(shape)
                        + " when " + rows + " items are packed: packing needs every input and output to have the"
                        + " batch as its first dimension");
            }
            rowBytes[i] = tensors[i].byteSize() / rows;
            shape[0] = 1;
            itemShapes[i] = shape;
        }
    }

    /** Moves to the item {@code index} in row {@code row} (0 when not packing). */
    void at(long index, int row) {
        this.index = index;
        this.row = row;
    }

    long index() {
        return index;
    }

    List<String> names() {
        return names;
    }

    int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no " + what + " '" + name + "'; expected one of " + names);
        }
        return i;
    }

    private Tensor tensor(int i) {
        if (i < 0 || i >= tensors.length) {
            throw new IllegalArgumentException("no " + what + " " + i + "; there are " + tensors.length + ": " + names);
        }
        return tensors[i];
    }

    MemorySegment segment(int i) {
        MemorySegment view = tensor(i).data();
        return rows == 0 ? view : view.asSlice(row * rowBytes[i], rowBytes[i]);
    }

    int[] shape(int i) {
        return rows == 0 ? tensor(i).shape() : itemShapes[i].clone();
    }

    DataType dataType(int i) {
        return tensor(i).dataType();
    }

    /** A copy of the item's data of tensor {@code i}. */
    NdArray array(int i) {
        Tensor t = tensor(i);
        if (t.dataType() == DataType.STRING) {
            return NdArray.ofStrings(t.toBytesArray(), shape(i)); // strings are never packed
        }
        return NdArray.fromBytes(t.dataType(), segment(i), java.nio.ByteOrder.nativeOrder(), shape(i));
    }
}
