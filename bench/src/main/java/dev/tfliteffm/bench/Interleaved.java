package dev.tfliteffm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A/B/C timing for a noisy, shared machine, complementing JMH: the official API (2.6.2, JNI), the same calls on this
 * runtime (compat), the runtime's {@code run(Map)}, {@code run(Map, Map)} and its prepared path (the floor) live in one
 * JVM and take turns in short slices, round after round, so that load that comes and goes hits them alike. Reports
 * each contender's median time per step and the median of the per-round ratios (compat ÷ official, compat ÷
 * run(Map), run(Map) and run(Map, Map) ÷ prepared) with their quartiles. Not a replacement for JMH (one JVM, no
 * forks), a check of it.
 *
 * <p>Usage: {@code Interleaved [workload...]} (default hello_world mnist_dense), {@code -Dbench.rounds=21},
 * {@code -Dbench.slice.millis=150}, {@code -Dbench.xnnpack=off,on}.
 */
public final class Interleaved {

    private Interleaved() {}

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? List.of("hello_world", "mnist_dense") : List.of(args);
        int rounds = Integer.getInteger("bench.rounds", 21);
        long slice = Long.getLong("bench.slice.millis", 150) * 1_000_000L;
        String[] xnnpackSettings = System.getProperty("bench.xnnpack", "off,on").split(",");
        OfficialSession.loadNativeLibrary();
        System.out.printf(
                "%-12s %-4s %-22s %12s   %s%n", "workload", "xnn", "contender", "median/step", "ratio per round");
        for (String name : names) {
            Workload w = Workload.of(name);
            for (String x : xnnpackSettings) {
                boolean xnnpack = "on".equals(x);
                try (OfficialSession official = new OfficialSession(w, xnnpack, 1);
                        ApiSteps compat = CompatLoader.open(w, xnnpack, 1);
                        FfmSession ffm = new FfmSession(w, xnnpack, 1)) {
                    Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
                    steps.put("ffm.prepared", ffm::prepared); // the floor: copies and invoke, nothing else
                    steps.put("official.run", official::run);
                    steps.put("compat.run", compat::run);
                    if (w.signature != null) {
                        steps.put("official.runSignature", official::runSignatureArrays);
                        steps.put("compat.runSignature", compat::runSignature);
                        steps.put("ffm.runMap", ffm::run);
                        steps.put("ffm.runInto", ffm::runInto);
                    }
                    report(w, x, measure(steps, rounds, slice));
                }
            }
        }
    }

    /** Each contender's time per step (ns) in each round, in rotating order after a warm-up. */
    private static Map<String, double[]> measure(Map<String, Supplier<Object>> steps, int rounds, long slice) {
        List<String> order = new ArrayList<>(steps.keySet());
        for (String c : order) {
            timeSlice(steps.get(c), 1_000_000_000L); // JIT warm-up
        }
        Map<String, double[]> perRound = new LinkedHashMap<>();
        for (String c : order) {
            perRound.put(c, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < order.size(); k++) {
                String c = order.get((r + k) % order.size());
                perRound.get(c)[r] = timeSlice(steps.get(c), slice);
            }
        }
        return perRound;
    }

    /** Runs {@code step} for about {@code nanos}; the mean time per step. */
    private static double timeSlice(Supplier<Object> step, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long now;
        Object sink = null;
        do {
            for (int i = 0; i < 16; i++) {
                sink = step.get();
            }
            n += 16;
            now = System.nanoTime();
        } while (now < end);
        if (sink == null) {
            throw new IllegalStateException("no output");
        }
        return (now - start) / (double) n;
    }

    private static void report(Workload w, String x, Map<String, double[]> perRound) {
        for (Map.Entry<String, double[]> e : perRound.entrySet()) {
            String c = e.getKey();
            String ratio = "";
            if (c.startsWith("ffm.run")) {
                ratio = ratios("ffm.prepared", e.getValue(), perRound);
            }
            if (c.startsWith("compat.")) {
                String kind = c.substring("compat.".length());
                ratio = ratios("official." + kind, e.getValue(), perRound);
                if (kind.equals("runSignature")) {
                    ratio += "; " + ratios("ffm.runMap", e.getValue(), perRound);
                }
            }
            System.out.printf(Locale.ROOT, "%-12s %-4s %-22s %12s   %s%n", w, x, c, time(median(e.getValue())), ratio);
        }
    }

    private static String ratios(String against, double[] compat, Map<String, double[]> perRound) {
        double[] other = perRound.get(against);
        double[] r = new double[compat.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = compat[i] / other[i];
        }
        Arrays.sort(r);
        return String.format(
                Locale.ROOT,
                "÷ %s %.2f× (quartiles %.2f–%.2f)",
                against,
                r[r.length / 2],
                r[r.length / 4],
                r[(3 * r.length) / 4]);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String time(double nanos) {
        return nanos < 10_000
                ? String.format(Locale.ROOT, "%.3f µs", nanos / 1000)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1000);
    }
}
