package dev.tfliteffm.spark;

import java.io.Serializable;

/**
 * What one partition did, sent to the driver through an accumulator.
 *
 * @param executorId the executor that ran it ({@code driver} in local mode)
 * @param rows the rows it produced, failed ones included
 * @param failedRows the rows that failed (error column mode)
 * @param startNanos {@link System#nanoTime()} on the executor when its first row was read
 * @param endNanos {@link System#nanoTime()} on the executor after its last row
 */
public record PartitionStats(String executorId, long rows, long failedRows, long startNanos, long endNanos)
        implements Serializable {}
