package org.tensorflow.lite;

import dev.tfliteffm.InterpreterOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime's {@link InterpreterOptions} for the official options, and the checks of what cannot apply on a
 * desktop: delegates made elsewhere are refused (see {@link Delegate}), NNAPI is ignored.
 */
final class RuntimeOptions {

    private static final AtomicBoolean NNAPI_NOTED = new AtomicBoolean();

    private RuntimeOptions() {}

    /** The runtime options: threads (0 as 1; below -1 as -1, as TFLite ignores them), XNNPACK, cancellation. */
    static InterpreterOptions of(InterpreterApi.Options options) {
        int threads = options.getNumThreads();
        return InterpreterOptions.builder()
                .threads(threads == 0 ? 1 : Math.max(threads, -1))
                .xnnpack(options.getUseXNNPACK())
                .cancellable(options.isCancellable())
                .build();
    }

    /**
     * Checks the delegates and delegate factories of {@code options}; delegates made by factories are added to
     * {@code owned} (closed by the caller if creation fails).
     *
     * @throws IllegalArgumentException as the official API does for a delegate it cannot apply
     */
    static void checkDelegates(InterpreterApi.Options options, List<Delegate> owned) {
        if (options.getUseNNAPI() && NNAPI_NOTED.compareAndSet(false, true)) {
            System.getLogger("org.tensorflow.lite")
                    .log(System.Logger.Level.INFO, "setUseNNAPI(true) ignored: NNAPI exists only on Android");
        }
        for (Delegate d : options.getDelegates()) {
            refuse(d);
        }
        for (DelegateFactory f : options.getDelegateFactories()) {
            Delegate d = f.create(RuntimeFlavor.APPLICATION);
            owned.add(d);
            refuse(d);
        }
    }

    private static void refuse(Delegate delegate) {
        long handle = delegate.getNativeHandle();
        if (handle == 0) {
            throw new IllegalArgumentException("Internal error: Found invalid handle");
        }
        throw new IllegalArgumentException("Internal error: Failed to apply delegate: "
                + delegate.getClass().getName()
                + " (TfLiteDelegate* 0x" + Long.toHexString(handle) + ") was made outside tflite-ffm, whose runtime"
                + " applies delegates only as external delegate plugins it loads itself (dev.tfliteffm.Delegate)");
    }
}
