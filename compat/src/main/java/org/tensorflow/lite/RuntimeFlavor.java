package org.tensorflow.lite;

/**
 * Which TensorFlow Lite runtime is in use (where {@link InterpreterApi.Options.TfLiteRuntime} is a preference).
 * On this runtime it is always {@link #APPLICATION}: the TFLite library that tflite-ffm loads.
 */
public enum RuntimeFlavor {
    /** A TFLite runtime that comes with the application: here, the library tflite-ffm loads. */
    APPLICATION,
    /** A TFLite runtime provided by the system (Google Play Services on Android); never in use on a desktop. */
    SYSTEM,
}
