package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;

/**
 * Facts about the TensorFlow Lite library this runtime runs on.
 */
public final class TensorFlowLite {

    private TensorFlowLite() {
    }

    /** The version the native library reports through {@code TfLiteVersion()}, e.g. {@code 2.21.0}. */
    public static String version() {
        return TfLite.TfLiteVersion().getString(0);
    }

    /** The loaded native library: where it came from and how it was found. */
    public static TfLiteLibrary library() {
        return TfLiteLibrary.get();
    }
}
