/**
 * Writes TensorFlow Lite models (flatbuffers, schema version 3) from Java and reads their structure back
 * without an interpreter. Start at {@link dev.tfliteffm.modelwriter.ModelBuilder};
 * {@link dev.tfliteffm.modelwriter.ModelReader} reads a {@code .tflite} file's signatures, tensors and operators.
 * Ready-made demo, benchmark and test models, written with the builder, are in
 * {@link dev.tfliteffm.modelwriter.samples.SampleModels}: a package of its own, so that the API package holds API
 * only.
 *
 * <p>Operator codes and option tables are the generated TFLite schema classes of
 * {@code org.tensorflow:tensorflow-lite-metadata} (package {@code org.tensorflow.lite.schema}), which this
 * module therefore requires transitively.
 */
module dev.tfliteffm.modelwriter {
    requires transitive tensorflow.lite.metadata;
    requires flatbuffers.java;
    requires com.google.protobuf;

    exports dev.tfliteffm.modelwriter;
    exports dev.tfliteffm.modelwriter.samples;
}
