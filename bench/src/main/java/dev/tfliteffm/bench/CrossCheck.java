package dev.tfliteffm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every contender once per workload and XNNPACK setting and checks that they compute the same output,
 * and prints a rough per-invoke time of each (not a benchmark: a smoke test before the real runs).
 * Usage: {@code CrossCheck [workload...]} with {@code -Dbench.families=ffm,javacpp,official,compat}.
 */
public final class CrossCheck {

    public static void main(String[] args) throws Exception {
        List<Workload> workloads = new ArrayList<>();
        for (String a : args) {
            workloads.add(Workload.of(a));
        }
        if (workloads.isEmpty()) {
            workloads.addAll(Arrays.asList(Workload.values()));
        }
        List<String> families = List.of(System.getProperty("bench.families", "ffm,javacpp,official,compat")
                .split(","));
        long budget = Long.getLong("bench.crosscheck.millis", 300) * 1_000_000L;
        for (Workload w : workloads) {
            for (boolean xnnpack : new boolean[] {false, true}) {
                float[] reference = null;
                StringBuilder line = new StringBuilder(String.format("%-18s xnnpack=%-5s", w, xnnpack));
                if (families.contains("ffm")) {
                    try (FfmSession s = new FfmSession(w, xnnpack, 1)) {
                        line.append(time("ffm.prepared", s::prepared, budget));
                        reference = s.lastOutput();
                        line.append(time("ffm.run", s::run, budget));
                        line.append(time("ffm.runInto", s::runInto, budget));
                        compare("ffm runInto", reference, s.lastOutput());
                    }
                }
                if (families.contains("javacpp")) {
                    try (JavaCppSession s = new JavaCppSession(w, xnnpack, 1)) {
                        line.append(time("javacpp.tuned", s::tuned, budget));
                        reference = compare("javacpp", reference, s.lastOutput());
                        line.append(time("javacpp.idiomatic", s::idiomatic, budget));
                    }
                }
                if (families.contains("official")) {
                    try (OfficialSession s = new OfficialSession(w, xnnpack, 1)) {
                        line.append(time("official.run", s::run, budget));
                        reference = compare("official", reference, s.lastArrayOutput());
                        if (s.hasSignatures()) {
                            line.append(time("official.runSignature", s::runSignatureArrays, budget));
                            line.append(time("official.runSignatureBuffers", s::runSignatureBuffers, budget));
                            compare("official buffers", reference, s.lastBufferOutput());
                        }
                    } catch (Throwable t) {
                        line.append("  official: FAILED ").append(t);
                    }
                }
                if (families.contains("compat")) {
                    try (ApiSteps s = CompatLoader.open(w, xnnpack, 1)) {
                        line.append(time("compat.run", s::run, budget));
                        reference = compare("compat", reference, s.lastOutput());
                        if (w.signature != null) {
                            line.append(time("compat.runSignature", s::runSignature, budget));
                            compare("compat runSignature", reference, s.lastOutput());
                        }
                    }
                }
                System.out.println(line);
            }
        }
    }

    private static float[] compare(String who, float[] reference, float[] output) {
        if (reference == null) {
            return output;
        }
        double maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(reference[i] - output[i]));
        }
        double scale = 0;
        for (float v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (maxDiff > 1e-3 * Math.max(1, scale) + 1.5) {
            throw new AssertionError(who + " output differs from the first contender's by " + maxDiff);
        }
        return reference;
    }

    private static String time(String name, java.util.function.Supplier<Object> step, long budgetNanos) {
        step.get();
        long start = System.nanoTime();
        long n = 0;
        long now;
        do {
            step.get();
            n++;
            now = System.nanoTime();
        } while (now - start < budgetNanos);
        return String.format("  %s %.2f us", name, (now - start) / 1e3 / n);
    }
}
