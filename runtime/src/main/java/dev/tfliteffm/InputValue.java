package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One value given for an input of {@link SignatureRunner#run} (or of a batch item): what it is, its shape, and
 * how it is written into a tensor. {@link #set} checks it completely, so that nothing is written before every
 * value of a call is known to fit; then {@link #writeTo} writes it straight from the caller's array (a nested
 * array row by row, without a flattened copy). A runner keeps one per input and reuses it from call to call.
 */
final class InputValue {

    /** A flat Java array, a MemorySegment, the UTF-8 strings ({@code byte[][]}), or a nested array's root. */
    private Object data;

    /** The value's shape; the input's current shape itself when the value has that shape. */
    private int[] shape;

    /** The kind of a nested array's leaf rows; null for every other value. */
    private ElementKind nestedLeaf;

    private String name;

    /**
     * Takes {@code value}, given for input {@code name} of element type {@code type}: an {@link NdArray}, a flat
     * Java array (shaped as {@code current}, or as {@code [n]} when {@code current} has rank 0 or 1), a nested
     * Java array (shaped by its nesting), or a {@link MemorySegment} (shaped as {@code current}). {@code current}
     * is the input's shape now, or one item's shape in a packed batch.
     *
     * @throws IllegalArgumentException if the value cannot be the input's, saying what would be
     * @throws NullPointerException if it is null
     */
    void set(Object value, DataType type, int[] current, String name) {
        // Fields are written only when they change: a runner's holder lives long, and a reference stored into an
        // old object costs a GC barrier.
        if (this.name != name) {
            this.name = name;
        }
        if (nestedLeaf != null) {
            nestedLeaf = null;
        }
        if (value == null) {
            throw new NullPointerException("input '" + name + "' is null");
        }
        if (value instanceof NdArray a) {
            Object d = a.data();
            if (a.dataType() != type && !ElementKind.ofArrayClass(d.getClass()).holds(type)) {
                throw new IllegalArgumentException("input '" + name + "' is " + type.numpyName() + ", given a "
                        + a.dataType().numpyName() + " array" + NdArray.fittingArray(type));
            }
            data = d;
            shape(a.shapeNoCopy());
            return;
        }
        if (value instanceof MemorySegment segment) {
            data = segment;
            shape(current);
            return;
        }
        Class<?> c = value.getClass();
        ElementKind kind = NestedArrays.kindOf(c);
        if (kind == ElementKind.STRING && type != DataType.STRING && c == byte[][].class) {
            nested(value, type, current, name); // a byte[][] for a one-byte type: rows of bytes
            return;
        }
        if (kind != null) {
            if (!kind.holds(type)) {
                throw new IllegalArgumentException("input '" + name + "' is " + type.numpyName() + "; a "
                        + c.getSimpleName() + " does not fit it" + NdArray.fittingArray(type));
            }
            data = value instanceof String[] strings ? StringCodec.utf8(strings) : value;
            shape(flatShape(current, type, ElementKind.length(value) / ElementKind.valuesPerElement(type), c));
            return;
        }
        if (!c.isArray()) {
            throw new IllegalArgumentException(
                    "input '" + name + "' takes an NdArray, a Java array or a MemorySegment, given a " + c.getName());
        }
        nested(value, type, current, name);
    }

    /** A nested Java array ({@code float[][]}, {@code String[][]}...): the nesting gives the shape. */
    private void nested(Object value, DataType type, int[] current, String name) {
        int[] dims = NestedArrays.shape(value, type, current, "input", name);
        ElementKind leaf = NestedArrays.leafKind(value, dims.length);
        NdArray.elementCount(dims); // refuses more values than one Java array holds, as a flat copy would
        if (type == DataType.STRING) {
            // TFLite's string buffer is written whole: the strings are gathered (not their bytes copied).
            data = NestedArrays.flatten(value, dims, leaf, "input", name);
        } else {
            NestedArrays.check(value, dims, leaf, "input", name);
            data = value;
            nestedLeaf = leaf;
        }
        shape(dims);
    }

    private void shape(int[] shape) {
        if (this.shape != shape) {
            this.shape = shape;
        }
    }

    private int[] flatShape(int[] current, DataType type, int elements, Class<?> given) {
        if (NdArray.elementCount(current) == elements) {
            return current;
        }
        if (current.length <= 1) {
            return new int[] {elements};
        }
        throw new IllegalArgumentException("input '" + name + "' has shape " + Arrays.toString(current) + " ("
                + NdArray.elementCount(current) + " elements), given a flat " + given.getSimpleName() + " of "
                + elements + "; to change its shape pass an NdArray or a nested array");
    }

    /** Whether {@link #set} took a value since the last {@link #clear()}. */
    boolean isSet() {
        return data != null;
    }

    /** The value's shape (not a copy: never to be written). */
    int[] shape() {
        return shape;
    }

    /** Writes the value into {@code t}, which has its shape (entered). */
    void writeTo(Tensor t) {
        if (nestedLeaf == null) {
            t.write0(data);
            return;
        }
        MemorySegment view = t.refreshView();
        long bytes = NdArray.elementCount(shape) * nestedLeaf.valueBytes();
        if (view.byteSize() != bytes) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' holds " + view.byteSize() + " bytes, given a "
                    + nestedLeaf.arrayClass().getSimpleName() + "-rowed nested array of " + bytes + " bytes (shape "
                    + Arrays.toString(shape) + ")");
        }
        NestedArrays.copyIn(data, shape, nestedLeaf, view, "input", name);
    }

    /**
     * Copies the value into {@code dst}, which holds exactly its bytes (one item's rows of a packed tensor); not
     * for strings.
     */
    void copyTo(MemorySegment dst) {
        if (data instanceof MemorySegment segment) {
            if (segment.byteSize() != dst.byteSize()) {
                throw new IllegalArgumentException("a segment of " + segment.byteSize() + " bytes given where "
                        + dst.byteSize() + " are expected");
            }
            MemorySegment.copy(segment, 0, dst, 0, dst.byteSize());
        } else if (nestedLeaf != null) {
            NestedArrays.copyIn(data, shape, nestedLeaf, dst, "input", name);
        } else {
            ElementKind.ofArrayClass(data.getClass()).copyIn(data, dst, ByteOrder.nativeOrder());
        }
    }

    /**
     * Forgets the caller's value, so that a runner does not keep it reachable between calls (the shape and name
     * are the runtime's own or an NdArray's shape, kept for the next call).
     */
    void clear() {
        data = null;
    }
}
