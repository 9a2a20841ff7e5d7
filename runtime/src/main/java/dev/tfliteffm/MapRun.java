package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SignatureRunner} keeps for {@link SignatureRunner#run(Map)} and
 * {@link SignatureRunner#run(Map, Map)} from one call to the next, and their output side: one value holder and
 * resize plan per input, each tensor's shape as last read (read again only when TFLite's differs), and the
 * outputs a caller gave. Used only while the interpreter is entered, so one per runner is enough; a call forgets
 * the caller's arrays when it returns.
 */
final class MapRun {

    private final List<String> outputNames;
    private final Tensor[] inputTensors;
    private final Tensor[] outputTensors;
    private final Map<String, Integer> outputIndex;

    /** Per input: the value of the call, and what its resize does (SignatureRunner's plan codes). */
    final InputValue[] values;

    final int[] plans;

    private final int[][] inputShapes;
    private final int[][] outputShapes;

    // run(Map, Map): per output, the caller's array or segment (null: not asked for) and, for a nested array, the
    // kind of its leaf rows and its rank.
    private final Object[] destinations;
    private final ElementKind[] nestedLeaves;
    private final int[] nestedRanks;

    MapRun(List<String> outputNames, Tensor[] inputTensors, Tensor[] outputTensors) {
        this.outputNames = outputNames;
        this.inputTensors = inputTensors;
        this.outputTensors = outputTensors;
        Map<String, Integer> index = null;
        if (outputNames.size() > OutputMap.SCAN_LIMIT) {
            index = new HashMap<>();
            for (int i = 0; i < outputNames.size(); i++) {
                index.put(outputNames.get(i), i);
            }
        }
        this.outputIndex = index;
        this.values = new InputValue[inputTensors.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = new InputValue();
        }
        this.plans = new int[inputTensors.length];
        this.inputShapes = new int[inputTensors.length][];
        this.outputShapes = new int[outputTensors.length][];
        this.destinations = new Object[outputTensors.length];
        this.nestedLeaves = new ElementKind[outputTensors.length];
        this.nestedRanks = new int[outputTensors.length];
    }

    /**
     * Refuses a name of {@code given} that is not in {@code names} ({@code role}: "input" or "output"). Counts
     * instead of iterating the map, which would make entries and an iterator per call.
     */
    static void checkNames(Map<String, ?> given, List<String> names, String role, String key) {
        int found = 0;
        for (int i = 0; i < names.size(); i++) {
            if (given.containsKey(names.get(i))) {
                found++;
            }
        }
        if (found == given.size()) {
            return;
        }
        for (Object name : given.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(
                        "no " + role + " '" + name + "' in signature '" + key + "'; expected one of " + names);
            }
        }
    }

    /** Input {@code i}'s current shape, the cached array while it is unchanged (entered). */
    int[] inputShape(int i) {
        int[] cached = inputShapes[i];
        int[] shape = inputTensors[i].shape0(cached);
        if (shape != cached) { // a reference stored into this long-lived object costs a GC barrier: only on change
            inputShapes[i] = shape;
        }
        return shape;
    }

    /** Output {@code i}'s current shape, the cached array while it is unchanged (entered). */
    private int[] outputShape(int i) {
        int[] cached = outputShapes[i];
        int[] shape = outputTensors[i].shape0(cached);
        if (shape != cached) { // a reference stored into this long-lived object costs a GC barrier: only on change
            outputShapes[i] = shape;
        }
        return shape;
    }

    /** A copy of every output, in the signature's order (entered). */
    Map<String, NdArray> readOutputs() {
        NdArray[] arrays = new NdArray[outputTensors.length];
        for (int i = 0; i < arrays.length; i++) {
            Tensor t = outputTensors[i];
            int[] shape = outputShape(i);
            arrays[i] = NdArray.wrap(t.dataType(), shape, t.readAll0());
        }
        return new OutputMap(outputNames, outputIndex, arrays);
    }

    // ---- outputs given by the caller ------------------------------------------------------------

    /**
     * Takes the caller's outputs (names already checked) and checks what can be checked before the invoke: each
     * value's class against its output's type. Sizes depend on the invoke; {@link #fillOutputs()} checks them.
     */
    void takeOutputs(Map<String, ?> outputs) {
        for (int i = 0; i < outputTensors.length; i++) {
            String name = outputNames.get(i);
            Object dst = outputs.get(name);
            destinations[i] = dst;
            if (nestedLeaves[i] != null) {
                nestedLeaves[i] = null;
            }
            if (dst == null) {
                if (outputs.containsKey(name)) {
                    throw new NullPointerException("output '" + name + "' is null");
                }
                continue;
            }
            DataType type = outputTensors[i].dataType();
            if (dst instanceof MemorySegment segment) {
                if (!type.isFixedSize()) {
                    throw new IllegalArgumentException("output '" + name + "' is " + type.numpyName()
                            + ", which has no fixed-size data to copy into a MemorySegment"
                            + NdArray.fittingArray(type));
                }
                if (segment.isReadOnly()) {
                    throw new IllegalArgumentException("output '" + name + "' is given a read-only segment");
                }
                continue;
            }
            Class<?> c = dst.getClass();
            ElementKind kind = NestedArrays.kindOf(c);
            boolean flat =
                    kind != null && (kind.holds(type) || (type == DataType.STRING && kind == ElementKind.STRING));
            if (flat) {
                continue;
            }
            if (!c.isArray()) {
                throw new IllegalArgumentException(
                        "output '" + name + "' takes a Java array or a MemorySegment, given a " + c.getName());
            }
            if (type == DataType.STRING || ElementKind.valuesPerElement(type) != 1) {
                throw new IllegalArgumentException("output '" + name + "' is " + type.numpyName() + "; a "
                        + c.getSimpleName() + " does not fit it" + NdArray.fittingArray(type)
                        + " of its element count");
            }
            // Refuses leaves of another type; the last shape read is only a guess, which spares an array if right.
            int rank = NestedArrays.shape(dst, type, outputShapes[i], "output", name).length;
            nestedLeaves[i] = NestedArrays.leafKind(dst, rank);
            nestedRanks[i] = rank;
        }
    }

    /**
     * Checks every output the caller gave against its output's shape after the invoke, then fills them all
     * (entered). Nothing is filled if one does not fit.
     */
    void fillOutputs() {
        for (int i = 0; i < outputTensors.length; i++) {
            if (destinations[i] != null) {
                checkSize(i);
            }
        }
        for (int i = 0; i < outputTensors.length; i++) {
            Object dst = destinations[i];
            if (dst == null) {
                continue;
            }
            Tensor t = outputTensors[i];
            if (nestedLeaves[i] != null) {
                NestedArrays.copyOut(
                        t.refreshView(), dst, outputShapes[i], nestedLeaves[i], "output", outputNames.get(i));
            } else if (t.dataType() == DataType.STRING) {
                byte[][] strings = StringCodec.decode(t.refreshView(), "string tensor '" + t.name() + "'");
                if (dst instanceof String[] s) {
                    StringCodec.strings(strings, s);
                } else {
                    System.arraycopy(strings, 0, dst, 0, strings.length);
                }
            } else {
                t.read0(dst);
            }
        }
    }

    private void checkSize(int i) {
        Tensor t = outputTensors[i];
        String name = outputNames.get(i);
        Object dst = destinations[i];
        if (nestedLeaves[i] != null) {
            int[] shape = outputShape(i);
            if (nestedRanks[i] != shape.length) {
                throw new IllegalArgumentException("output '" + name + "' has shape " + Arrays.toString(shape)
                        + "; given a nested array of rank " + nestedRanks[i]);
            }
            NestedArrays.check(dst, shape, nestedLeaves[i], "output", name);
            return;
        }
        // Flat arrays and segments are checked by byte size: the shape is read only to say what does not fit.
        if (dst instanceof MemorySegment segment) {
            long bytes = t.refreshView().byteSize();
            if (segment.byteSize() != bytes) {
                throw new IllegalArgumentException("output '" + name + "' has shape " + Arrays.toString(outputShape(i))
                        + " (" + bytes + " bytes of " + t.dataType().numpyName() + "); given a segment of "
                        + segment.byteSize() + " bytes");
            }
            return;
        }
        int length = ElementKind.length(dst);
        boolean strings = t.dataType() == DataType.STRING;
        long valueBytes = strings ? 0 : ElementKind.ofArrayClass(dst.getClass()).valueBytes();
        boolean fits = strings
                ? length == NdArray.elementCount(outputShape(i))
                : length * valueBytes == t.refreshView().byteSize();
        if (!fits) {
            long expected = strings
                    ? NdArray.elementCount(outputShape(i))
                    : t.refreshView().byteSize() / valueBytes;
            throw new IllegalArgumentException("output '" + name + "' has shape " + Arrays.toString(outputShape(i))
                    + " of " + t.dataType().numpyName() + ", so it takes a "
                    + dst.getClass().getSimpleName()
                    + " of length " + expected + "; given one of length " + length);
        }
    }

    /** Forgets the caller's values and outputs, so that the runner keeps none of them reachable. */
    void clear() {
        for (InputValue v : values) {
            v.clear();
        }
        for (int i = 0; i < destinations.length; i++) {
            destinations[i] = null;
        }
    }
}
