/**
 * The official TensorFlow Lite Java API, {@code org.tensorflow.lite}, on tflite-ffm: code written for
 * {@code org.tensorflow.lite.Interpreter} runs unchanged on a desktop JDK 22+, through the runtime module
 * {@code dev.tfliteffm} (no JNI). What behaves differently from the official build, and why, is in the
 * package documentation of {@link org.tensorflow.lite}.
 */
module dev.tfliteffm.compat {
    requires dev.tfliteffm;

    exports org.tensorflow.lite;
}
