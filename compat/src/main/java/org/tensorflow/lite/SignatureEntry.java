package org.tensorflow.lite;

import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.TfLiteException;
import java.util.HashMap;
import java.util.Map;

/** A signature, run by input and output name through the runtime's {@link SignatureRunner}. */
final class SignatureEntry extends EntryPoint {

    private final SignatureRunner runner;
    private final String key;
    private final ModelIndex index;
    private final Resizes resizes;
    private final Map<String, TensorImpl> inputs = new HashMap<>();
    private final Map<String, TensorImpl> outputs = new HashMap<>();

    SignatureEntry(SignatureRunner runner, ModelIndex index, Resizes resizes, boolean primary) {
        super(resizes, primary);
        this.runner = runner;
        this.key = runner.key();
        this.index = index;
        this.resizes = resizes;
    }

    /** Input {@code name}; IllegalArgumentException with the official message if there is none. */
    TensorImpl input(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Invalid input tensor name provided (null)");
        }
        TensorImpl t = inputs.get(name);
        if (t == null) {
            if (!runner.inputNames().contains(name)) {
                throw new IllegalArgumentException("Input error: input " + name + " not found.");
            }
            t = new TensorImpl(runner.input(name), index.signatureInput(key, name), resizes);
            inputs.put(name, t);
        }
        return t;
    }

    /** Output {@code name}; IllegalArgumentException with the official message if there is none. */
    TensorImpl output(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Invalid output tensor name provided (null)");
        }
        TensorImpl t = outputs.get(name);
        if (t == null) {
            if (!runner.outputNames().contains(name)) {
                throw new IllegalArgumentException("Input error: output " + name + " not found.");
            }
            t = new TensorImpl(runner.output(name), index.signatureOutput(key, name), null);
            outputs.put(name, t);
        }
        return t;
    }

    /**
     * Resizes input {@code name} to {@code dims}, as far as the runtime allows: any dimension on the primary
     * subgraph, dimensions that are -1 in the shape signature elsewhere.
     */
    void resize(String name, int[] dims) {
        try {
            runner.resizeInput(name, dims);
        } catch (TfLiteException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "Tensor passed for input '%s' of signature '%s' has different shape than expected",
                            name, key),
                    e);
        }
        resized();
    }

    @Override
    void allocateNative() {
        runner.allocateTensors();
    }

    @Override
    void invokeNative() {
        runner.invoke();
    }

    @Override
    public String toString() {
        return "SignatureEntry[" + key + "]";
    }
}
