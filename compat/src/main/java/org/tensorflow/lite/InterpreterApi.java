package org.tensorflow.lite;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow Lite interpreter: runs a model's primary subgraph by input and output index, or its signatures by
 * name. Make one with {@link #create(File, Options)} or {@code new }{@link Interpreter}{@code (...)}.
 *
 * <p>Inputs and outputs are (multi-dimensional) Java arrays of the tensor's element type, boxed scalars, or NIO
 * {@link java.nio.Buffer}s. An array input whose shape differs from the tensor's resizes the tensor first; a Buffer
 * input never does, and must hold exactly the tensor's bytes. Outputs are copied into the caller's arrays and
 * buffers.
 *
 * <p>An interpreter is not thread-safe: one thread at a time. Here a second thread that calls it while another is
 * inside a call gets an {@link IllegalStateException} ({@code dev.tfliteffm.ConcurrentUseException}) rather than
 * corrupted state. Close it when done.
 */
public interface InterpreterApi extends AutoCloseable {

    /** Options for creating an interpreter. */
    class Options {

        /**
         * Where to get the TensorFlow Lite runtime from (a preference; {@link RuntimeFlavor} says which one is in
         * use). On a desktop there is no system runtime: the application's (tflite-ffm) is the only one.
         */
        public enum TfLiteRuntime {
            /** The runtime that comes with the application: tflite-ffm's. The default. */
            FROM_APPLICATION_ONLY,
            /** A runtime provided by the system; there is none here, so creating an interpreter fails. */
            FROM_SYSTEM_ONLY,
            /** The system's runtime if there is one, else the application's: here always the application's. */
            PREFER_SYSTEM_OVER_APPLICATION,
        }

        private TfLiteRuntime runtime = TfLiteRuntime.FROM_APPLICATION_ONLY;
        private int numThreads = -1;
        private Boolean useNNAPI;
        private Boolean useXNNPACK;
        private Boolean allowCancellation;
        private final List<Delegate> delegates;
        private final List<DelegateFactory> delegateFactories;

        /** Default options: TFLite picks the thread count, XNNPACK on, not cancellable, no delegates. */
        public Options() {
            this.delegates = new ArrayList<>();
            this.delegateFactories = new ArrayList<>();
        }

        /** A copy of {@code other}. */
        public Options(Options other) {
            this.runtime = other.runtime;
            this.numThreads = other.numThreads;
            this.useNNAPI = other.useNNAPI;
            this.useXNNPACK = other.useXNNPACK;
            this.allowCancellation = other.allowCancellation;
            this.delegates = new ArrayList<>(other.delegates);
            this.delegateFactories = new ArrayList<>(other.delegateFactories);
        }

        /**
         * Threads for the ops that can use several: -1 (the default) lets TFLite decide; 0 and 1 both mean one
         * thread.
         */
        public Options setNumThreads(int numThreads) {
            this.numThreads = numThreads;
            return this;
        }

        /** The thread count set by {@link #setNumThreads(int)}; -1 by default. */
        public int getNumThreads() {
            return numThreads;
        }

        /**
         * Asks for Android's NN API. Accepted and ignored here: NNAPI exists only on Android, and the official API
         * also runs the model on the CPU where NNAPI is missing.
         */
        public Options setUseNNAPI(boolean useNNAPI) {
            this.useNNAPI = useNNAPI;
            return this;
        }

        /** Whether {@link #setUseNNAPI(boolean)} asked for NNAPI; false by default. */
        public boolean getUseNNAPI() {
            return useNNAPI != null && useNNAPI;
        }

        /**
         * Whether {@link Interpreter#setCancelled(boolean)} may stop a running inference (default false). A
         * cancelled interpreter stays cancelled until {@code setCancelled(false)}.
         */
        public Options setCancellable(boolean allow) {
            this.allowCancellation = allow;
            return this;
        }

        /** Whether the interpreter can be cancelled; false by default. */
        public boolean isCancellable() {
            return allowCancellation != null && allowCancellation;
        }

        /**
         * Adds a delegate, applied before those of {@link #addDelegateFactory}. See {@link Delegate}: a native
         * delegate made elsewhere cannot be applied on this runtime.
         */
        public Options addDelegate(Delegate delegate) {
            delegates.add(delegate);
            return this;
        }

        /** The delegates added with {@link #addDelegate(Delegate)}. */
        public List<Delegate> getDelegates() {
            return Collections.unmodifiableList(delegates);
        }

        /** Adds a delegate factory; the interpreter creates, applies and closes its delegate. */
        public Options addDelegateFactory(DelegateFactory delegateFactory) {
            delegateFactories.add(delegateFactory);
            return this;
        }

        /** The factories added with {@link #addDelegateFactory(DelegateFactory)}. */
        public List<DelegateFactory> getDelegateFactories() {
            return Collections.unmodifiableList(delegateFactories);
        }

        /** Where to get the runtime from; see {@link TfLiteRuntime}. */
        public Options setRuntime(TfLiteRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** Where to get the runtime from; {@link TfLiteRuntime#FROM_APPLICATION_ONLY} by default. */
        public TfLiteRuntime getRuntime() {
            return runtime;
        }

        /** Whether to apply the XNNPACK delegate, TFLite's optimized CPU kernels (default true). */
        public Options setUseXNNPACK(boolean useXNNPACK) {
            this.useXNNPACK = useXNNPACK;
            return this;
        }

        /** Whether XNNPACK is applied; true unless turned off. */
        public boolean getUseXNNPACK() {
            return useXNNPACK == null || useXNNPACK;
        }
    }

    /**
     * An interpreter for the model in {@code modelFile} (memory-mapped, not copied).
     *
     * @param options the options, or {@code null} for the defaults
     * @throws IllegalArgumentException if the file does not hold a valid TensorFlow Lite model
     * @throws IllegalStateException if {@code options} asks for the system's runtime only
     */
    static InterpreterApi create(File modelFile, InterpreterApi.Options options) {
        RuntimeChoice.requireForOptions(options);
        return new InterpreterImpl(ModelSource.of(modelFile), ExperimentalOptions.copyOf(options));
    }

    /**
     * An interpreter for the model in {@code byteBuffer}: a {@link java.nio.MappedByteBuffer} of a model file, or a
     * direct buffer in native byte order. Its bytes, from index 0 to its capacity, are copied once.
     *
     * @param options the options, or {@code null} for the defaults
     * @throws IllegalArgumentException if the buffer is neither, or does not hold a valid model
     * @throws IllegalStateException if {@code options} asks for the system's runtime only
     */
    static InterpreterApi create(ByteBuffer byteBuffer, InterpreterApi.Options options) {
        RuntimeChoice.requireForOptions(options);
        return new InterpreterImpl(ModelSource.of(byteBuffer), ExperimentalOptions.copyOf(options));
    }

    /**
     * Runs a model with one input and one output.
     *
     * @param input an array (any rank) of the input's element type, a boxed scalar, or a {@link java.nio.Buffer}
     *     ({@code ByteBuffer} for any type; {@code FloatBuffer}, {@code IntBuffer}, {@code LongBuffer},
     *     {@code ShortBuffer} for their types)
     * @param output an array of the output's shape and type, a Buffer with room for its bytes, or {@code null} to
     *     read the output afterwards through {@link #getOutputTensor(int)}
     * @throws IllegalArgumentException if the input is null or does not fit the model, or if inference fails
     *     (also when cancelled with {@code setCancelled(true)})
     */
    void run(Object input, Object output);

    /**
     * Runs a model with several inputs or outputs.
     *
     * @param inputs one value per input, in the model's input order (see {@link #run(Object, Object)})
     * @param outputs output index to the array or Buffer to copy that output into; may be empty
     * @throws IllegalArgumentException if {@code inputs} is null or empty, {@code outputs} is null, a value does not
     *     fit its tensor, or inference fails
     */
    void runForMultipleInputsOutputs(Object[] inputs, Map<Integer, Object> outputs);

    /**
     * Allocates the tensors if a resize asked for it, so that output shapes are known before a run. Optional: runs
     * allocate by themselves.
     *
     * @throws IllegalStateException if TFLite cannot allocate them
     */
    void allocateTensors();

    /**
     * Resizes input {@code idx} to {@code dims}; any dimension may change.
     *
     * @throws IllegalArgumentException if there is no such input or TFLite refuses the shape
     */
    void resizeInput(int idx, int[] dims);

    /**
     * Resizes input {@code idx} to {@code dims}; when {@code strict}, only dimensions that are -1 in
     * {@link Tensor#shapeSignature()} may change.
     *
     * @throws IllegalArgumentException if there is no such input, or the resize is refused
     */
    void resizeInput(int idx, int[] dims, boolean strict);

    /** The number of inputs of the primary subgraph. */
    int getInputTensorCount();

    /**
     * The index of the input whose tensor is named {@code opName}.
     *
     * @throws IllegalArgumentException naming the inputs there are, if none is
     */
    int getInputIndex(String opName);

    /**
     * Input {@code inputIndex} of the primary subgraph.
     *
     * @throws IllegalArgumentException if there is no such input
     */
    Tensor getInputTensor(int inputIndex);

    /** The number of outputs of the primary subgraph. */
    int getOutputTensorCount();

    /**
     * The index of the output whose tensor is named {@code opName}.
     *
     * @throws IllegalArgumentException naming the outputs there are, if none is
     */
    int getOutputIndex(String opName);

    /**
     * Output {@code outputIndex} of the primary subgraph. Its shape may only be known after
     * {@link #allocateTensors()} or a run.
     *
     * @throws IllegalArgumentException if there is no such output
     */
    Tensor getOutputTensor(int outputIndex);

    /**
     * Runs the signature {@code signatureKey}: inputs and outputs by their names in the signature.
     *
     * @param inputs input name to value (see {@link #run(Object, Object)}); array inputs resize their tensor
     * @param outputs output name to the array or Buffer to copy it into; may be empty
     * @param signatureKey the signature, or {@code null} if the model has exactly one
     * @throws IllegalArgumentException if {@code inputs} is null or empty, {@code outputs} is null, the key or a
     *     name is unknown, a value does not fit, or inference fails
     */
    void runSignature(Map<String, Object> inputs, Map<String, Object> outputs, String signatureKey);

    /** {@link #runSignature(Map, Map, String)} for a model with exactly one signature. */
    void runSignature(Map<String, Object> inputs, Map<String, Object> outputs);

    /**
     * The tensor of input {@code inputName} of signature {@code signatureKey} ({@code null} for the only one).
     *
     * @throws IllegalArgumentException if a name is null or unknown
     */
    Tensor getInputTensorFromSignature(String inputName, String signatureKey);

    /** The model's signature keys, in the model's order; empty if it has none. */
    String[] getSignatureKeys();

    /**
     * The input names of signature {@code signatureKey}, in TFLite's (sorted) order.
     *
     * @throws IllegalArgumentException if there is no such signature
     */
    String[] getSignatureInputs(String signatureKey);

    /**
     * The output names of signature {@code signatureKey}, in TFLite's (sorted) order.
     *
     * @throws IllegalArgumentException if there is no such signature
     */
    String[] getSignatureOutputs(String signatureKey);

    /**
     * The tensor of output {@code outputName} of signature {@code signatureKey} ({@code null} for the only one).
     *
     * @throws IllegalArgumentException if a name is null or unknown
     */
    Tensor getOutputTensorFromSignature(String outputName, String signatureKey);

    /**
     * How long the native invoke of the last successful run took, in nanoseconds; {@code null} before the first
     * run and after a failed one.
     */
    Long getLastNativeInferenceDurationNanoseconds();

    /** Frees the interpreter; idempotent. */
    @Override
    void close();
}
