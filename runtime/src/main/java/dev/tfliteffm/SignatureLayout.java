package dev.tfliteffm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a batch job needs to know of a signature before it borrows an interpreter: its inputs' and outputs'
 * names, element types and shape signatures. The same for every interpreter of a model, so an
 * {@link InterpreterPool} reads it once, from its first interpreter.
 */
record SignatureLayout(
        String key,
        List<String> inputNames,
        List<DataType> inputTypes,
        List<int[]> inputShapes,
        List<String> outputNames,
        List<DataType> outputTypes,
        List<int[]> outputShapes) {

    /** The layout of {@code runner}'s signature. */
    static SignatureLayout of(SignatureRunner runner) {
        List<DataType> inTypes = new ArrayList<>();
        List<int[]> inShapes = new ArrayList<>();
        for (String name : runner.inputNames()) {
            Tensor t = runner.input(name);
            inTypes.add(t.dataType());
            inShapes.add(t.shapeSignature());
        }
        List<DataType> outTypes = new ArrayList<>();
        List<int[]> outShapes = new ArrayList<>();
        for (String name : runner.outputNames()) {
            Tensor t = runner.output(name);
            outTypes.add(t.dataType());
            outShapes.add(t.shapeSignature());
        }
        return new SignatureLayout(
                runner.key(),
                runner.inputNames(),
                List.copyOf(inTypes),
                List.copyOf(inShapes),
                runner.outputNames(),
                List.copyOf(outTypes),
                List.copyOf(outShapes));
    }

    /**
     * Why the inputs cannot be packed, or null if they can: packing needs every input to have a fixed-size
     * element type and a shape signature of the form {@code [-1, d1, d2, ...]} with fixed {@code d}s.
     */
    String whyNotPackable() {
        for (int i = 0; i < inputNames.size(); i++) {
            String problem = whyNotBatched(inputNames.get(i), inputTypes.get(i), inputShapes.get(i), true);
            if (problem != null) {
                return problem;
            }
        }
        for (int i = 0; i < outputNames.size(); i++) {
            if (!outputTypes.get(i).isFixedSize()) {
                return "output '" + outputNames.get(i) + "' is "
                        + outputTypes.get(i).numpyName() + ", which has no fixed size per item";
            }
        }
        return null;
    }

    /**
     * Why input {@code name} cannot be written item by item into segments (or packed, when {@code packed}):
     * null if it can.
     */
    static String whyNotBatched(String name, DataType type, int[] signature, boolean packed) {
        if (!type.isFixedSize()) {
            return "input '" + name + "' is " + type.numpyName() + ", which has no fixed size per item";
        }
        if (packed && (signature.length == 0 || signature[0] != -1)) {
            return "input '" + name + "' has shape signature " + Arrays.toString(signature)
                    + ": packing needs -1 as its first (batch) dimension";
        }
        for (int d = 1; d < signature.length; d++) {
            if (signature[d] < 0) {
                return "input '" + name + "' has shape signature " + Arrays.toString(signature)
                        + ": only the first dimension may be -1";
            }
        }
        return null;
    }

    /** Whether input {@code i}'s shape signature has no -1 beyond its first dimension. */
    boolean fixedBeyondBatch(int i) {
        int[] signature = inputShapes.get(i);
        for (int d = 1; d < signature.length; d++) {
            if (signature[d] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shape of one item of input {@code i}: its shape signature with the batch dimension 1 (a -1 in the
     * first place becomes 1).
     */
    int[] itemShape(int i) {
        int[] shape = inputShapes.get(i).clone();
        if (shape.length > 0 && shape[0] == -1) {
            shape[0] = 1;
        }
        return shape;
    }
}
