package org.tensorflow.lite;

import org.tensorflow.lite.InterpreterApi.Options.TfLiteRuntime;

/** Applies a {@link TfLiteRuntime} preference: on a desktop only the application's runtime (tflite-ffm) exists. */
final class RuntimeChoice {

    private RuntimeChoice() {}

    /** Checks the runtime preference of {@code options} ({@code null} for the defaults). */
    static void requireForOptions(InterpreterApi.Options options) {
        require(
                options == null ? null : options.getRuntime(),
                "org.tensorflow.lite.InterpreterApi.Options",
                "setRuntime");
    }

    /**
     * Checks that {@code runtime} ({@code null} for the default) can be had.
     *
     * @param className the class whose method the preference was given to, for the message
     * @param methodName that method
     * @throws IllegalStateException for {@link TfLiteRuntime#FROM_SYSTEM_ONLY}, as the official API does when the
     *     system runtime is missing
     */
    static void require(TfLiteRuntime runtime, String className, String methodName) {
        if (runtime == TfLiteRuntime.FROM_SYSTEM_ONLY) {
            throw new IllegalStateException("TfLiteRuntime.FROM_SYSTEM_ONLY asks for a TensorFlow Lite runtime provided"
                    + " by the system (Google Play Services), which does not exist on this platform: tflite-ffm runs"
                    + " the application's own. Call ." + methodName + " with FROM_APPLICATION_ONLY or"
                    + " PREFER_SYSTEM_OVER_APPLICATION (see " + className + "#" + methodName + ").");
        }
    }
}
