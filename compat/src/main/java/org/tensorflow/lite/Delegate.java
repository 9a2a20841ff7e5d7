package org.tensorflow.lite;

import java.io.Closeable;

/**
 * A native TensorFlow Lite delegate, given to an interpreter through
 * {@link InterpreterApi.Options#addDelegate(Delegate)}.
 *
 * <p><b>On this runtime</b> a delegate made elsewhere cannot be applied: tflite-ffm's public API takes delegates
 * only as external delegate plugins it loads itself ({@code dev.tfliteffm.Delegate.external}), not as a raw
 * {@code TfLiteDelegate*}. An interpreter created with a delegate therefore fails with the exception the official
 * API gives when a delegate cannot be applied ({@link IllegalArgumentException}, "Internal error: Failed to apply
 * delegate: ..."); a handle of 0 gives the official "Internal error: Found invalid handle".
 */
public interface Delegate extends Closeable {
    /**
     * The native delegate, a {@code TfLiteOpaqueDelegate*} (or {@code TfLiteDelegate*}) as a number.
     *
     * @throws IllegalStateException if the native delegate does not exist yet
     */
    long getNativeHandle();

    /** Frees what the delegate holds; no checked exception. Does nothing by default. */
    @Override
    default void close() {}
}
