package dev.tfliteffm.tests.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs fuzz cases in batches of child JVMs and collects a {@link FuzzReport}. When a child dies, the case it was
 * running is run again alone; if it does not crash alone, the cases before it in its batch are bisected for the one
 * that set it up (heap corruption shows up later). Crashing cases are saved as reproducers, with a text file saying
 * what was mutated and how the child died.
 */
final class FuzzRunner {

    private final FuzzConfig config;
    private final FuzzCases cases;
    private final PrintStream log;
    private final FuzzReport report = new FuzzReport();
    private final ChildBatch child;

    FuzzRunner(FuzzConfig config, FuzzCases cases, PrintStream log) {
        this.config = config;
        this.cases = cases;
        this.log = log;
        this.child = new ChildBatch(config);
    }

    /** Runs cases {@code from} to {@code from + count - 1}. */
    FuzzReport run(long from, long count) throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        List<List<Long>> batches = new ArrayList<>();
        for (long start = from; start < from + count; start += config.batchSize()) {
            List<Long> batch = new ArrayList<>();
            for (long i = start; i < Math.min(from + count, start + config.batchSize()); i++) {
                batch.add(i);
            }
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(config.parallel());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Long> batch : batches) {
                futures.add(pool.submit(() -> {
                    runBatch(batch);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fuzz batch failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private void runBatch(List<Long> indices) throws IOException, InterruptedException {
        Map<Long, Mutant> mutants = new HashMap<>();
        Map<Long, Path> files = new HashMap<>();
        Map<Long, Boolean> xnnpack = new HashMap<>();
        for (long i : indices) {
            Mutant m = cases.make(i);
            mutants.put(i, m);
            files.put(i, Files.write(config.workDir().resolve("case-" + i + ".tflite"), m.bytes()));
            xnnpack.put(i, i % 2 == 0); // both kernel sets: XNNPACK's and TFLite's own
        }
        try {
            List<Long> remaining = new ArrayList<>(indices);
            while (!remaining.isEmpty()) {
                ChildBatch.Result r = child.run(remaining, files, xnnpack);
                r.outcomes().forEach((i, outcome) -> {
                    String[] f = outcome.split("\t", 2);
                    FuzzReport.Result result = FuzzReport.Result.valueOf(f[0]);
                    report.count(mutants.get(i).kind(), result);
                    if (result == FuzzReport.Result.JAVA_EXCEPTION) {
                        report.javaException(i, mutants.get(i), f.length > 1 ? f[1] : "");
                    }
                });
                if (r.interrupted() < 0) {
                    break;
                }
                long i = r.interrupted();
                int at = remaining.indexOf(i);
                Mutant m = mutants.get(i);
                if (r.hung()) {
                    report.count(m.kind(), FuzzReport.Result.HANG);
                    report.hang(i, m);
                } else {
                    report.count(m.kind(), FuzzReport.Result.JVM_DEATH);
                    crashed(i, List.copyOf(remaining.subList(0, at)), r.how(), mutants, files, xnnpack);
                }
                remaining = new ArrayList<>(remaining.subList(at + 1, remaining.size()));
            }
        } finally {
            for (Path f : files.values()) {
                Files.deleteIfExists(f);
            }
        }
        synchronized (log) {
            log.printf(
                    "[fuzz] %d cases: refused %d, TFLite errors %d, Java exceptions %d, ok %d, hangs %d, deaths %d%n",
                    report.cases(),
                    report.total(FuzzReport.Result.REFUSED),
                    report.total(FuzzReport.Result.TFLITE_ERROR),
                    report.total(FuzzReport.Result.JAVA_EXCEPTION),
                    report.total(FuzzReport.Result.OK),
                    report.total(FuzzReport.Result.HANG),
                    report.total(FuzzReport.Result.JVM_DEATH));
        }
    }

    private void crashed(
            long i,
            List<Long> before,
            String how,
            Map<Long, Mutant> mutants,
            Map<Long, Path> files,
            Map<Long, Boolean> xnnpack)
            throws IOException, InterruptedException {
        boolean alone = child.run(List.of(i), files, xnnpack).died();
        long culprit = -1;
        if (!alone && !before.isEmpty()) {
            List<Long> candidates = before;
            while (candidates.size() > 1) {
                List<Long> half = candidates.subList(0, candidates.size() / 2);
                candidates = child.run(with(half, i), files, xnnpack).died()
                        ? half
                        : candidates.subList(candidates.size() / 2, candidates.size());
            }
            long c = candidates.getFirst();
            culprit = child.run(List.of(c, i), files, xnnpack).died() ? c : -1;
        }
        Files.createDirectories(config.crashDir());
        String name = (config.validate() ? "validated" : "unvalidated") + "-case-" + i;
        Path reproducer = config.crashDir().resolve(name + ".tflite");
        Files.copy(files.get(i), reproducer, StandardCopyOption.REPLACE_EXISTING);
        StringBuilder text = new StringBuilder();
        text.append("case ")
                .append(i)
                .append(": ")
                .append(mutants.get(i).describe())
                .append('\n');
        text.append("xnnpack ")
                .append(xnnpack.get(i))
                .append("; validator ")
                .append(config.validate())
                .append('\n');
        text.append(how).append('\n');
        text.append(alone ? "crashes alone\n" : "does not crash alone\n");
        if (culprit >= 0) {
            Path first = config.crashDir().resolve(name + "-after-case-" + culprit + ".tflite");
            Files.copy(files.get(culprit), first, StandardCopyOption.REPLACE_EXISTING);
            text.append("crashes after case ")
                    .append(culprit)
                    .append(" (")
                    .append(mutants.get(culprit).describe())
                    .append(") ran in the same JVM: ")
                    .append(first)
                    .append('\n');
        }
        String preflight = Preflight.verdict(reproducer, xnnpack.get(i));
        text.append("pre-flight: ").append(preflight).append('\n');
        Files.writeString(config.crashDir().resolve(name + ".txt"), text);
        report.crash(new FuzzReport.Crash(i, mutants.get(i), how, alone, culprit, reproducer, preflight));
    }

    private static List<Long> with(List<Long> list, long last) {
        List<Long> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }
}
