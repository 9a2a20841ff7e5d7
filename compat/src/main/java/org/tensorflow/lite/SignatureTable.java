package org.tensorflow.lite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * An interpreter's signatures as the official API presents them: keys in the model's order, a {@code null} key for
 * a model with exactly one signature, the official messages for unknown keys, and a {@link SignatureEntry} per
 * signature, made on first use.
 */
final class SignatureTable {

    private final dev.tfliteffm.Interpreter interpreter;
    private final ModelIndex index;
    private final EntryPoint.Resizes resizes;
    private final String[] keys;
    private final Map<String, SignatureEntry> entries = new HashMap<>();

    SignatureTable(dev.tfliteffm.Interpreter interpreter, ModelIndex index, EntryPoint.Resizes resizes) {
        this.interpreter = interpreter;
        this.index = index;
        this.resizes = resizes;
        // The model's order when the model index agrees with the runtime, else the runtime's (sorted).
        List<String> runtime = interpreter.signatures().keys();
        List<String> ordered = index.signatureKeys();
        boolean same = ordered.size() == runtime.size() && new HashSet<>(ordered).containsAll(runtime);
        this.keys = (same ? ordered : runtime).toArray(new String[0]);
    }

    /** The keys, a new array. */
    String[] keys() {
        return keys.clone();
    }

    /** {@code key}, or the only signature's key for {@code null}, as the official API resolves it. */
    String resolve(String key) {
        if (key == null && keys.length == 1) {
            return keys[0];
        }
        if (key == null) {
            throw new IllegalArgumentException("Input error: SignatureDef signatureKey should not be null. null is only"
                    + " allowed if the model has a single Signature. Available Signatures: " + Arrays.toString(keys));
        }
        return key;
    }

    /** The input names of {@code key}, in TFLite's order. */
    String[] inputs(String key) {
        return interpreter.signatures().inputs(known(key)).toArray(new String[0]);
    }

    /** The output names of {@code key}, in TFLite's order. */
    String[] outputs(String key) {
        return interpreter.signatures().outputs(known(key)).toArray(new String[0]);
    }

    /** The entry point of signature {@code key}. */
    SignatureEntry entry(String key) {
        SignatureEntry s = entries.get(key);
        if (s == null) {
            s = new SignatureEntry(interpreter.runner(known(key)), index, resizes, index.subgraphOf(key) == 0);
            entries.put(key, s);
        }
        return s;
    }

    /** {@code key}, checked to name a signature of the model. */
    private String known(String key) {
        if (key == null || !interpreter.signatures().contains(key)) {
            throw new IllegalArgumentException("Input error: Signature " + key + " not found.");
        }
        return key;
    }
}
