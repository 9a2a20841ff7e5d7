package dev.tfliteffm.tests;

import dev.tfliteffm.DataType;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The C reference: {@code src/test/c/tflite_reference.c}, which runs a model through the TFLite C API alone,
 * built with gcc once per JVM (against the headers the bindings come from) and run on the very library the
 * Java runtime loaded. Inputs go in and outputs come back as raw tensor bytes, so results can be compared
 * with the Java runtime's, or with the CLI's, byte for byte.
 */
public final class CReference {

    /** How the interpreter is configured, on both sides. */
    public record Config(boolean xnnpack, int threads) {
        /** The same configuration for the Java runtime. */
        public InterpreterOptions javaOptions() {
            return InterpreterOptions.builder()
                    .xnnpack(xnnpack)
                    .threads(threads)
                    .build();
        }

        @Override
        public String toString() {
            return "xnnpack " + (xnnpack ? "on" : "off") + ", " + threads + (threads == 1 ? " thread" : " threads");
        }
    }

    /**
     * One invoke: the raw bytes of every input (exactly each tensor's byte size, in the machine's byte order),
     * and the shapes of inputs to resize first (inputs left out keep their current shape).
     */
    public record Invocation(Map<String, byte[]> inputs, Map<String, int[]> shapes) {
        public Invocation {
            inputs = new LinkedHashMap<>(inputs);
            shapes = new LinkedHashMap<>(shapes);
        }

        public Invocation(Map<String, byte[]> inputs) {
            this(inputs, Map.of());
        }
    }

    /** One output tensor after an invoke, as the C API saw it. */
    public record Output(String name, DataType type, int[] shape, byte[] bytes) {
        @Override
        public String toString() {
            return name + " " + type.numpyName() + Arrays.toString(shape) + " (" + bytes.length + " bytes)";
        }
    }

    /**
     * What a run of the reference did: its exit code and output, the outputs of each invocation, and how long
     * each invoke took (TfLiteSignatureRunnerInvoke alone, in nanoseconds).
     */
    public record Result(
            int exitCode, String stdout, String stderr, List<List<Output>> outputs, List<Long> invokeNanos) {
        /** Fails with the program's output unless it succeeded. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("the C reference exited with " + exitCode + "\n--- stdout\n" + stdout
                        + "\n--- stderr\n" + stderr);
            }
            return this;
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern SUMMARY = Pattern.compile("invocations (\\d+) outputs (\\d+)");
    private static final Pattern INVOKE_TIME = Pattern.compile("invoke (\\d+) took (\\d+) ns");

    private CReference() {}

    /** The source of the reference program. */
    public static Path source() {
        return SharedModels.repositoryRoot().resolve("tests/src/test/c/tflite_reference.c");
    }

    /** A system property naming an executable built already (e.g. by a parent JVM), used instead of compiling. */
    public static final String EXECUTABLE_PROPERTY = "tflite.reference.executable";

    /**
     * The reference program: the one {@value #EXECUTABLE_PROPERTY} names, else compiled on first use into a
     * temporary folder that lives as long as the JVM.
     */
    public static synchronized Path executable() {
        if (executable == null) {
            String given = System.getProperty(EXECUTABLE_PROPERTY);
            executable = given != null ? Path.of(given) : compile();
            if (!Files.isExecutable(executable)) {
                throw new AssertionError(EXECUTABLE_PROPERTY + "=" + given + " is not an executable");
            }
        }
        return executable;
    }

    private static Path executable;

    private static Path compile() {
        try {
            Path dir = Files.createTempDirectory("tflite-reference");
            Path exe = dir.resolve("tflite_reference");
            List<String> args = new ArrayList<>(List.of(
                    "gcc",
                    "-std=c11",
                    "-O1",
                    "-Wall",
                    "-Wextra",
                    "-Werror=implicit-function-declaration",
                    "-Werror=incompatible-pointer-types",
                    "-Werror=int-conversion"));
            args.addAll(CHeaders.includeArgs());
            args.addAll(List.of("-o", exe.toString(), source().toString(), "-ldl"));
            Gcc.run(args);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling the C reference", e);
        }
    }

    /** The library the Java runtime loaded, which the reference opens too. */
    public static String library() {
        return TfLiteLibrary.get().location();
    }

    /**
     * Runs {@code invocations} in order on one interpreter for {@code model}, through the signature
     * {@code signatureKey} ({@code null}: TFLite's default runner), configured as {@code config}.
     * Does not fail when the program fails: see {@link Result#assertSuccess()}.
     */
    public static Result run(Path model, String signatureKey, Config config, List<Invocation> invocations) {
        return run(model, signatureKey, config, invocations, DEFAULT_TIMEOUT);
    }

    /** {@link #run(Path, String, Config, List)} with a timeout, after which the program is killed and the call fails. */
    public static Result run(
            Path model, String signatureKey, Config config, List<Invocation> invocations, Duration timeout) {
        return run(List.of(), model, signatureKey, config, invocations, timeout);
    }

    /**
     * As {@link #run(Path, String, Config, List, Duration)}, with the command prefixed by {@code launcher}
     * (e.g. {@code setpriv} with arguments, to run it with fewer privileges).
     */
    public static Result run(
            List<String> launcher,
            Path model,
            String signatureKey,
            Config config,
            List<Invocation> invocations,
            Duration timeout) {
        Path work = null;
        try {
            work = Files.createTempDirectory("tflite-reference-run");
            Path outputs = Files.createDirectory(work.resolve("outputs"));
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(
                    executable().toString(),
                    "--library",
                    library(),
                    "--model",
                    model.toString(),
                    "--threads",
                    Integer.toString(config.threads()),
                    "--outputs",
                    outputs.toString()));
            if (signatureKey != null) {
                command.addAll(List.of("--signature", signatureKey));
            }
            if (config.xnnpack()) {
                command.add("--xnnpack");
            }
            for (int i = 0; i < invocations.size(); i++) {
                Invocation invocation = invocations.get(i);
                for (Map.Entry<String, int[]> shape : invocation.shapes().entrySet()) {
                    command.addAll(List.of(
                            "--shape",
                            shape.getKey(),
                            Arrays.stream(shape.getValue())
                                    .mapToObj(Integer::toString)
                                    .collect(Collectors.joining(","))));
                }
                int n = 0;
                for (Map.Entry<String, byte[]> input : invocation.inputs().entrySet()) {
                    Path file = Files.write(work.resolve("in." + i + "." + n++ + ".bin"), input.getValue());
                    command.addAll(List.of("--input", input.getKey(), file.toString()));
                }
                command.add("--invoke");
            }
            Process process = new ProcessBuilder(command)
                    .redirectOutput(work.resolve("stdout").toFile())
                    .redirectError(work.resolve("stderr").toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        "the C reference did not finish within " + timeout + ": " + String.join(" ", command));
            }
            String stdout = Files.readString(work.resolve("stdout"), StandardCharsets.UTF_8);
            String stderr = Files.readString(work.resolve("stderr"), StandardCharsets.UTF_8);
            List<List<Output>> results = new ArrayList<>();
            Matcher summary = SUMMARY.matcher(stdout);
            if (process.exitValue() == 0) {
                if (!summary.find()) {
                    throw new AssertionError(
                            "the C reference succeeded without its summary line:\n" + stdout + "\n" + stderr);
                }
                int invoked = Integer.parseInt(summary.group(1));
                int outputCount = Integer.parseInt(summary.group(2));
                for (int i = 0; i < invoked; i++) {
                    List<Output> outs = new ArrayList<>();
                    for (int k = 0; k < outputCount; k++) {
                        outs.add(readOutput(outputs, i, k));
                    }
                    results.add(List.copyOf(outs));
                }
            }
            List<Long> nanos = new ArrayList<>();
            for (Matcher m = INVOKE_TIME.matcher(stdout); m.find(); ) {
                nanos.add(Long.parseLong(m.group(2)));
            }
            return new Result(process.exitValue(), stdout, stderr, List.copyOf(results), List.copyOf(nanos));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running the C reference", e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private static Output readOutput(Path dir, int invocation, int index) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(invocation + "." + index + ".txt"), StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            fields.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
        }
        String shape = fields.get("shape");
        int[] dims = shape.isEmpty()
                ? new int[0]
                : Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        byte[] bytes = Files.readAllBytes(dir.resolve(invocation + "." + index + ".bin"));
        if (bytes.length != Long.parseLong(fields.get("bytes"))) {
            throw new AssertionError("output " + index + " of invocation " + invocation + ": " + bytes.length
                    + " bytes written, the sidecar says " + fields.get("bytes"));
        }
        return new Output(fields.get("name"), DataType.of(Integer.parseInt(fields.get("type"))), dims, bytes);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
