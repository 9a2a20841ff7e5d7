package dev.tfliteffm.tests.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs a list of cases in one child JVM ({@link FuzzChild}) and says how far it got: the outcome of each case that
 * finished, and the case that was running when the child died or hung.
 */
final class ChildBatch {

    /** Virtual memory per child: a mutated shape must not make the machine swap or wake the OOM killer. */
    private static final long ULIMIT_KB = 8L * 1024 * 1024;

    /**
     * What a child did.
     *
     * @param outcomes    case index to {@code OUTCOME TAB detail}, for the cases that finished
     * @param interrupted the case that was running when the child died or was killed, or -1
     * @param hung        whether the child was killed for taking longer than the case timeout
     * @param how         how the child died (signal, exit status, the hs_err's first lines), or empty
     */
    record Result(Map<Long, String> outcomes, long interrupted, boolean hung, String how) {
        boolean died() {
            return interrupted >= 0 && !hung;
        }
    }

    private final FuzzConfig config;

    ChildBatch(FuzzConfig config) {
        this.config = config;
    }

    /** Runs the cases whose files are given, in order. */
    Result run(List<Long> indices, Map<Long, Path> files, Map<Long, Boolean> xnnpack)
            throws IOException, InterruptedException {
        Path batch = Files.createTempFile(config.workDir(), "batch-", ".txt");
        Path hsErrDir = Files.createTempDirectory(config.workDir(), "child-");
        List<String> lines = new ArrayList<>();
        for (long i : indices) {
            lines.add(i + "\t" + files.get(i) + "\t" + xnnpack.get(i));
        }
        Files.write(batch, lines);
        List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -v " + ULIMIT_KB + "; exec \"$@\"", "sh"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx384m",
                "-XX:ReservedCodeCacheSize=64m",
                "-XX:CompressedClassSpaceSize=128m",
                "-XX:TieredStopAtLevel=1", // short-lived: C1 only starts faster and runs these cases as fast
                "-XX:ErrorFile=" + hsErrDir.resolve("hs_err_pid%p.log"),
                "-XX:-CreateCoredumpOnCrash",
                "-Dtflite.ffm.model.validate=" + config.validate(),
                "-Dtflite.ffm.log.severity=silent",
                "-cp",
                config.classPath()));
        String cache = System.getProperty("tflite.ffm.cache.dir");
        if (cache != null) {
            command.add(command.size() - 2, "-Dtflite.ffm.cache.dir=" + cache);
        }
        command.add(FuzzChild.class.getName());
        command.add(batch.toString());
        Path stderr = hsErrDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> watch(p, lastProgress, killed, config.caseTimeout()));
        Map<Long, String> outcomes = new LinkedHashMap<>();
        long running = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lastProgress.set(System.nanoTime());
                String[] f = line.split("\t", 3);
                if (f[0].equals("start")) {
                    running = Long.parseLong(f[1]);
                } else if (f[0].equals("end") && f.length == 3) {
                    outcomes.put(Long.parseLong(f[1]), f[2]);
                    running = -1;
                }
            }
        }
        int exit = p.waitFor();
        watchdog.interrupt();
        if (exit != 0 && outcomes.isEmpty() && running < 0 && !killed.get()) {
            throw new IllegalStateException("the fuzz child JVM did not start: " + describe(exit, hsErrDir, stderr));
        }
        String how = running < 0 ? "" : describe(exit, hsErrDir, stderr);
        if (running < 0 && exit != 0 && outcomes.size() < indices.size()) {
            // Died before it started the next case: blame the next one, which it was about to read.
            running = indices.get(outcomes.size());
            how = describe(exit, hsErrDir, stderr);
        }
        Files.deleteIfExists(batch);
        if (running < 0) {
            deleteTree(hsErrDir);
        }
        return new Result(outcomes, running, killed.get(), how);
    }

    private static void watch(Process p, AtomicLong lastProgress, AtomicBoolean killed, Duration timeout) {
        try {
            while (p.isAlive()) {
                Thread.sleep(250);
                if (System.nanoTime() - lastProgress.get() > timeout.toNanos()) {
                    killed.set(true);
                    p.destroyForcibly();
                    return;
                }
            }
        } catch (InterruptedException done) {
            // the batch finished
        }
    }

    /** The exit status, the hs_err file's signal and problematic frame, and the last lines of stderr. */
    private static String describe(int exit, Path dir, Path stderr) throws IOException {
        StringBuilder b = new StringBuilder("exit status " + exit);
        if (exit > 128) {
            b.append(" (signal ").append(exit - 128).append(')');
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path hsErr : files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .toList()) {
                List<String> head;
                try (Stream<String> l = Files.lines(hsErr, StandardCharsets.ISO_8859_1)) {
                    head = l.limit(30).toList();
                }
                for (int i = 0; i < head.size(); i++) {
                    String line = head.get(i);
                    if (line.startsWith("#  SIG") || line.startsWith("#  Internal Error")) {
                        b.append("; ").append(line.substring(3).strip());
                    }
                    if (line.startsWith("# Problematic frame:") && i + 1 < head.size()) {
                        b.append("; frame ").append(head.get(i + 1).substring(1).strip());
                    }
                }
                b.append("; hs_err ").append(hsErr);
            }
        }
        if (Files.exists(stderr)) {
            List<String> said = Files.readAllLines(stderr, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("WARNING"))
                    .toList();
            for (String l : said.subList(Math.max(0, said.size() - 3), said.size())) {
                b.append("; stderr: ").append(l.length() > 200 ? l.substring(0, 200) + "..." : l);
            }
        }
        return b.toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
