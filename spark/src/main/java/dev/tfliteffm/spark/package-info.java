/**
 * Apache Spark integration: {@link dev.tfliteffm.spark.TfliteTransformer}, a Spark ML transformer that runs a
 * TensorFlow Lite signature over a Dataset, and {@link dev.tfliteffm.spark.TfliteMapPartitions}, the same as a
 * function for {@code Dataset.mapPartitions}. Each executor JVM maps the model once and keeps one interpreter
 * pool, shared by its tasks. Exceptions follow the runtime's rule (see {@link dev.tfliteffm}).
 */
package dev.tfliteffm.spark;
