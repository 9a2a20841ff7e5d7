package org.tensorflow.lite;

import java.io.File;
import java.nio.ByteBuffer;

/**
 * The TensorFlow Lite interpreter of the official Java API, with its experimental methods
 * ({@link #resetVariableTensors()}, {@link #setCancelled(boolean)}), running on tflite-ffm.
 *
 * <pre>{@code
 * try (Interpreter interpreter = new Interpreter(modelFile)) {
 *     interpreter.run(input, output);
 * }
 * }</pre>
 *
 * <p>Everything of {@link InterpreterApi} applies: array inputs resize their tensors, Buffer inputs must match
 * the tensor's bytes, outputs are copied into the caller's arrays and Buffers, one thread at a time. What differs
 * from the official build is listed in the package documentation.
 */
public final class Interpreter extends InterpreterImpl implements InterpreterApi {

    /** Options of an {@link Interpreter}, including the experimental ones. */
    public static class Options extends ExperimentalOptions {

        /** Default options. */
        public Options() {}

        /** A copy of {@code options}. */
        public Options(InterpreterApi.Options options) {
            super(options);
        }

        @Override
        public Options setUseXNNPACK(boolean useXNNPACK) {
            super.setUseXNNPACK(useXNNPACK);
            return this;
        }

        @Override
        public Options setNumThreads(int numThreads) {
            super.setNumThreads(numThreads);
            return this;
        }

        @Override
        public Options setUseNNAPI(boolean useNNAPI) {
            super.setUseNNAPI(useNNAPI);
            return this;
        }

        /**
         * Allows float16 precision for float32 math where a delegate supports it. Accepted and without effect here:
         * only delegates (NNAPI, GPU) read this hint, and none applies on this runtime; the CPU kernels compute in
         * float32 either way.
         *
         * @deprecated as in the official API, which points to the NNAPI delegate's own option
         */
        @Deprecated
        public Options setAllowFp16PrecisionForFp32(boolean allow) {
            setAllowFp16(allow);
            return this;
        }

        @Override
        public Options addDelegate(Delegate delegate) {
            super.addDelegate(delegate);
            return this;
        }

        @Override
        public Options addDelegateFactory(DelegateFactory delegateFactory) {
            super.addDelegateFactory(delegateFactory);
            return this;
        }

        /**
         * Allows outputs to stay in a delegate's own buffers. Accepted and without effect here: no delegate that
         * keeps buffer handles can be applied on this runtime, so outputs are always in CPU memory.
         */
        public Options setAllowBufferHandleOutput(boolean allow) {
            setBufferHandleOutput(allow);
            return this;
        }

        /**
         * Stores identical per-channel zero points once (a memory saving of newer TFLite builds). Accepted and
         * without effect here: the C API offers no such setting.
         */
        public Options setCompressQuantizationZeroPoints(boolean value) {
            setCompressZeroPoints(value);
            return this;
        }

        /** Whether {@link #setCompressQuantizationZeroPoints(boolean)} asked for it; false by default. */
        public boolean getCompressQuantizationZeroPoints() {
            return compressZeroPoints();
        }

        @Override
        public Options setCancellable(boolean allow) {
            super.setCancellable(allow);
            return this;
        }

        @Override
        public Options setRuntime(InterpreterApi.Options.TfLiteRuntime runtime) {
            super.setRuntime(runtime);
            return this;
        }
    }

    /**
     * An interpreter for the model in {@code modelFile} (memory-mapped, not copied).
     *
     * @throws IllegalArgumentException if the file does not hold a valid TensorFlow Lite model
     */
    public Interpreter(File modelFile) {
        this(modelFile, null);
    }

    /**
     * An interpreter for the model in {@code modelFile} with {@code options} ({@code null} for the defaults).
     *
     * @throws IllegalArgumentException if the file does not hold a valid TensorFlow Lite model
     */
    public Interpreter(File modelFile, Options options) {
        super(ModelSource.of(modelFile), options);
    }

    /**
     * An interpreter for the model in {@code byteBuffer}: a {@link java.nio.MappedByteBuffer} of a model file, or a
     * direct buffer in native byte order. Its bytes, from index 0 to its capacity, are copied once.
     *
     * @throws IllegalArgumentException if the buffer is neither, or does not hold a valid model
     */
    public Interpreter(ByteBuffer byteBuffer) {
        this(byteBuffer, null);
    }

    /**
     * As {@link #Interpreter(ByteBuffer)}, with {@code options} ({@code null} for the defaults).
     *
     * @throws IllegalArgumentException if the buffer is not a mapped or native-order direct buffer of a valid model
     */
    public Interpreter(ByteBuffer byteBuffer, Options options) {
        super(ModelSource.of(byteBuffer), options);
    }

    /**
     * Resets every variable tensor to its default value (zeros where it has none). Experimental in the official API.
     *
     * @throws IllegalArgumentException if TFLite cannot reset them (e.g. a subgraph's tensors are not allocated)
     */
    public void resetVariableTensors() {
        resetVariables();
    }

    /**
     * Cancels ({@code true}) or resumes ({@code false}) inference. While cancelled, every run fails; a run in
     * progress stops between two operators. May be called from any thread. Experimental in the official API.
     *
     * @throws IllegalStateException if the options did not make the interpreter cancellable
     */
    public void setCancelled(boolean cancelled) {
        cancel(cancelled);
    }
}
