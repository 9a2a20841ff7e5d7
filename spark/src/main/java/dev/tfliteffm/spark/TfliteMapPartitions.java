package dev.tfliteffm.spark;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.NdArray;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The function behind {@link TfliteTransformer#transform}, for {@code Dataset.mapPartitions} users: each output
 * row is the input row followed by the signature's outputs (and the error column, if set).
 *
 * <pre>{@code
 * TfliteMapPartitions fn = transformer.partitionFunction(df.schema(), spark);
 * Dataset<Row> scored = df.mapPartitions(fn, fn.encoder());
 * }</pre>
 *
 * <p>On an executor, a partition borrows from the executor's one pool (see {@link TfliteTransformer}) and
 * streams its rows through a {@link BatchRunner} in chunks of a few packs: rows are read and converted on the
 * task's thread (Spark's input iterators belong to it), and memory stays bounded by one chunk.
 */
public final class TfliteMapPartitions implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String modelLocation;
    private final SignatureInfo signature;
    private final String[] inputCols;
    private final int[] inputIndexes;
    private final int pack;
    private final int interpreters;
    private final int threads;
    private final boolean xnnpack;
    private final boolean errorMode;
    private final StructType outputSchema;
    private final TfliteMetrics metrics;

    TfliteMapPartitions(
            String modelLocation,
            SignatureInfo signature,
            String[] inputCols,
            int[] inputIndexes,
            int batchSize,
            int interpreters,
            int threads,
            boolean xnnpack,
            boolean errorMode,
            StructType outputSchema,
            TfliteMetrics metrics) {
        this.modelLocation = modelLocation;
        this.signature = signature;
        this.inputCols = inputCols.clone();
        this.inputIndexes = inputIndexes.clone();
        this.pack = batchSize > 1 && signature.packable() ? batchSize : 1;
        this.interpreters = interpreters;
        this.threads = threads;
        this.xnnpack = xnnpack;
        this.errorMode = errorMode;
        this.outputSchema = outputSchema;
        this.metrics = metrics;
    }

    /** The schema of the rows this function returns. */
    public StructType outputSchema() {
        return outputSchema;
    }

    /** The encoder to pass to {@code mapPartitions} with this function. */
    public Encoder<Row> encoder() {
        return Encoders.row(outputSchema);
    }

    /** The rows and rows per second of the jobs that ran this function. */
    public TfliteMetrics metrics() {
        return metrics;
    }

    /** The items packed into one invoke: the batch size where the signature allows packing, else 1. */
    public int pack() {
        return pack;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        if (!input.hasNext()) {
            return Collections.emptyIterator(); // an empty partition builds no pool
        }
        return new Rows(input);
    }

    /** The rows of one partition, produced a chunk at a time. */
    private final class Rows implements Iterator<Row> {

        private final Iterator<Row> input;
        private final BatchRunner<Map<String, ?>, Map<String, NdArray>> runner;
        private final int chunk;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private final long start = System.nanoTime();
        private long rows;
        private long failed;
        private boolean reported;

        Rows(Iterator<Row> input) {
            this.input = input;
            Path model = ModelFiles.resolve(modelLocation);
            int cores = ExecutorPools.executorCores();
            int size = interpreters > 0 ? interpreters : cores;
            // Each task is one core; interpreters beyond the cores go to the tasks as extra workers.
            int workers = Math.max(1, size / cores);
            this.runner = ExecutorPools.runner(
                    new ExecutorPools.Key(model, size, threads, xnnpack), signature.key(), pack, workers);
            // Each chunk starts a batch job (worker threads): a few hundred rows amortize that, memory stays small.
            this.chunk = Math.max(512, 8 * pack * workers);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && input.hasNext()) {
                runChunk();
            }
            if (ready.isEmpty() && !reported) {
                reported = true;
                String executor = SparkEnv.get() != null ? SparkEnv.get().executorId() : "local";
                metrics.add(new PartitionStats(executor, rows, failed, start, System.nanoTime()));
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void runChunk() {
            List<Row> in = new ArrayList<>(chunk);
            List<Map<String, ?>> items = new ArrayList<>(chunk);
            List<String> errors = new ArrayList<>(chunk);
            while (in.size() < chunk && input.hasNext()) {
                Row row = input.next();
                in.add(row);
                try {
                    items.add(item(row));
                    errors.add(null);
                } catch (IllegalArgumentException e) {
                    if (!errorMode) {
                        throw e;
                    }
                    errors.add(e.getMessage());
                }
            }
            List<ItemResult<Map<String, NdArray>>> results = items.isEmpty() ? List.of() : runner.runAll(items);
            int next = 0;
            for (int i = 0; i < in.size(); i++) {
                String error = errors.get(i);
                Map<String, NdArray> outputs = null;
                if (error == null) {
                    ItemResult<Map<String, NdArray>> r = results.get(next++);
                    if (r.succeeded()) {
                        outputs = r.value();
                    } else if (errorMode) {
                        error = describe(r.error());
                    } else {
                        throw rethrow(r.error());
                    }
                }
                ready.add(output(in.get(i), outputs, error));
            }
            rows += in.size();
        }

        private Map<String, ?> item(Row row) {
            boolean examples = signature.rowsAreExamples();
            Map<String, Object> item = new HashMap<>(inputIndexes.length * 2);
            for (int i = 0; i < inputIndexes.length; i++) {
                TensorSpec spec = signature.inputs().get(i);
                item.put(spec.name(), InputValues.toArray(row.get(inputIndexes[i]), inputCols[i], spec, examples));
            }
            return item;
        }

        private Row output(Row row, Map<String, NdArray> outputs, String error) {
            int n = row.size();
            int outs = signature.outputs().size();
            Object[] values = new Object[n + outs + (errorMode ? 1 : 0)];
            for (int j = 0; j < n; j++) {
                values[j] = row.get(j);
            }
            if (outputs != null) {
                for (int k = 0; k < outs; k++) {
                    TensorSpec out = signature.outputs().get(k);
                    values[n + k] = OutputValues.toColumn(outputs.get(out.name()), stripsBatch(out));
                }
            } else {
                failed++;
            }
            if (errorMode) {
                values[n + outs] = error;
            }
            return RowFactory.create(values);
        }
    }

    /** Whether an output's column leaves out its batch dimension (rows are examples and it has one). */
    boolean stripsBatch(TensorSpec output) {
        int[] s = output.shapeSignature();
        return signature.rowsAreExamples() && s.length >= 1 && (s[0] == -1 || s[0] == 1);
    }

    private String describe(Throwable e) {
        return "inputs " + List.of(inputCols) + " → " + signature.key() + ": " + e;
    }

    private RuntimeException rethrow(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return new IllegalArgumentException(describe(e), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(describe(e), e);
    }
}
