package org.tensorflow.lite;

import dev.tfliteffm.TfLiteException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The primary subgraph, run by input and output index: what {@code run} and the index-based methods use. */
final class PrimarySubgraph extends EntryPoint {

    private final dev.tfliteffm.Interpreter interpreter;
    private final ModelIndex index;
    private final Resizes resizes;
    private final TensorImpl[] inputs;
    private final TensorImpl[] outputs;
    private Map<String, Integer> inputIndexes;
    private Map<String, Integer> outputIndexes;

    PrimarySubgraph(dev.tfliteffm.Interpreter interpreter, ModelIndex index, Resizes resizes) {
        super(resizes, true);
        this.interpreter = interpreter;
        this.index = index;
        this.resizes = resizes;
        this.inputs = new TensorImpl[interpreter.inputCount()];
        this.outputs = new TensorImpl[interpreter.outputCount()];
    }

    int inputCount() {
        return inputs.length;
    }

    int outputCount() {
        return outputs.length;
    }

    /** Input {@code i}; IllegalArgumentException with the official message if there is none. */
    TensorImpl input(int i) {
        if (i < 0 || i >= inputs.length) {
            throw new IllegalArgumentException("Invalid input Tensor index: " + i);
        }
        if (inputs[i] == null) {
            inputs[i] = new TensorImpl(interpreter.input(i), index.primaryInput(i), resizes);
        }
        return inputs[i];
    }

    /** Output {@code i}; IllegalArgumentException with the official message if there is none. */
    TensorImpl output(int i) {
        if (i < 0 || i >= outputs.length) {
            throw new IllegalArgumentException("Invalid output Tensor index: " + i);
        }
        if (outputs[i] == null) {
            outputs[i] = new TensorImpl(interpreter.output(i), index.primaryOutput(i), null);
        }
        return outputs[i];
    }

    /** The index of the input whose tensor is named {@code name}. */
    int inputIndex(String name) {
        if (inputIndexes == null) {
            inputIndexes = names(true);
        }
        Integer i = inputIndexes.get(name);
        if (i == null) {
            throw new IllegalArgumentException(String.format(
                    "Input error: '%s' is not a valid name for any input. Names of inputs and their indexes are %s",
                    name, inputIndexes));
        }
        return i;
    }

    /** The index of the output whose tensor is named {@code name}. */
    int outputIndex(String name) {
        if (outputIndexes == null) {
            outputIndexes = names(false);
        }
        Integer i = outputIndexes.get(name);
        if (i == null) {
            throw new IllegalArgumentException(String.format(
                    "Input error: '%s' is not a valid name for any output. Names of outputs and their indexes are %s",
                    name, outputIndexes));
        }
        return i;
    }

    // A HashMap, as the official API's: its toString (in the message above) lists the names in the same order.
    private Map<String, Integer> names(boolean ofInputs) {
        Map<String, Integer> map = new HashMap<>();
        int n = ofInputs ? inputs.length : outputs.length;
        for (int i = 0; i < n; i++) {
            map.put((ofInputs ? interpreter.input(i) : interpreter.output(i)).name(), i);
        }
        return map;
    }

    /**
     * Resizes input {@code i} to {@code dims}; when {@code strict}, only dimensions that are -1 in its shape
     * signature may change (TFLite's {@code ResizeInputTensorStrict}, checked here with TFLite's message, as the
     * runtime resizes the primary subgraph's inputs non-strictly).
     */
    void resize(int i, int[] dims, boolean strict) {
        if (i < 0 || i >= inputs.length) {
            throw new IllegalArgumentException(String.format(
                    "Input error: Can not resize %d-th input for a model having %d inputs.", i, inputs.length));
        }
        TensorImpl t = input(i);
        if (t.hasShape(dims)) {
            return;
        }
        try {
            if (strict) {
                checkStrict(t, dims);
            }
            interpreter.resizeInput(i, dims);
        } catch (TfLiteException e) {
            throw resizeFailed(i, Errors.nativeText(e), e);
        } catch (IllegalArgumentException e) {
            throw resizeFailed(i, e.getMessage(), e);
        }
        resized();
    }

    private static void checkStrict(TensorImpl t, int[] dims) {
        int[] signature = t.shapeSignature();
        if (signature.length != dims.length) {
            throw new IllegalArgumentException(
                    "tensor->dims->size != dims.size() (" + signature.length + " != " + dims.length + ")");
        }
        for (int d = 0; d < dims.length; d++) {
            if (signature[d] != -1 && signature[d] != dims[d]) {
                throw new IllegalArgumentException(String.format(
                        "Attempting to resize dimension %d of tensor %d with value %d to %d."
                                + " ResizeInputTensorStrict only allows mutating unknown dimensions identified by -1.",
                        d, t.index(), signature[d], dims[d]));
            }
        }
    }

    private static IllegalArgumentException resizeFailed(int i, String why, Exception cause) {
        return new IllegalArgumentException(
                String.format("Internal error: Failed to resize %d-th input: %s", i, why), cause);
    }

    @Override
    void allocateNative() {
        interpreter.allocateTensors();
    }

    @Override
    void invokeNative() {
        interpreter.invoke();
    }

    @Override
    public String toString() {
        return "PrimarySubgraph[inputs " + inputs.length + ", outputs " + outputs.length + ", "
                + Arrays.toString(inputs) + "]";
    }
}
