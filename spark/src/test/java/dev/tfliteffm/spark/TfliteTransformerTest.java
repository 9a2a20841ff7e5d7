package dev.tfliteffm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.NdArray;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transformer in local[2]: results equal to SignatureRunner.run row by row, errors, nulls, one pool. */
class TfliteTransformerTest {

    private static final StructType PIXELS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    private static SparkSession spark;
    private static Path mnist;

    @BeforeAll
    static void start() {
        spark = SparkTests.session(2);
        mnist = SparkTests.shared("mnist_dense_float.tflite");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> pixels(List<float[]> rows, int partitions) {
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            data.add(RowFactory.create(i, rows.get(i) == null ? null : SparkTests.boxed(rows.get(i))));
        }
        return spark.createDataFrame(data, PIXELS).repartition(partitions);
    }

    private static TfliteTransformer mnistTransformer() {
        return new TfliteTransformer()
                .setModelPath(mnist.toString())
                .setInputCols("pixels")
                .setOutputCols("scores");
    }

    /** Every row's scores equal, bit for bit, what SignatureRunner.run gives for the same pixels. */
    private static void assertMnist(List<float[]> rows, List<Row> out, String column) {
        assertEquals(rows.size(), out.size());
        try (SparkTests.Reference ref = new SparkTests.Reference(mnist, "serving_default")) {
            for (Row r : out) {
                int id = r.getInt(r.fieldIndex("id"));
                NdArray expected = ref.run(Map.of("dense_input", NdArray.of(rows.get(id), 1, 784)))
                        .get("activation_2");
                float[] actual = SparkTests.unboxed(r.getList(r.fieldIndex(column)));
                assertArrayEquals(expected.floats(), actual, "row " + id);
            }
        }
    }

    @Test
    void mnistPackedMatchesSignatureRunnerAndSharesOnePool() {
        List<float[]> rows = SparkTests.floats(300, 784, 1);
        // threadsPerExecutor 3: a pool key no other test uses, so this test sees its creation.
        TfliteTransformer t = mnistTransformer().setBatchSize(16).setThreadsPerExecutor(3);
        int before = ExecutorPools.CREATED.get();
        Dataset<Row> scored = t.transform(pixels(rows, 12));
        assertEquals(
                "array<float>",
                scored.schema().apply("scores").dataType().simpleString(),
                "[1, 10] output, rows are examples");
        assertMnist(rows, scored.collectAsList(), "scores");
        assertEquals(1, ExecutorPools.CREATED.get() - before, "12 partitions, one pool");
        assertEquals(300, t.metrics().rows());
        assertEquals(12, t.metrics().partitions().size());
        assertTrue(
                t.metrics().rowsPerSecondByExecutor().get("driver") > 0,
                t.metrics().toString());

        assertMnist(rows, t.transform(pixels(rows, 5)).collectAsList(), "scores");
        assertEquals(1, ExecutorPools.CREATED.get() - before, "a second job reuses the pool");
    }

    @Test
    void mnistUnpackedMatches() {
        List<float[]> rows = SparkTests.floats(40, 784, 2);
        assertMnist(rows, mnistTransformer().transform(pixels(rows, 3)).collectAsList(), "scores");
    }

    @Test
    void vectorAndBinaryColumnsFeedFloatInputs() {
        List<float[]> rows = SparkTests.floats(20, 784, 3);
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("vec", SQLDataTypes.VectorType())
                .add("raw", DataTypes.BinaryType);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] d = new double[784];
            ByteBuffer b = ByteBuffer.allocate(784 * 4).order(ByteOrder.nativeOrder());
            for (int j = 0; j < 784; j++) {
                d[j] = rows.get(i)[j];
                b.putFloat(rows.get(i)[j]);
            }
            data.add(RowFactory.create(i, Vectors.dense(d), b.array()));
        }
        Dataset<Row> df = spark.createDataFrame(data, schema).repartition(2);
        assertMnist(rows, mnistTransformer().setInputCols("vec").transform(df).collectAsList(), "scores");
        assertMnist(rows, mnistTransformer().setInputCols("raw").transform(df).collectAsList(), "scores");
    }

    @Test
    void helloWorldMatches() {
        Path hello = SparkTests.shared("hello_world_float.tflite");
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            data.add(RowFactory.create(List.of(i * 0.13f)));
        }
        List<Row> out = new TfliteTransformer()
                .setModelPath(hello.toString())
                .setInputCols("x")
                .setOutputCols("y")
                .setBatchSize(8)
                .transform(spark.createDataFrame(data, schema).repartition(3))
                .collectAsList();
        assertEquals(50, out.size());
        try (SparkTests.Reference ref = new SparkTests.Reference(hello, "")) {
            for (Row r : out) {
                float x = (Float) r.getList(0).get(0);
                float expected = ref.run(Map.of("dense_input", NdArray.of(new float[] {x}, 1, 1)))
                        .get("dense_2")
                        .floats()[0];
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits((Float)
                        r.getList(1).get(0)));
            }
        }
    }

    @Test
    void codecBothSignaturesMatch() {
        Path codec = SparkTests.write(SampleModels.codec(), "codec");
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<float[]> rows = new ArrayList<>();
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] f = new float[1 + i % 7]; // rank-1 [-1]: whole vectors of any length
            for (int j = 0; j < f.length; j++) {
                f[j] = (i * 7 + j) * 0.37f - 5;
            }
            rows.add(f);
            data.add(RowFactory.create(i, SparkTests.boxed(f)));
        }
        Dataset<Row> encoded = new TfliteTransformer()
                .setModelPath(codec.toString())
                .setSignature("encode")
                .setInputCols("x")
                .setOutputCols("q")
                .setBatchSize(4) // not packable (rank 1): ignored
                .transform(spark.createDataFrame(data, schema).repartition(3));
        assertEquals("array<tinyint>", encoded.schema().apply("q").dataType().simpleString());
        Dataset<Row> decoded = new TfliteTransformer()
                .setModelPath(codec.toString())
                .setSignature("decode")
                .setInputCols("q")
                .setOutputCols("back")
                .transform(encoded);
        List<Row> out = decoded.collectAsList();
        assertEquals(30, out.size());
        try (SparkTests.Reference enc = new SparkTests.Reference(codec, "encode");
                SparkTests.Reference dec = new SparkTests.Reference(codec, "decode")) {
            for (Row r : out) {
                float[] x = rows.get(r.getInt(0));
                byte[] q = enc.run(Map.of("x", x)).get("encoded_result").bytes();
                List<?> actualQ = r.getList(2);
                assertEquals(q.length, actualQ.size());
                for (int j = 0; j < q.length; j++) {
                    assertEquals(q[j], (Byte) actualQ.get(j));
                }
                float[] back = dec.run(Map.of("x", NdArray.of(q, q.length)))
                        .get("decoded_result")
                        .floats();
                assertArrayEquals(back, SparkTests.unboxed(r.getList(3)));
            }
        }
    }

    @Test
    void stringsEcho() {
        Path strings = SparkTests.write(SampleModels.strings(), "strings");
        StructType schema = new StructType().add("text", DataTypes.createArrayType(DataTypes.StringType, false));
        List<Row> data = List.of(
                RowFactory.create(List.of("hello", "wörld")),
                RowFactory.create(List.of("日本語")),
                RowFactory.create(List.of("a", "b", "c")));
        List<Row> out = new TfliteTransformer()
                .setModelPath(strings.toString())
                .setSignature("echo")
                .transform(spark.createDataFrame(data, schema).coalesce(1))
                .collectAsList();
        try (SparkTests.Reference ref = new SparkTests.Reference(strings, "echo")) {
            for (Row r : out) {
                String[] text = r.getList(0).toArray(new String[0]);
                Map<String, NdArray> expected = ref.run(Map.of("text", NdArray.ofStrings(text, text.length)));
                assertEquals(List.of(expected.get("echoed").strings()), r.getList(r.fieldIndex("echoed")));
                assertEquals(List.of(expected.get("first").strings()), r.getList(r.fieldIndex("first")));
            }
        }
    }

    @Test
    void badAndNullRowsFailNamingTheColumn() {
        List<float[]> rows = new ArrayList<>(SparkTests.floats(10, 784, 4));
        rows.set(3, new float[783]);
        Dataset<Row> df = pixels(rows, 2);
        Exception e = assertThrows(
                Exception.class, () -> mnistTransformer().transform(df).collectAsList());
        assertTrue(chain(e).contains("column 'pixels'") && chain(e).contains("[784]"), chain(e));

        rows.set(3, null);
        Dataset<Row> withNull = pixels(rows, 2);
        e = assertThrows(
                Exception.class, () -> mnistTransformer().transform(withNull).collectAsList());
        assertTrue(chain(e).contains("column 'pixels' is null"), chain(e));
    }

    @Test
    void errorColumnTakesBadRows() {
        List<float[]> rows = new ArrayList<>(SparkTests.floats(25, 784, 5));
        rows.set(3, new float[783]);
        rows.set(17, null);
        TfliteTransformer t = mnistTransformer().setErrorCol("error").setBatchSize(4);
        List<Row> out = t.transform(pixels(rows, 3)).collectAsList();
        assertEquals(25, out.size());
        List<float[]> good = new ArrayList<>();
        List<Row> goodRows = new ArrayList<>();
        for (Row r : out) {
            int id = r.getInt(0);
            String error = r.getString(r.fieldIndex("error"));
            if (id == 3 || id == 17) {
                assertNotNull(error, "row " + id);
                assertTrue(error.contains("column 'pixels'"), error);
                assertTrue(r.isNullAt(r.fieldIndex("scores")));
            } else {
                assertNull(error, "row " + id);
                goodRows.add(r);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            good.add(rows.get(i));
        }
        assertEquals(23, goodRows.size());
        assertMnistSubset(good, goodRows);
        assertEquals(2, t.metrics().failedRows());
    }

    private static void assertMnistSubset(List<float[]> rows, List<Row> out) {
        try (SparkTests.Reference ref = new SparkTests.Reference(mnist, "serving_default")) {
            for (Row r : out) {
                float[] expected = ref.run(Map.of("dense_input", NdArray.of(rows.get(r.getInt(0)), 1, 784)))
                        .get("activation_2")
                        .floats();
                assertArrayEquals(expected, SparkTests.unboxed(r.getList(r.fieldIndex("scores"))));
            }
        }
    }

    @Test
    void emptyPartitionsAndEmptyDatasets() {
        List<float[]> rows = SparkTests.floats(3, 784, 6);
        assertMnist(rows, mnistTransformer().transform(pixels(rows, 9)).collectAsList(), "scores");
        assertEquals(0, mnistTransformer().transform(pixels(List.of(), 4)).count());
    }

    @Test
    void transformSchemaRejectsColumnsBeforeAnyJob() {
        StructType doubles = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> mnistTransformer().transformSchema(doubles));
        assertTrue(e.getMessage().contains("column 'pixels' is array<double>"), e.getMessage());
        assertTrue(e.getMessage().contains("array<float>") && e.getMessage().contains("[784]"), e.getMessage());

        e = assertThrows(
                IllegalArgumentException.class,
                () -> mnistTransformer().setInputCols("nope").transformSchema(PIXELS));
        assertTrue(e.getMessage().contains("column 'nope'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> mnistTransformer().setInputCols("pixels", "id").transformSchema(PIXELS));
        assertTrue(e.getMessage().contains("has 2 columns"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> mnistTransformer().setOutputCols("id").transformSchema(PIXELS));
        assertTrue(e.getMessage().contains("'id' already exists"), e.getMessage());
        // transform() checks too, so a bad column fails before the Dataset exists, let alone a job.
        Dataset<Row> df = spark.createDataFrame(List.of(), doubles);
        assertThrows(IllegalArgumentException.class, () -> mnistTransformer().transform(df));
    }

    @Test
    void copyKeepsParamsWithNewValues() {
        TfliteTransformer t = mnistTransformer().setBatchSize(8);
        TfliteTransformer c = t.copy(new org.apache.spark.ml.param.ParamMap().put(t.batchSize(), 4));
        assertEquals(t.uid(), c.uid());
        assertEquals(4, (Integer) c.getOrDefault(c.batchSize()));
        assertEquals(8, (Integer) t.getOrDefault(t.batchSize()));
        assertEquals(mnist.toString(), c.getModelPath());
        assertTrue(Arrays.asList(c.params()).contains(c.modelPath()));
        assertEquals(9, c.params().length, Arrays.toString(c.params()));
        assertTrue(c.explainParams().contains("batchSize: rows per invoke"), c.explainParams());
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append(" <- ");
        }
        return b.toString();
    }
}
