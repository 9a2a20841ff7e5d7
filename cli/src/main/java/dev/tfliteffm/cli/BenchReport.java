package dev.tfliteffm.cli;

import dev.tfliteffm.OpProfiler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text form of {@code bench}'s report, and its per-operator profile. */
final class BenchReport {

    private BenchReport() {}

    /** Each operator's timings, with its share of the graph's time (nested delegate ops: share of none). */
    static List<Map<String, Object>> profile(List<OpProfiler.OpStats> stats) {
        long graph = stats.stream()
                .filter(s -> s.nesting() == 0)
                .mapToLong(OpProfiler.OpStats::totalNanos)
                .sum();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OpProfiler.OpStats s : stats) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", s.op());
            row.put("subgraph", s.subgraph());
            row.put("node", s.node());
            row.put("nesting", s.nesting());
            row.put("count", s.count());
            row.put("totalMs", s.totalNanos() / 1e6);
            row.put("meanUs", s.meanNanos() / 1e3);
            row.put("share", s.nesting() == 0 && graph > 0 ? (double) s.totalNanos() / graph : null);
            rows.add(row);
        }
        return rows;
    }

    /** Prints {@code report} (as {@code BenchCommand} builds it) for a person. */
    @SuppressWarnings("unchecked")
    static void print(PrintStream out, Map<String, Object> report) {
        out.printf(
                Locale.ROOT,
                "model: %s, signature: %s%ninterpreters: %d, threads: %d, XNNPACK: %s, batch: %s%n",
                report.get("model"),
                report.get("signature"),
                (Integer) report.get("interpreters"),
                (Integer) report.get("threads"),
                (Boolean) report.get("xnnpack") ? "on" : "off",
                report.get("batch") == null ? "-" : report.get("batch") + " items per invoke");
        out.printf(
                Locale.ROOT,
                "initialisation: %.1f ms (model %.1f ms, interpreters and allocation %.1f ms)%n",
                (Double) report.get("initMs"),
                (Double) report.get("modelLoadMs"),
                (Double) report.get("initMs") - (Double) report.get("modelLoadMs"));
        out.printf(Locale.ROOT, "first invoke: %.3f ms%n", (Double) report.get("firstInvokeMs"));
        out.printf(
                Locale.ROOT,
                "measured: %d invokes in %.3f s, after %d warm-up invokes per interpreter%n",
                (Integer) report.get("invokes"),
                (Double) report.get("seconds"),
                (Integer) report.get("warmup"));
        Map<String, Double> latency = (Map<String, Double>) report.get("latencyUs");
        StringBuilder line = new StringBuilder("latency (µs):");
        latency.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.2f", k, v)));
        out.println(line);
        out.printf(
                Locale.ROOT,
                "throughput: %.1f items/s (%.1f invokes/s)%n",
                (Double) report.get("itemsPerSecond"),
                (Double) report.get("invokesPerSecond"));
        List<Map<String, Object>> profile = (List<Map<String, Object>>) report.get("profile");
        if (profile != null) {
            out.printf(
                    Locale.ROOT,
                    "%n%-28s %8s %5s %9s %11s %10s %7s%n",
                    "operator",
                    "subgraph",
                    "node",
                    "count",
                    "total ms",
                    "mean µs",
                    "share");
            for (Map<String, Object> row : profile) {
                int nesting = (Integer) row.get("nesting");
                Double share = (Double) row.get("share");
                out.printf(
                        Locale.ROOT,
                        "%-28s %8d %5d %9d %11.3f %10.2f %7s%n",
                        "  ".repeat(nesting) + row.get("op"),
                        (Integer) row.get("subgraph"),
                        (Integer) row.get("node"),
                        (Long) row.get("count"),
                        (Double) row.get("totalMs"),
                        (Double) row.get("meanUs"),
                        share == null ? "" : String.format(Locale.ROOT, "%.1f%%", share * 100));
            }
        }
    }
}
