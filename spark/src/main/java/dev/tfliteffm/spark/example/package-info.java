/** A runnable example of {@link dev.tfliteffm.spark.TfliteTransformer}: {@code TfliteSparkExample}. */
package dev.tfliteffm.spark.example;
