package dev.tfliteffm.spark;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/** Sessions, models and the single-machine reference for the Spark tests. */
final class SparkTests {

    private SparkTests() {}

    /** A local session with {@code cores} task slots and a small UI-less footprint. */
    static SparkSession session(int cores) {
        return SparkSession.builder()
                .master("local[" + cores + "]")
                .appName("tflite-ffm-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /** A model of ../shared/models (or $TFLITE_SHARED_MODELS). */
    static Path shared(String fileName) {
        String override = System.getenv("TFLITE_SHARED_MODELS");
        Path dir = override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of("")
                        .toAbsolutePath()
                        .getParent()
                        .resolveSibling("shared")
                        .resolve("models");
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("shared model missing: " + file);
        }
        return file;
    }

    /** Writes model bytes (from the model writer) to a temporary .tflite file. */
    static Path write(byte[] model, String name) {
        try {
            Path file = Files.createTempFile(name, ".tflite");
            Files.write(file, model);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random floats, fixed seed. */
    static List<float[]> floats(int rows, int width, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            float[] f = new float[width];
            for (int j = 0; j < width; j++) {
                f[j] = r.nextFloat();
            }
            out.add(f);
        }
        return out;
    }

    /** Boxed, as Spark rows hold arrays. */
    static List<Float> boxed(float[] f) {
        List<Float> out = new ArrayList<>(f.length);
        for (float v : f) {
            out.add(v);
        }
        return out;
    }

    static float[] unboxed(List<?> list) {
        float[] f = new float[list.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (Float) list.get(i);
        }
        return f;
    }

    /** The single-machine answer: SignatureRunner.run on one interpreter with the transformer's defaults. */
    static final class Reference implements AutoCloseable {
        private final Model model;
        private final Interpreter interpreter;
        private final String signature;

        Reference(Path file, String signature) {
            this.model = Model.fromFile(file);
            this.interpreter = Interpreter.create(
                    model, InterpreterOptions.builder().threads(1).xnnpack(true).build());
            this.signature = signature;
        }

        Map<String, NdArray> run(Map<String, ?> inputs) {
            return (signature.isEmpty() ? interpreter.defaultRunner() : interpreter.runner(signature)).run(inputs);
        }

        @Override
        public void close() {
            interpreter.close();
            model.close();
        }
    }
}
