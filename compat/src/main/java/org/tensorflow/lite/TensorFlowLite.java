package org.tensorflow.lite;

import org.tensorflow.lite.InterpreterApi.Options.TfLiteRuntime;

/** The TensorFlow Lite runtime: its versions, and loading its native library. */
public final class TensorFlowLite {

    /** The model schema version TFLite reads ({@code TFLITE_SCHEMA_VERSION}); it has been 3 since 2018. */
    static final String SCHEMA_VERSION = "3";

    private TensorFlowLite() {}

    /**
     * The model schema version.
     *
     * @deprecated as in the official API: use {@link #runtimeVersion()} or {@link #schemaVersion()}
     */
    @Deprecated
    public static String version() {
        return schemaVersion();
    }

    /**
     * The version of the TFLite library in use, e.g. {@code 2.21.0}.
     *
     * @throws IllegalStateException for {@link TfLiteRuntime#FROM_SYSTEM_ONLY}: there is no system runtime here
     */
    public static String runtimeVersion(TfLiteRuntime runtime) {
        RuntimeChoice.require(runtime, "org.tensorflow.lite.TensorFlowLite", "runtimeVersion");
        return dev.tfliteffm.TensorFlowLite.version();
    }

    /** The version of the TFLite library in use. */
    public static String runtimeVersion() {
        return runtimeVersion(null);
    }

    /**
     * The model schema version the runtime reads.
     *
     * @throws IllegalStateException for {@link TfLiteRuntime#FROM_SYSTEM_ONLY}: there is no system runtime here
     */
    public static String schemaVersion(TfLiteRuntime runtime) {
        RuntimeChoice.require(runtime, "org.tensorflow.lite.TensorFlowLite", "schemaVersion");
        init();
        return SCHEMA_VERSION;
    }

    /** The model schema version the runtime reads. */
    public static String schemaVersion() {
        return schemaVersion(null);
    }

    /**
     * Loads the native TFLite library if it is not loaded yet.
     *
     * @throws UnsatisfiedLinkError if it cannot be found or loaded, saying where tflite-ffm looked
     */
    public static void init() {
        dev.tfliteffm.TensorFlowLite.version();
    }
}
