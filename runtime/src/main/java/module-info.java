/**
 * tflite-ffm: TensorFlow Lite for Java 22+ through the Foreign Function &amp; Memory API.
 * Only {@code dev.tfliteffm} is public; the generated bindings stay internal.
 */
module dev.tfliteffm {
    requires dev.tfliteffm.bindings;
    requires transitive dev.tfliteffm.nativelib;

    exports dev.tfliteffm;
}
