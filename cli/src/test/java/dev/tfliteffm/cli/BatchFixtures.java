package dev.tfliteffm.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Items for {@code batch} tests: random mnist_dense rows ({@code dense_input [1,784]}) in the three input forms. */
final class BatchFixtures {

    /** The shared model the tests run. */
    static final String MNIST = SharedModels.model("mnist_dense_float.tflite");

    private BatchFixtures() {}

    /** {@code n} random rows of 784 floats, the same for the same seed. */
    static List<float[]> rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] row = new float[784];
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextDouble();
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows as a {@code [rows, 784]} (or {@code [1, 784]} for one row) float32 array. */
    static NpyArray array(List<float[]> rows) {
        ByteBuffer bytes = ByteBuffer.allocate(rows.size() * 784 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                bytes.putFloat(v);
            }
        }
        return new NpyArray("<f4", new long[] {rows.size(), 784}, bytes.array());
    }

    /** One directory per row, {@code item0000/dense_input.npy} and so on; returns {@code dir}. */
    static Path dirForm(Path dir, List<float[]> rows) throws IOException {
        for (int i = 0; i < rows.size(); i++) {
            Path item = Files.createDirectories(dir.resolve(itemName(i)));
            Npy.write(item.resolve("dense_input.npy"), array(List.of(rows.get(i))));
        }
        return dir;
    }

    /** The name of row i's item directory. */
    static String itemName(int i) {
        return String.format("item%04d", i);
    }

    /** All rows in one .npz, {@code dense_input [N,784]}. */
    static Path npzForm(Path file, List<float[]> rows) throws IOException {
        Npz.write(file, Map.of("dense_input", array(rows)));
        return file;
    }

    /** One line {@code {"dense_input": [[...]]}} per row. */
    static Path jsonlForm(Path file, List<float[]> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        for (float[] row : rows) {
            List<Float> values = new ArrayList<>();
            for (float v : row) {
                values.add(v);
            }
            text.append(Json.write(Map.of("dense_input", List.of(values)))).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The float32 elements of a .npy file. */
    static float[] floats(NpyArray array) {
        ByteBuffer bytes = ByteBuffer.wrap(array.data()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[array.data().length / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
