package dev.tfliteffm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.NdArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** local[1]: results as in local[2]; models from a file: URI and from SparkContext.addFile. */
class LocalOneTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session(1);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void check(String location, Path mnist) {
        List<float[]> rows = SparkTests.floats(60, 784, 9);
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            data.add(RowFactory.create(i, SparkTests.boxed(rows.get(i))));
        }
        TfliteTransformer t = new TfliteTransformer()
                .setModelPath(location)
                .setInputCols("pixels")
                .setOutputCols("scores")
                .setBatchSize(8);
        List<Row> out =
                t.transform(spark.createDataFrame(data, schema).repartition(4)).collectAsList();
        assertEquals(60, out.size());
        try (SparkTests.Reference ref = new SparkTests.Reference(mnist, "serving_default")) {
            for (Row r : out) {
                float[] expected = ref.run(Map.of("dense_input", NdArray.of(rows.get(r.getInt(0)), 1, 784)))
                        .get("activation_2")
                        .floats();
                assertArrayEquals(expected, SparkTests.unboxed(r.getList(2)), "row " + r.getInt(0));
            }
        }
        assertEquals(60, t.metrics().rows());
    }

    @Test
    void fileUri() {
        Path mnist = SparkTests.shared("mnist_dense_float.tflite");
        check(mnist.toUri().toString(), mnist);
    }

    @Test
    void shippedWithAddFile() throws Exception {
        Path mnist = SparkTests.shared("mnist_dense_float.tflite");
        Path copy = Files.createTempDirectory("ship").resolve("shipped_mnist.tflite");
        Files.copy(mnist, copy);
        spark.sparkContext().addFile(copy.toString());
        Files.delete(copy); // only Spark's copy is left: the bare name must resolve through SparkFiles
        check("shipped_mnist.tflite", mnist);
    }
}
