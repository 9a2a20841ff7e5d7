package dev.tfliteffm.tests.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a fuzz run found: counts per outcome and per kind of mutation, and each crash and hang. */
final class FuzzReport {

    /** How a case ended: a {@link FuzzChild.Outcome}, or one the parent saw. */
    enum Result {
        REFUSED,
        TFLITE_ERROR,
        JAVA_EXCEPTION,
        OK,
        HANG,
        JVM_DEATH
    }

    /**
     * A case that killed its child JVM.
     *
     * @param index        the case number
     * @param mutant       the case
     * @param how          signal, exit status, hs_err's first lines
     * @param alone        whether it crashes a fresh child by itself
     * @param culprit      when it does not: the earlier case of the batch that, run before it, makes it crash
     *                     (-1 if none was found)
     * @param reproducer   the saved model
     * @param preflight    what {@code ModelCheck.inChildJvm} made of the reproducer (validator on)
     */
    record Crash(
            long index,
            Mutant mutant,
            String how,
            boolean alone,
            long culprit,
            java.nio.file.Path reproducer,
            String preflight) {}

    private final Map<Mutant.Kind, long[]> counts = new EnumMap<>(Mutant.Kind.class);
    private final List<Crash> crashes = new ArrayList<>();
    private final List<String> hangs = new ArrayList<>();
    private final List<String> javaExceptions = new ArrayList<>();

    synchronized void count(Mutant.Kind kind, Result result) {
        counts.computeIfAbsent(kind, k -> new long[Result.values().length])[result.ordinal()]++;
    }

    synchronized void crash(Crash c) {
        crashes.add(c);
    }

    synchronized void hang(long index, Mutant m) {
        hangs.add(index + " " + m.describe());
    }

    synchronized void javaException(long index, Mutant m, String detail) {
        if (javaExceptions.size() < 50) {
            javaExceptions.add(index + " " + m.describe() + " -> " + detail);
        }
    }

    synchronized List<Crash> crashes() {
        return List.copyOf(crashes);
    }

    synchronized List<String> hangs() {
        return List.copyOf(hangs);
    }

    synchronized List<String> javaExceptions() {
        return List.copyOf(javaExceptions);
    }

    /** The number of cases that ended with {@code result}. */
    synchronized long total(Result result) {
        return counts.values().stream().mapToLong(c -> c[result.ordinal()]).sum();
    }

    /** The number of cases run. */
    synchronized long cases() {
        return counts.values().stream()
                .mapToLong(c -> java.util.Arrays.stream(c).sum())
                .sum();
    }

    /** The counts, a table per kind, and the crashes, hangs and Java exceptions. */
    synchronized void print(PrintStream out) {
        out.printf(
                "cases %d: refused by validator %d, TFLite errors %d, Java exceptions %d, ok %d, hangs %d, "
                        + "JVM deaths %d%n",
                cases(),
                total(Result.REFUSED),
                total(Result.TFLITE_ERROR),
                total(Result.JAVA_EXCEPTION),
                total(Result.OK),
                total(Result.HANG),
                total(Result.JVM_DEATH));
        out.printf("%-16s %8s %8s %8s %8s %8s %8s%n", "kind", "refused", "tflite", "java", "ok", "hang", "death");
        counts.forEach(
                (kind, c) -> out.printf("%-16s %8d %8d %8d %8d %8d %8d%n", kind, c[0], c[1], c[2], c[3], c[4], c[5]));
        for (Crash c : crashes) {
            out.println("JVM death: case " + c.index() + " " + c.mutant().describe() + "; " + c.how()
                    + (c.alone() ? "" : c.culprit() >= 0 ? "; only after case " + c.culprit() : "; not alone")
                    + "; reproducer " + c.reproducer() + "; pre-flight: " + c.preflight());
        }
        hangs.forEach(h -> out.println("hang: case " + h));
        javaExceptions.forEach(j -> out.println("Java exception: case " + j));
    }
}
