package dev.tfliteffm.tests.fuzz;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The full fuzz run of {@code fuzz/run.sh}: {@code FuzzMain [--seed N] [--cases N] [--from N]
 * [--validate true|false] [--parallel N] [--batch N] [--out DIR]}. Prints progress, then the counts, a table per
 * kind of mutation, and every JVM death with its reproducer (saved under {@code DIR/crashes}).
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) throws Exception {
        long seed = 12;
        long cases = 20_000;
        long from = 0;
        boolean validate = true;
        int parallel = 2;
        int batch = 100;
        Path out = Path.of("target", "fuzz");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value);
                case "--cases" -> cases = Long.parseLong(value);
                case "--from" -> from = Long.parseLong(value);
                case "--validate" -> validate = Boolean.parseBoolean(value);
                case "--parallel" -> parallel = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String label = (validate ? "validated" : "unvalidated") + "-seed-" + seed;
        FuzzConfig config = new FuzzConfig(
                out.resolve("work-" + label),
                out.resolve("crashes-" + label),
                validate,
                parallel,
                batch,
                Duration.ofSeconds(60),
                System.getProperty("java.class.path"));
        System.out.printf(
                "fuzz: seed %d, cases %d from %d, validator %s, %d child JVMs at a time, %d cases each%n",
                seed, cases, from, validate ? "on" : "off", parallel, batch);
        long start = System.nanoTime();
        FuzzReport report =
                new FuzzRunner(config, new FuzzCases(seed, FuzzCorpus.seeds()), System.out).run(from, cases);
        System.out.printf("%nfuzz finished in %.0f s%n", (System.nanoTime() - start) / 1e9);
        report.print(System.out);
        ChildBatch.deleteTree(config.workDir());
    }
}
