package dev.tfliteffm.spark;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints rows/s of the transformer on mnist_dense_float in local[1] and local[2], and of the BatchRunner alone
 * on the same rows with as many workers, in one JVM. Not part of the suite: {@code -Dtflite.spark.bench=true}
 * ({@code -Dtflite.spark.bench.rows=N}, default 20000).
 */
@EnabledIfSystemProperty(named = "tflite.spark.bench", matches = "true")
class SparkThroughputBench {

    private static final int PACK = 16;

    @Test
    void localOneVersusLocalTwo() throws Exception {
        int rows = Integer.getInteger("tflite.spark.bench.rows", 20_000);
        Path mnist = SparkTests.shared("mnist_dense_float.tflite");
        List<float[]> pixels = SparkTests.floats(rows, 784, 11);
        System.out.println("load before: " + uptime());
        double[] spark = new double[3];
        double[] alone = new double[3];
        for (int cores = 1; cores <= 2; cores++) {
            spark[cores] = sparkRowsPerSecond(cores, mnist, pixels);
            alone[cores] = batchRunnerRowsPerSecond(cores, mnist, pixels);
        }
        System.out.println("load after: " + uptime());
        for (int cores = 1; cores <= 2; cores++) {
            double overheadMicros = (1 / spark[cores] - 1 / alone[cores]) * 1e6 * cores;
            System.out.printf(
                    "local[%d]: spark %.0f rows/s, BatchRunner alone (%d worker(s), pack %d) %.0f rows/s,"
                            + " spark overhead %.1f us per row per core%n",
                    cores, spark[cores], cores, PACK, alone[cores], overheadMicros);
        }
        System.out.printf(
                "scaling local[2]/local[1]: spark %.2fx, BatchRunner alone %.2fx%n",
                spark[2] / spark[1], alone[2] / alone[1]);
    }

    private static double sparkRowsPerSecond(int cores, Path mnist, List<float[]> pixels) {
        SparkSession spark = SparkTests.session(cores);
        try {
            StructType schema = new StructType()
                    .add("id", DataTypes.IntegerType)
                    .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
            List<Row> data = new ArrayList<>();
            for (int i = 0; i < pixels.size(); i++) {
                data.add(RowFactory.create(i, SparkTests.boxed(pixels.get(i))));
            }
            // Cached first, so that the timed jobs read rows from memory, as a scoring job after a scan would.
            Dataset<Row> df = spark.createDataFrame(data, schema).repartition(8).cache();
            df.count();
            TfliteTransformer t = new TfliteTransformer()
                    .setModelPath(mnist.toString())
                    .setInputCols("pixels")
                    .setOutputCols("scores")
                    .setBatchSize(PACK);
            double best = 0;
            for (int run = 0; run < 3; run++) { // the first run also builds the pool
                long start = System.nanoTime();
                t.transform(df).write().format("noop").mode("overwrite").save();
                double rate = pixels.size() / ((System.nanoTime() - start) / 1e9);
                System.out.printf("  local[%d] run %d: %.0f rows/s  %s%n", cores, run, rate, t.metrics());
                best = Math.max(best, rate);
            }
            return best;
        } finally {
            spark.stop();
        }
    }

    private static double batchRunnerRowsPerSecond(int workers, Path mnist, List<float[]> pixels) throws Exception {
        List<Map<String, ?>> items = new ArrayList<>();
        for (float[] p : pixels) {
            items.add(Map.of("dense_input", NdArray.of(p, 1, 784)));
        }
        InterpreterOptions options =
                InterpreterOptions.builder().threads(1).xnnpack(true).build();
        try (Model model = Model.fromFile(mnist);
                InterpreterPool pool = InterpreterPool.builder(model)
                        .size(workers)
                        .options(options)
                        .build()) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner = BatchRunner.builder(pool, "serving_default")
                    .workers(workers)
                    .pack(PACK)
                    .build();
            double best = 0;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                runner.runAll(items);
                double rate = items.size() / ((System.nanoTime() - start) / 1e9);
                System.out.printf("  BatchRunner %d worker(s) run %d: %.0f rows/s%n", workers, run, rate);
                best = Math.max(best, rate);
            }
            return best;
        }
    }

    private static String uptime() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
