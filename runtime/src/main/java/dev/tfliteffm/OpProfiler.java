package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLiteTelemetryProfilerStruct;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-operator timings of every invoke, from TFLite's telemetry profiler
 * ({@code TfLiteInterpreterOptionsSetTelemetryProfiler}): give one to
 * {@link InterpreterOptions.Builder#profiler(OpProfiler)}, run, then read {@link #stats()} — what
 * {@code benchmark_model}'s op profiling shows, and what {@code tflite-ffm bench --profile} prints.
 *
 * <p>TFLite reports the begin and end of each node it runs (a delegate's node counts as one op, e.g.
 * {@code TfLiteXNNPackDelegate}; ops a delegate reports inside it are counted as nested). Profiling costs
 * two upcalls per node per invoke, so leave it off when measuring throughput. One profiler may serve any
 * number of interpreters on any threads; its counters are shared. It lives as long as any interpreter whose
 * options hold it.
 */
public final class OpProfiler {

    // Open events by handle: TFLite pairs each begin with an end, possibly nested (delegate ops).
    private static final int SLOTS = 1 << 12;

    private final MemorySegment struct;
    private final AtomicInteger nextHandle = new AtomicInteger();
    private final long[] startNanos = new long[SLOTS];
    private final Entry[] openEntries = new Entry[SLOTS];
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private OpProfiler() {
        // An automatic arena: the struct and its upcall stubs live while this object is reachable, and the
        // options (so every interpreter made with them) hold it.
        Arena arena = Arena.ofAuto();
        struct = TfLiteTelemetryProfilerStruct.allocate(arena);
        TfLiteTelemetryProfilerStruct.ReportTelemetryEvent(
                struct, TfLiteTelemetryProfilerStruct.ReportTelemetryEvent.allocate((p, name, status) -> {}, arena));
        TfLiteTelemetryProfilerStruct.ReportTelemetryOpEvent(
                struct,
                TfLiteTelemetryProfilerStruct.ReportTelemetryOpEvent.allocate(
                        (p, name, op, subgraph, status) -> {}, arena));
        TfLiteTelemetryProfilerStruct.ReportSettings(
                struct, TfLiteTelemetryProfilerStruct.ReportSettings.allocate((p, name, settings) -> {}, arena));
        TfLiteTelemetryProfilerStruct.ReportBeginOpInvokeEvent(
                struct, TfLiteTelemetryProfilerStruct.ReportBeginOpInvokeEvent.allocate(this::begin, arena));
        TfLiteTelemetryProfilerStruct.ReportEndOpInvokeEvent(
                struct, TfLiteTelemetryProfilerStruct.ReportEndOpInvokeEvent.allocate(this::end, arena));
        TfLiteTelemetryProfilerStruct.ReportOpInvokeEvent(
                struct, TfLiteTelemetryProfilerStruct.ReportOpInvokeEvent.allocate(this::elapsed, arena));
    }

    /** A profiler with no events yet. */
    public static OpProfiler create() {
        return new OpProfiler();
    }

    /** The {@code TfLiteTelemetryProfilerStruct} to hand to TFLite. */
    MemorySegment struct() {
        return struct;
    }

    // Upcalls: TFLite calls them on the invoking thread. An exception escaping an upcall would kill the JVM,
    // so none may throw.

    private int begin(MemorySegment profiler, MemorySegment opName, long node, long subgraph) {
        try {
            int handle = nextHandle.getAndIncrement();
            int slot = handle & (SLOTS - 1);
            int[] d = depth.get();
            openEntries[slot] = entry(opName, node, subgraph, d[0]);
            d[0]++;
            startNanos[slot] = System.nanoTime();
            return handle;
        } catch (Throwable t) {
            return 0;
        }
    }

    private void end(MemorySegment profiler, int handle) {
        try {
            long now = System.nanoTime();
            int slot = handle & (SLOTS - 1);
            Entry e = openEntries[slot];
            depth.get()[0]--;
            if (e != null) {
                e.record(now - startNanos[slot]);
                openEntries[slot] = null;
            }
        } catch (Throwable ignored) {
            // Nothing to report to: a lost sample is better than a dead JVM.
        }
    }

    private void elapsed(MemorySegment profiler, MemorySegment opName, long micros, long node, long subgraph) {
        try {
            entry(opName, node, subgraph, depth.get()[0]).record(micros * 1000);
        } catch (Throwable ignored) {
            // As in end().
        }
    }

    private Entry entry(MemorySegment opName, long node, long subgraph, int nesting) {
        long key = (subgraph << 40) ^ (node << 8) ^ Math.min(nesting, 255);
        Entry e = entries.get(key);
        if (e == null) {
            String name = names.computeIfAbsent(
                    opName.address(),
                    a -> opName.equals(MemorySegment.NULL)
                            ? "?"
                            : opName.reinterpret(1024).getString(0));
            e = entries.computeIfAbsent(key, k -> new Entry(name, (int) subgraph, (int) node, nesting));
        }
        return e;
    }

    /**
     * The timings so far, one per (subgraph, node) and nesting level, most expensive first.
     *
     * @return a snapshot; later invokes do not change it
     */
    public List<OpStats> stats() {
        List<OpStats> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(new OpStats(e.name, e.subgraph, e.node, e.nesting, e.count.sum(), e.nanos.sum()));
        }
        out.sort(Comparator.comparingLong(OpStats::totalNanos).reversed());
        return out;
    }

    /** Forgets every timing (e.g. after warm-up). Not to be called while an invoke runs. */
    public void reset() {
        entries.clear();
    }

    /** One node's accumulated timings. */
    private static final class Entry {
        final String name;
        final int subgraph;
        final int node;
        final int nesting;
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        Entry(String name, int subgraph, int node, int nesting) {
            this.name = name;
            this.subgraph = subgraph;
            this.node = node;
            this.nesting = nesting;
        }

        void record(long elapsedNanos) {
            count.increment();
            nanos.add(elapsedNanos);
        }
    }

    /**
     * The timings of one node.
     *
     * @param op         the operator's name as TFLite reports it (e.g. {@code FULLY_CONNECTED},
     *                   {@code TfLiteXNNPackDelegate})
     * @param subgraph   the subgraph index
     * @param node       the node (operator) index in its subgraph
     * @param nesting    0 for a node of the graph, 1 and more for ops a delegate reports inside its node
     * @param count      how many times it ran
     * @param totalNanos the time it took in all, in nanoseconds
     */
    public record OpStats(String op, int subgraph, int node, int nesting, long count, long totalNanos) {

        /** The mean time per run, in nanoseconds; 0 if it never ran. */
        public double meanNanos() {
            return count == 0 ? 0 : (double) totalNanos / count;
        }
    }
}
