/**
 * tflite-ffm: TensorFlow Lite for Java 22+ through the Foreign Function &amp; Memory API.
 * {@code dev.tfliteffm} and {@code dev.tfliteffm.flex} (Flex ops in Java) are public; the generated bindings
 * stay internal.
 */
module dev.tfliteffm {
    requires dev.tfliteffm.bindings;
    requires transitive dev.tfliteffm.nativelib;
    // Flex ops' custom options hold a serialized tensorflow.NodeDef.
    requires com.google.protobuf;

    exports dev.tfliteffm;
    exports dev.tfliteffm.flex;

    // Operator libraries in jars, for tools such as the CLI's --op-library.
    uses dev.tfliteffm.OperatorLibrary;
}
