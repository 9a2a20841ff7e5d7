package dev.tfliteffm.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM with this JVM's class path, so that a test can check what happens on
 * first load, or survive a crash of the child: a crash shows as a non-zero exit code and the child's output.
 */
public final class ChildJvm {

    /** What a child JVM did. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Fails the calling test, with the child's output, unless it exited with 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("child JVM exited with " + exitCode + describeCrash() + "\n--- stdout\n"
                        + stdout + "\n--- stderr\n" + stderr);
            }
            return this;
        }

        private String describeCrash() {
            return exitCode >= 128 || stderr.contains("A fatal error has been detected") ? " (the JVM crashed)" : "";
        }
    }

    private ChildJvm() {}

    /** Starts {@code mainClass} with system properties, environment additions and arguments. */
    public static Process start(
            Class<?> mainClass,
            Map<String, String> properties,
            Map<String, String> env,
            List<String> classPath,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xshare:auto");
        // Children extract the library where this JVM does (the build folder), unless told otherwise.
        Map<String, String> props = new java.util.TreeMap<>();
        String cache = System.getProperty("tflite.ffm.cache.dir");
        if (cache != null) {
            props.put("tflite.ffm.cache.dir", cache);
        }
        props.putAll(properties);
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("child-jvm", ".out");
        Path err = Files.createTempFile("child-jvm", ".err");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        Process process = builder.start();
        OUTPUTS.put(process, new Path[] {out, err});
        return process;
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits for a started child and collects its output. */
    public static Result result(Process process, Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + timeout);
        }
        Path[] files = OUTPUTS.remove(process);
        try {
            return new Result(
                    process.exitValue(),
                    Files.readString(files[0], StandardCharsets.UTF_8),
                    Files.readString(files[1], StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(files[0]);
            Files.deleteIfExists(files[1]);
        }
    }

    /** Runs {@code mainClass} to the end with this JVM's class path. */
    public static Result run(Class<?> mainClass, Map<String, String> properties, String... args)
            throws IOException, InterruptedException {
        return result(start(mainClass, properties, Map.of(), classPath(), args), Duration.ofMinutes(2));
    }

    /** This JVM's class path entries (Surefire's real test class path, not its manifest-only booter jar). */
    public static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(java.io.File.pathSeparator));
    }

    /** The {@code java} launcher of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
