package dev.tfliteffm.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that runs one signature of a TensorFlow Lite model over a Dataset: each row's
 * input columns go to the signature's inputs, and its outputs come back as new columns.
 *
 * <pre>{@code
 * TfliteTransformer t = new TfliteTransformer()
 *         .setModelPath("hdfs:///models/mnist.tflite")   // or a local path, or a file shipped with addFile
 *         .setSignature("serving_default")
 *         .setInputCols("pixels").setOutputCols("scores")
 *         .setBatchSize(32);                             // packs rows along the batch dimension
 * Dataset<Row> scored = t.transform(images);
 * }</pre>
 *
 * <p><b>Columns.</b> Input and output columns map to the signature's inputs and outputs in order (by default,
 * columns named as they are). When every input's shape starts with a batch dimension ({@code [-1, 784]} or
 * {@code [1, 1]}), each row is one example: its values leave that dimension out ({@code array<float>} of 784),
 * and so do outputs ({@code [1, 10]} gives {@code array<float>} of 10). Otherwise a row holds whole tensors.
 * A value of rank r is r nested arrays of the matching element type (float, double, int, bigint, smallint,
 * tinyint, boolean, string); any fixed-size type also takes binary (raw bytes, native order), and rank-1 float
 * or double inputs take ML vectors. Outputs of types Spark lacks (uint8, float16, ...) come back as binary.
 *
 * <p><b>Errors.</b> {@link #transformSchema} (called by {@code transform}) checks the columns against the
 * signature before any job runs: {@link IllegalArgumentException} naming the column and the expected type and
 * shape. A row whose value is null, or of the wrong shape or type, fails its task with an
 * {@code IllegalArgumentException} naming the column and the expected shape; with {@link #setErrorCol} it gets
 * null outputs and the message in that column instead.
 *
 * <p><b>Executors.</b> Each executor JVM maps the model once and keeps one interpreter pool for it (interpreters
 * = the executor's cores unless {@link #setThreadsPerExecutor} says otherwise, XNNPACK's packed weights shared),
 * created on first use, reused by every task, closed at JVM exit. Rows and rows per second per executor are
 * in {@link #metrics()} after an action.
 */
public final class TfliteTransformer extends Transformer {

    private static final long serialVersionUID = 1L;

    private final String uid;

    private final Param<String> modelPath;

    private final Param<String> signature;

    private final StringArrayParam inputCols;

    private final StringArrayParam outputCols;

    private final IntParam batchSize;

    private final IntParam threadsPerExecutor;

    private final IntParam interpreterThreads;

    private final BooleanParam xnnpack;

    private final Param<String> errorCol;

    private transient volatile TfliteMetrics lastMetrics;

    // Spark ML finds a stage's params through its public no-argument methods returning Param (see params()).

    /** A transformer with a random uid. */
    public TfliteTransformer() {
        this(Identifiable$.MODULE$.randomUID("tfliteTransformer"));
    }

    /** A transformer with the given uid (Spark's {@code copy} calls this). */
    public TfliteTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the .tflite model: local path, addFile name or Hadoop URI");
        signature = new Param<>(this, "signature", "the signature key; empty for the first signature");
        inputCols = new StringArrayParam(this, "inputCols", "columns for the signature's inputs, in order");
        outputCols = new StringArrayParam(this, "outputCols", "columns for the signature's outputs, in order");
        batchSize = new IntParam(this, "batchSize", "rows per invoke (packing)", ParamValidators.gtEq(1));
        threadsPerExecutor = new IntParam(
                this, "threadsPerExecutor", "interpreters per executor; 0: its cores", ParamValidators.gtEq(0));
        interpreterThreads =
                new IntParam(this, "interpreterThreads", "TFLite threads per interpreter", ParamValidators.gtEq(1));
        xnnpack = new BooleanParam(this, "xnnpack", "whether to use the XNNPACK delegate");
        errorCol = new Param<>(this, "errorCol", "column for row errors; empty to fail the task");
        setDefault(signature, "");
        setDefault(inputCols, new String[0]);
        setDefault(outputCols, new String[0]);
        setDefault(batchSize, 1);
        setDefault(threadsPerExecutor, 0);
        setDefault(interpreterThreads, 1);
        setDefault(xnnpack, true);
        setDefault(errorCol, "");
    }

    /** The model: a path on every node, a file shipped with {@code addFile}, or an hdfs/s3a/file URI. */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The signature key; empty for the model's first signature. */
    public Param<String> signature() {
        return signature;
    }

    /** The columns feeding the signature's inputs, in its order; empty for columns named as the inputs. */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The columns for the signature's outputs, in its order; empty for columns named as the outputs. */
    public StringArrayParam outputCols() {
        return outputCols;
    }

    /** Rows packed into one invoke along a dynamic batch dimension (1: no packing). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** Interpreters in each executor's pool; 0 for the executor's cores. */
    public IntParam threadsPerExecutor() {
        return threadsPerExecutor;
    }

    /** TFLite threads inside each interpreter. */
    public IntParam interpreterThreads() {
        return interpreterThreads;
    }

    /** Whether interpreters use the XNNPACK delegate. */
    public BooleanParam xnnpack() {
        return xnnpack;
    }

    /** A column for each row's error message (null outputs then); empty to fail the task on a bad row. */
    public Param<String> errorCol() {
        return errorCol;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Sets {@link #modelPath()}. */
    public TfliteTransformer setModelPath(String value) {
        return (TfliteTransformer) set(modelPath, value);
    }

    /** Sets {@link #signature()}. */
    public TfliteTransformer setSignature(String value) {
        return (TfliteTransformer) set(signature, value);
    }

    /** Sets {@link #inputCols()}. */
    public TfliteTransformer setInputCols(String... value) {
        return (TfliteTransformer) set(inputCols, value);
    }

    /** Sets {@link #outputCols()}. */
    public TfliteTransformer setOutputCols(String... value) {
        return (TfliteTransformer) set(outputCols, value);
    }

    /** Sets {@link #batchSize()}. */
    public TfliteTransformer setBatchSize(int value) {
        return (TfliteTransformer) set(batchSize, value);
    }

    /** Sets {@link #threadsPerExecutor()}. */
    public TfliteTransformer setThreadsPerExecutor(int value) {
        return (TfliteTransformer) set(threadsPerExecutor, value);
    }

    /** Sets {@link #interpreterThreads()}. */
    public TfliteTransformer setInterpreterThreads(int value) {
        return (TfliteTransformer) set(interpreterThreads, value);
    }

    /** Sets {@link #xnnpack()}. */
    public TfliteTransformer setXnnpack(boolean value) {
        return (TfliteTransformer) set(xnnpack, value);
    }

    /** Sets {@link #errorCol()}. */
    public TfliteTransformer setErrorCol(String value) {
        return (TfliteTransformer) set(errorCol, value);
    }

    /** The model location. */
    public String getModelPath() {
        return getOrDefault(modelPath);
    }

    /** The signature key, empty for the first. */
    public String getSignature() {
        return getOrDefault(signature);
    }

    /** The metrics of the last {@link #transform}'s jobs, or {@code null} before any transform. */
    public TfliteMetrics metrics() {
        return lastMetrics;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        TfliteMapPartitions fn = partitionFunction(dataset.schema(), dataset.sparkSession());
        lastMetrics = fn.metrics();
        return dataset.toDF().mapPartitions(fn, fn.encoder());
    }

    /**
     * The function {@link #transform} runs, for {@code Dataset.mapPartitions} over rows of {@code schema}.
     *
     * @throws IllegalArgumentException if the columns do not fit the signature
     */
    public TfliteMapPartitions partitionFunction(StructType schema, SparkSession spark) {
        Plan plan = plan(schema);
        int[] indexes =
                Arrays.stream(plan.inputCols).mapToInt(schema::fieldIndex).toArray();
        return new TfliteMapPartitions(
                getModelPath(),
                plan.info,
                plan.inputCols,
                indexes,
                (Integer) getOrDefault(batchSize),
                (Integer) getOrDefault(threadsPerExecutor),
                (Integer) getOrDefault(interpreterThreads),
                (Boolean) getOrDefault(xnnpack),
                !getOrDefault(errorCol).isEmpty(),
                plan.output,
                new TfliteMetrics(spark.sparkContext()));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return plan(schema).output;
    }

    @Override
    public TfliteTransformer copy(ParamMap extra) {
        return (TfliteTransformer) defaultCopy(extra);
    }

    private record Plan(SignatureInfo info, String[] inputCols, StructType output) {}

    /** Checks {@code schema} against the signature and works out the output schema. */
    private Plan plan(StructType schema) {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("modelPath is not set");
        }
        SignatureInfo info = SignatureInfo.read(ModelFiles.resolve(getModelPath()), getSignature());
        boolean examples = info.rowsAreExamples();
        String[] in = columns(getOrDefault(inputCols), info.inputs(), "inputCols", "inputs", info.key());
        String[] out = columns(getOrDefault(outputCols), info.outputs(), "outputCols", "outputs", info.key());
        List<String> names = Arrays.asList(schema.fieldNames());
        for (int i = 0; i < in.length; i++) {
            TensorSpec t = info.inputs().get(i);
            int rank = t.rowShape(examples).length;
            String shape = TensorSpec.describe(t.rowShape(examples));
            if (!names.contains(in[i])) {
                throw new IllegalArgumentException("column '" + in[i] + "' (for input '" + t.name() + "', "
                        + ColumnTypes.expected(t.dataType(), rank) + " of shape " + shape + ") is not in "
                        + names);
            }
            org.apache.spark.sql.types.DataType actual = schema.apply(in[i]).dataType();
            if (!ColumnTypes.accepts(actual, t.dataType(), rank)) {
                throw new IllegalArgumentException("column '" + in[i] + "' is " + actual.simpleString() + "; input '"
                        + t.name() + "' of signature '" + info.key() + "' expects "
                        + ColumnTypes.expected(t.dataType(), rank) + " of shape " + shape);
            }
        }
        boolean errors = !getOrDefault(errorCol).isEmpty();
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        List<String> added = new ArrayList<>(Arrays.asList(out));
        if (errors) {
            added.add(getOrDefault(errorCol));
        }
        for (String name : added) {
            if (names.contains(name) || added.indexOf(name) != added.lastIndexOf(name)) {
                throw new IllegalArgumentException("output column '" + name + "' already exists in " + names);
            }
        }
        for (int i = 0; i < out.length; i++) {
            TensorSpec t = info.outputs().get(i);
            int[] s = t.shapeSignature();
            boolean strips = examples && s.length >= 1 && (s[0] == -1 || s[0] == 1);
            int rank = strips ? s.length - 1 : s.length;
            fields.add(DataTypes.createStructField(out[i], ColumnTypes.column(t.dataType(), rank), errors));
        }
        if (errors) {
            fields.add(DataTypes.createStructField(getOrDefault(errorCol), DataTypes.StringType, true));
        }
        return new Plan(info, in, DataTypes.createStructType(fields));
    }

    private static String[] columns(String[] set, List<TensorSpec> tensors, String param, String what, String key) {
        if (set.length == 0) {
            return tensors.stream().map(TensorSpec::name).toArray(String[]::new);
        }
        if (set.length != tensors.size()) {
            throw new IllegalArgumentException(param + " " + Arrays.toString(set) + " has " + set.length
                    + " columns; signature '" + key + "' has " + tensors.size() + " " + what + " " + tensors);
        }
        return set.clone();
    }
}
