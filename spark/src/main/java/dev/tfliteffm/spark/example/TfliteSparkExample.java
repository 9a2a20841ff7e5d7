package dev.tfliteffm.spark.example;

import dev.tfliteffm.spark.TfliteTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A runnable example: scores random 28×28 images with an MNIST model ({@code mnist_dense_float.tflite}: input
 * {@code dense_input} float32[-1, 784], output {@code activation_2} [1, 10]) and prints a few rows and the
 * metrics.
 *
 * <pre>
 * TfliteSparkExample MODEL [MASTER] [ROWS]     # MASTER defaults to local[2], ROWS to 10000
 * </pre>
 */
public final class TfliteSparkExample {

    private TfliteSparkExample() {}

    /**
     * Runs the example.
     *
     * @param args the model path or URI, then optionally the master and the row count
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: TfliteSparkExample MODEL [MASTER] [ROWS]");
            System.exit(2);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("tflite-ffm example");
        if (args.length > 1) {
            builder.master(args[1]);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            run(spark, args[0], args.length > 2 ? Integer.parseInt(args[2]) : 10_000);
        } finally {
            spark.stop();
        }
    }

    /** Builds the Dataset, transforms it, prints and returns the number of rows scored. */
    static long run(SparkSession spark, String model, int rows) {
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
        Random random = new Random(42);
        List<Row> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Float[] pixels = new Float[784];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = random.nextFloat();
            }
            data.add(RowFactory.create(i, List.of(pixels)));
        }
        Dataset<Row> images = spark.createDataFrame(data, schema).repartition(8);

        TfliteTransformer scorer = new TfliteTransformer()
                .setModelPath(model)
                .setInputCols("pixels")
                .setOutputCols("scores")
                .setBatchSize(32)
                .setErrorCol("error");
        Dataset<Row> scored = scorer.transform(images);
        scored.select("id", "scores", "error").show(3, false);
        long n = scored.count();
        System.out.println("scored " + n + " rows; " + scorer.metrics());
        return n;
    }
}
