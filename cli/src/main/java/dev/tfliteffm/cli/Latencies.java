package dev.tfliteffm.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invoke latencies of one benchmark run, in nanoseconds: recorded into a growing array by one thread, merged
 * across threads, then summarised as {@code benchmark_model} does (mean, min, percentiles, max).
 */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    /** Records one latency; not thread-safe (one instance per worker). */
    void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    /** How many latencies were recorded. */
    int count() {
        return count;
    }

    /** All of {@code parts} in one. */
    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.count; i++) {
                all.add(p.nanos[i]);
            }
        }
        return all;
    }

    /** Mean, min, p50, p90, p99, max in microseconds (nearest-rank percentiles); empty when none. */
    Map<String, Double> summaryMicros() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (count == 0) {
            return out;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        out.put("mean", sum / count / 1e3);
        out.put("min", sorted[0] / 1e3);
        out.put("p50", percentile(sorted, 50) / 1e3);
        out.put("p90", percentile(sorted, 90) / 1e3);
        out.put("p99", percentile(sorted, 99) / 1e3);
        out.put("max", sorted[count - 1] / 1e3);
        return out;
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
