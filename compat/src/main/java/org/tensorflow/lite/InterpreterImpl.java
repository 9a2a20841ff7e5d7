package org.tensorflow.lite;

import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link InterpreterApi} on tflite-ffm: one runtime {@code dev.tfliteffm.Interpreter}, its primary subgraph
 * for the index-based methods and a {@link SignatureEntry} per signature used. Every call claims the interpreter
 * ({@link Guard}); {@link Interpreter} adds the experimental methods.
 */
class InterpreterImpl implements InterpreterApi {

    private final Guard guard = new Guard();
    private final dev.tfliteffm.Interpreter interpreter;
    private final ModelIndex index;
    private final EntryPoint.Resizes resizes = new EntryPoint.Resizes();
    private final PrimarySubgraph primary;
    private final SignatureTable signatures;
    private final Cancellation cancellation;
    private final List<Delegate> ownedDelegates;
    private long lastInferenceNanos = -1;

    /** An interpreter for {@code source}'s model with {@code options} ({@code null} for the defaults). */
    InterpreterImpl(ModelSource source, ExperimentalOptions options) {
        InterpreterApi.Options o = options == null ? new ExperimentalOptions() : options;
        Model model = source.model();
        List<Delegate> owned = new ArrayList<>();
        dev.tfliteffm.Interpreter created = null;
        try {
            RuntimeOptions.checkDelegates(o, owned);
            try {
                created = dev.tfliteffm.Interpreter.create(model, RuntimeOptions.of(o));
            } catch (TfLiteException e) {
                throw new IllegalArgumentException(
                        "Internal error: Cannot create interpreter: " + Errors.nativeText(e), e);
            }
            this.interpreter = created;
            this.index = source.index();
            this.primary = new PrimarySubgraph(created, index, resizes);
            // As the official API: the primary subgraph is allocated at creation, so output shapes are known.
            primary.allocate();
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            owned.forEach(Delegate::close);
            throw e;
        } finally {
            model.close(); // the interpreter holds its own reference
        }
        this.signatures = new SignatureTable(created, index, resizes);
        this.cancellation = new Cancellation(o.isCancellable());
        this.ownedDelegates = List.copyOf(owned);
    }

    // ---- running --------------------------------------------------------------------------------

    @Override
    public void run(Object input, Object output) {
        guard.enter();
        try {
            lastInferenceNanos = -1;
            long nanos = feedAndInvoke(new Object[] {input});
            if (output != null) {
                primary.output(0).copyTo(output);
            }
            lastInferenceNanos = nanos;
        } finally {
            guard.exit();
        }
    }

    @Override
    public void runForMultipleInputsOutputs(Object[] inputs, Map<Integer, Object> outputs) {
        guard.enter();
        try {
            lastInferenceNanos = -1;
            if (inputs == null || inputs.length == 0) {
                throw new IllegalArgumentException("Input error: Inputs should not be null or empty.");
            }
            if (outputs == null) {
                throw new IllegalArgumentException("Input error: Outputs should not be null.");
            }
            long nanos = feedAndInvoke(inputs);
            for (Map.Entry<Integer, Object> e : outputs.entrySet()) {
                if (e.getValue() != null) {
                    primary.output(e.getKey()).copyTo(e.getValue());
                }
            }
            lastInferenceNanos = nanos;
        } finally {
            guard.exit();
        }
    }

    /** Resizes inputs whose array shape differs, allocates if needed, writes the inputs, invokes; entered. */
    private long feedAndInvoke(Object[] inputs) {
        int[][] shapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            TensorImpl t = primary.input(i);
            shapes[i] = t.shapeOfInput(inputs[i]);
            if (shapes[i] != null && !t.hasShape(shapes[i])) {
                primary.resize(i, shapes[i], false);
            }
        }
        primary.allocateIfNeeded();
        for (int i = 0; i < inputs.length; i++) {
            primary.input(i).write(inputs[i], shapes[i]);
        }
        return primary.invoke(cancellation);
    }

    @Override
    public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs, String signatureKey) {
        guard.enter();
        try {
            String key = signatures.resolve(signatureKey);
            lastInferenceNanos = -1;
            if (inputs == null || inputs.isEmpty()) {
                throw new IllegalArgumentException("Input error: Inputs should not be null or empty.");
            }
            if (outputs == null) {
                throw new IllegalArgumentException("Input error: Outputs should not be null.");
            }
            SignatureEntry s = signatures.entry(key);
            TensorImpl[] tensors = new TensorImpl[inputs.size()];
            int[][] shapes = new int[tensors.length][];
            int i = 0;
            for (Map.Entry<String, Object> e : inputs.entrySet()) {
                TensorImpl t = s.input(e.getKey());
                int[] shape = t.shapeOfInput(e.getValue());
                if (shape != null && !t.hasShape(shape)) {
                    s.resize(e.getKey(), shape);
                }
                tensors[i] = t;
                shapes[i++] = shape;
            }
            s.allocateIfNeeded();
            i = 0;
            for (Map.Entry<String, Object> e : inputs.entrySet()) {
                tensors[i].write(e.getValue(), shapes[i++]);
            }
            long nanos = s.invoke(cancellation);
            for (Map.Entry<String, Object> e : outputs.entrySet()) {
                if (e.getValue() != null) {
                    s.output(e.getKey()).copyTo(e.getValue());
                }
            }
            lastInferenceNanos = nanos;
        } finally {
            guard.exit();
        }
    }

    @Override
    public void runSignature(Map<String, Object> inputs, Map<String, Object> outputs) {
        runSignature(inputs, outputs, null);
    }

    // ---- shapes and tensors ---------------------------------------------------------------------

    @Override
    public void allocateTensors() {
        guard.enter();
        try {
            primary.allocateIfNeeded();
        } finally {
            guard.exit();
        }
    }

    @Override
    public void resizeInput(int idx, int[] dims) {
        resizeInput(idx, dims, false);
    }

    @Override
    public void resizeInput(int idx, int[] dims, boolean strict) {
        guard.enter();
        try {
            primary.resize(idx, dims.clone(), strict);
        } finally {
            guard.exit();
        }
    }

    @Override
    public int getInputTensorCount() {
        guard.enter();
        try {
            return primary.inputCount();
        } finally {
            guard.exit();
        }
    }

    @Override
    public int getInputIndex(String opName) {
        guard.enter();
        try {
            return primary.inputIndex(opName);
        } finally {
            guard.exit();
        }
    }

    @Override
    public Tensor getInputTensor(int inputIndex) {
        guard.enter();
        try {
            return primary.input(inputIndex);
        } finally {
            guard.exit();
        }
    }

    @Override
    public int getOutputTensorCount() {
        guard.enter();
        try {
            return primary.outputCount();
        } finally {
            guard.exit();
        }
    }

    @Override
    public int getOutputIndex(String opName) {
        guard.enter();
        try {
            return primary.outputIndex(opName);
        } finally {
            guard.exit();
        }
    }

    @Override
    public Tensor getOutputTensor(int outputIndex) {
        guard.enter();
        try {
            return primary.output(outputIndex);
        } finally {
            guard.exit();
        }
    }

    // ---- signatures -----------------------------------------------------------------------------

    @Override
    public Tensor getInputTensorFromSignature(String inputName, String signatureKey) {
        guard.enter();
        try {
            String key = signatures.resolve(signatureKey);
            if (inputName == null) {
                throw new IllegalArgumentException("Invalid input tensor name provided (null)");
            }
            return signatures.entry(key).input(inputName);
        } finally {
            guard.exit();
        }
    }

    @Override
    public Tensor getOutputTensorFromSignature(String outputName, String signatureKey) {
        guard.enter();
        try {
            String key = signatures.resolve(signatureKey);
            if (outputName == null) {
                throw new IllegalArgumentException("Invalid output tensor name provided (null)");
            }
            return signatures.entry(key).output(outputName);
        } finally {
            guard.exit();
        }
    }

    @Override
    public String[] getSignatureKeys() {
        guard.enter();
        try {
            return signatures.keys();
        } finally {
            guard.exit();
        }
    }

    @Override
    public String[] getSignatureInputs(String signatureKey) {
        guard.enter();
        try {
            return signatures.inputs(signatureKey);
        } finally {
            guard.exit();
        }
    }

    @Override
    public String[] getSignatureOutputs(String signatureKey) {
        guard.enter();
        try {
            return signatures.outputs(signatureKey);
        } finally {
            guard.exit();
        }
    }

    // ---- the rest -------------------------------------------------------------------------------

    @Override
    public Long getLastNativeInferenceDurationNanoseconds() {
        guard.enter();
        try {
            return lastInferenceNanos < 0 ? null : lastInferenceNanos;
        } finally {
            guard.exit();
        }
    }

    /** {@link Interpreter#resetVariableTensors()}. */
    void resetVariables() {
        guard.enter();
        try {
            interpreter.resetVariables();
        } catch (TfLiteException e) {
            throw new IllegalArgumentException(
                    "Internal error: Failed to reset variable tensors: " + Errors.nativeText(e), e);
        } finally {
            guard.exit();
        }
    }

    /** {@link Interpreter#setCancelled(boolean)}: from any thread, so not claimed. */
    void cancel(boolean cancelled) {
        if (guard.isClosed()) {
            throw Errors.closed();
        }
        cancellation.set(cancelled, interpreter, guard);
    }

    @Override
    public void close() {
        if (!guard.close()) {
            return;
        }
        interpreter.close();
        ownedDelegates.forEach(Delegate::close);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + interpreter + "]";
    }
}
