package dev.tfliteffm.spark.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The README's example runs, from its own {@code main}, with the master it is given. */
class TfliteSparkExampleTest {

    @Test
    void mainScoresEveryRow() {
        String override = System.getenv("TFLITE_SHARED_MODELS");
        Path dir = override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of("")
                        .toAbsolutePath()
                        .getParent()
                        .resolveSibling("shared")
                        .resolve("models");
        Path model = dir.resolve("mnist_dense_float.tflite");
        assertEquals(true, Files.isRegularFile(model), model.toString());
        System.setProperty("spark.ui.enabled", "false");
        TfliteSparkExample.main(new String[] {model.toString(), "local[2]", "500"});
        // main stops its session; running the same steps again through run() checks the count.
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            assertEquals(200, TfliteSparkExample.run(spark, "file://" + model, 200));
        } finally {
            spark.stop();
        }
    }
}
