package dev.tfliteffm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of {@link ModelCheck}: starts {@link ModelCheckChild} in a child JVM, waits for it, and turns its
 * progress file, exit status and {@code hs_err} file into a {@link ModelCheck.Report}.
 */
final class ChildCheck {

    private static final String MODULE = "dev.tfliteffm";
    private static final int MAX_STDERR_LINES = 5;

    private final Path model;
    private final Duration timeout;
    private final InterpreterOptions options;
    private final Map<String, Map<String, NdArray>> samples;

    ChildCheck(Path model, Duration timeout, InterpreterOptions options, Map<String, Map<String, NdArray>> samples) {
        this.model = model;
        this.timeout = timeout;
        this.options = options;
        this.samples = samples;
    }

    ModelCheck.Report run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tflite-ffm-check-");
        Path progress = Files.createFile(dir.resolve("progress"));
        Path stderr = dir.resolve("stderr");
        List<String> args = new ArrayList<>(List.of(
                progress.toString(),
                model.toString(),
                Integer.toString(options.threads()),
                Boolean.toString(options.xnnpack())));
        if (!samples.isEmpty()) {
            Path file = dir.resolve("samples");
            try (OutputStream out = Files.newOutputStream(file)) {
                CheckProtocol.writeSamples(samples, out);
            }
            args.add(file.toString());
        }
        Process child = new ProcessBuilder(command(dir, args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        boolean finished = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            child.destroyForcibly();
            child.waitFor();
        }
        Optional<Path> hsErr = hsErrFile(dir);
        try {
            return report(
                    Files.readAllLines(progress, StandardCharsets.UTF_8),
                    finished,
                    child.exitValue(),
                    hsErr,
                    Files.exists(stderr) ? Files.readAllLines(stderr, StandardCharsets.UTF_8) : List.of());
        } finally {
            deleteAllBut(dir, hsErr);
        }
    }

    private static List<String> command(Path dir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean modular = ChildCheck.class.getModule().isNamed();
        command.add(
                modular
                        ? "--enable-native-access=dev.tfliteffm,dev.tfliteffm.bindings,dev.tfliteffm.nativelib"
                        : "--enable-native-access=ALL-UNNAMED");
        command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
        command.add("-XX:-CreateCoredumpOnCrash");
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("tflite.ffm."))
                .sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        if (modular) {
            command.add("--module-path");
            command.add(System.getProperty("jdk.module.path"));
            String classPath = System.getProperty("java.class.path", "");
            if (!classPath.isEmpty()) {
                command.add("-cp");
                command.add(classPath);
            }
            command.add("-m");
            command.add(MODULE + "/" + ModelCheckChild.class.getName());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ModelCheckChild.class.getName());
        }
        command.addAll(args);
        return command;
    }

    private ModelCheck.Report report(
            List<String> lines, boolean finished, int exit, Optional<Path> hsErr, List<String> stderr)
            throws IOException {
        TfLiteException loadFailure = null;
        Map<String, ModelCheck.SignatureResult> results = new LinkedHashMap<>();
        ModelCheck.Stage stage = null;
        String key = "";
        String pass = ModelCheckChild.SHARED;
        boolean done = false;
        for (String line : lines) {
            List<String> f = CheckProtocol.fields(line);
            switch (f.getFirst()) {
                case CheckProtocol.SIGNATURES -> f.subList(1, f.size()).forEach(k -> results.put(k, null));
                case CheckProtocol.BEGIN -> {
                    stage = ModelCheck.Stage.valueOf(f.get(1));
                    key = f.get(2);
                    pass = f.get(3);
                }
                case CheckProtocol.OK -> {
                    if (results.get(f.get(1)) == null) { // a failure of the other pass stays
                        results.put(f.get(1), ok(f.get(1)));
                    }
                }
                case CheckProtocol.FAILED -> {
                    ModelCheck.Stage failed = ModelCheck.Stage.valueOf(f.get(1));
                    TfLiteException e = new TfLiteException(
                            TfLiteException.Status.valueOf(f.get(3)), f.get(4), f.subList(5, f.size()));
                    if (f.get(2).isEmpty()) {
                        loadFailure = e;
                    } else if (results.get(f.get(2)) == null
                            || results.get(f.get(2)).ok()) { // the first failure
                        results.put(f.get(2), new ModelCheck.SignatureResult(f.get(2), e, failed));
                    }
                }
                case CheckProtocol.DONE -> done = true;
                default -> {} // a line cut short by the crash
            }
        }
        boolean crashed = !done;
        if (crashed) {
            ModelCheck.SignatureResult before = key.isEmpty() ? null : results.get(key);
            TfLiteException crash = crash(stage, key, pass, finished, exit, hsErr, stderr, before);
            if (key.isEmpty()) {
                loadFailure = crash;
                results.clear();
            } else {
                results.put(key, new ModelCheck.SignatureResult(key, crash, stage));
                String crashedKey = key;
                results.replaceAll((k, r) -> r != null
                        ? r
                        : new ModelCheck.SignatureResult(
                                k,
                                new TfLiteException(
                                        TfLiteException.Status.INVALID_MODEL,
                                        "signature '" + k + "' was not checked: the child JVM died on signature '"
                                                + crashedKey + "' first"),
                                null));
            }
        }
        return new ModelCheck.Report(model, loadFailure, List.copyOf(results.values()), crashed, hsErr);
    }

    private TfLiteException crash(
            ModelCheck.Stage stage,
            String key,
            String pass,
            boolean finished,
            int exit,
            Optional<Path> hsErr,
            List<String> stderr,
            ModelCheck.SignatureResult before)
            throws IOException {
        List<String> details = new ArrayList<>();
        if (before != null && before.failure() != null) { // the step that failed before the crash
            details.add(before.stage().name().toLowerCase(java.util.Locale.ROOT) + " had failed: "
                    + before.failure().getMessage());
        }
        String how;
        if (!finished) {
            how = "did not finish within " + timeout.toSeconds() + " s and was killed";
        } else {
            String signal = hsErr.isPresent() ? CrashLog.signal(hsErr.get()) : null;
            how = signal != null ? "crashed with " + signal : CrashLog.describeExit(exit);
        }
        if (hsErr.isPresent()) {
            details.addAll(CrashLog.problematicFrame(hsErr.get()));
            details.add("hs_err file: " + hsErr.get());
        }
        // The last lines the child printed (TFLite's errors, glibc's heap checks), without the JVM's crash banner.
        List<String> said = stderr.stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
                .toList();
        details.addAll(said.subList(Math.max(0, said.size() - MAX_STDERR_LINES), said.size()));
        return new TfLiteException(
                TfLiteException.Status.INVALID_MODEL,
                "the child JVM checking model file " + model + " " + how + " while " + describe(stage, key)
                        + (key.isEmpty() || stage == null
                                ? ""
                                : pass.equals(ModelCheckChild.OWN)
                                        ? " (in an interpreter of its own)"
                                        : " (in an interpreter shared by all signatures)")
                        + ": the model is not safe to run in this process",
                details);
    }

    private static ModelCheck.SignatureResult ok(String key) {
        return new ModelCheck.SignatureResult(key, null, null);
    }

    private static String describe(ModelCheck.Stage stage, String key) {
        if (stage == null) {
            return "starting";
        }
        return switch (stage) {
            case LOAD -> "loading the model";
            case INTERPRETER ->
                key.isEmpty() ? "creating the interpreter" : "creating the interpreter of signature '" + key + "'";
            case ALLOCATE -> "allocating the tensors of signature '" + key + "'";
            case INVOKE -> "invoking signature '" + key + "' with zeros";
            case SAMPLE -> "running signature '" + key + "' with the sample inputs";
            case CLOSE ->
                key.isEmpty() ? "closing the interpreter" : "closing the interpreter of signature '" + key + "'";
        };
    }

    private static Optional<Path> hsErrFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("hs_err"))
                    .findFirst();
        }
    }

    /** Deletes the check's files; a crash log stays for the caller to read. */
    private static void deleteAllBut(Path dir, Optional<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (keep.isEmpty() || !p.equals(keep.get()) && !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
