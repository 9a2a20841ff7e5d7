package dev.tfliteffm.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Rows and rows per second of the jobs that ran a transform, gathered with Spark accumulators: readable on the
 * driver once an action has run (accumulators count retried tasks again, as Spark's own do).
 */
public final class TfliteMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator rows;
    private final LongAccumulator failedRows;
    private final CollectionAccumulator<PartitionStats> partitions;

    TfliteMetrics(SparkContext sc) {
        this.rows = sc.longAccumulator("tflite-ffm rows");
        this.failedRows = sc.longAccumulator("tflite-ffm failed rows");
        this.partitions = sc.collectionAccumulator("tflite-ffm partitions");
    }

    void add(PartitionStats stats) {
        rows.add(stats.rows());
        failedRows.add(stats.failedRows());
        partitions.add(stats);
    }

    /** Rows produced so far (failed ones included). */
    public long rows() {
        return rows.value();
    }

    /** Rows that failed and went to the error column. */
    public long failedRows() {
        return failedRows.value();
    }

    /** Each finished partition's figures. */
    public List<PartitionStats> partitions() {
        return List.copyOf(partitions.value());
    }

    /**
     * Rows per second of each executor: its rows over the time from its first partition's start to its last
     * partition's end (partitions running at the same time count once).
     */
    public Map<String, Double> rowsPerSecondByExecutor() {
        Map<String, long[]> spans = new TreeMap<>();
        for (PartitionStats p : partitions()) {
            long[] s = spans.computeIfAbsent(p.executorId(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            s[0] = Math.min(s[0], p.startNanos());
            s[1] = Math.max(s[1], p.endNanos());
            s[2] += p.rows();
        }
        Map<String, Double> out = new TreeMap<>();
        spans.forEach((id, s) -> out.put(id, s[2] / Math.max(1e-9, (s[1] - s[0]) / 1e9)));
        return out;
    }

    @Override
    public String toString() {
        return "TfliteMetrics[rows=" + rows() + ", failed=" + failedRows() + ", rows/s by executor="
                + rowsPerSecondByExecutor() + "]";
    }
}
