package dev.tfliteffm.bench;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time to first result in a fresh JVM, split into phases: {@code bench/run.sh startup} starts one JVM per
 * sample and runs this {@code main}, which prints one line of JSON ({@code {"mode":..,"phase":ms,...}}).
 *
 * <pre>
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe runtime MODEL.tflite
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe minimal MODEL.tflite LIBRARY.so
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe where      (prints the bundled library's path)
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe summary RUN_FOLDER  (startup.md from startup-*.jsonl)
 * </pre>
 *
 * <p>{@code runtime}: the hello_world first result through this runtime (XNNPACK on, 1 thread: its defaults),
 * phase by phase. {@code minimal}: {@link FirstResult#minimalFfm}, the floor (no runtime, hand-made downcall
 * handles). Clocks start at {@code main}: JVM boot itself is in the whole-process wall time {@code run.sh}
 * records.
 */
public final class StartupProbe {

    private StartupProbe() {}

    public static void main(String[] args) throws Throwable {
        long t0 = System.nanoTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        switch (args[0]) {
            case "where" -> {
                System.out.println(TfLiteLibrary.get().location());
                return;
            }
            case "summary" -> {
                summary(Path.of(args[1]));
                return;
            }
            case "runtime" -> runtime(Path.of(args[1]), phases, t0);
            case "minimal" -> FirstResult.minimalFfm(Path.of(args[1]), Path.of(args[2]), 1.5708f, phases, t0);
            default -> throw new IllegalArgumentException("mode: runtime, minimal or where");
        }
        double cpu = processCpuMillis();
        if (cpu >= 0) {
            phases.put("cpu", cpu);
        }
        StringBuilder json = new StringBuilder("{\"mode\":\"").append(args[0]).append('"');
        phases.forEach((k, v) -> json.append(",\"").append(k).append("\":").append(String.format("%.3f", v)));
        System.out.println(json.append('}'));
    }

    static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    private static void runtime(Path modelPath, Map<String, Double> phases, long t0) throws Exception {
        long t = System.nanoTime();
        // The extraction check (resource lookup, the jar entry's CRC, the cached file's size), dlopen,
        // TfLiteVersion() and the version check.
        TfLiteLibrary.get();
        long t1 = System.nanoTime();
        phases.put("library", ms(t, t1));
        // The generated bindings' class initialisation (TfLite, TfLite$shared: layouts, the symbol lookup).
        Class.forName("dev.tfliteffm.internal.bindings.TfLite", true, StartupProbe.class.getClassLoader());
        long t2 = System.nanoTime();
        phases.put("bindingsInit", ms(t1, t2));
        // Model: the ErrorReporter class (vsnprintf downcall, the upcall stub), TfLiteModelCreate's handle.
        Model model = Model.fromFile(modelPath);
        long t3 = System.nanoTime();
        phases.put("model", ms(t2, t3));
        // Options, the log severity setting, the XNNPACK delegate, TfLiteInterpreterCreate, signature lookup.
        Interpreter interpreter = Interpreter.create(
                model, InterpreterOptions.builder().threads(1).xnnpack(true).build());
        SignatureRunner runner = interpreter.defaultRunner();
        long t4 = System.nanoTime();
        phases.put("interpreter", ms(t3, t4));
        runner.allocateTensors();
        long t5 = System.nanoTime();
        phases.put("allocate", ms(t4, t5));
        MemorySegment in = runner.input(runner.inputNames().get(0)).data();
        in.set(ValueLayout.JAVA_FLOAT, 0, 1.5708f);
        runner.invoke();
        float y = runner.output(runner.outputNames().get(0)).data().get(ValueLayout.JAVA_FLOAT, 0);
        long t6 = System.nanoTime();
        phases.put("firstInvoke", ms(t5, t6));
        phases.put("firstResult", ms(t0, t6));
        if (modelPath.getFileName().toString().startsWith("hello_world") && !(Math.abs(y) <= 2)) {
            throw new IllegalStateException("hello_world gave " + y);
        }
        interpreter.close();
        model.close();
    }

    // In a holder: compiled at class initialization, it would add to every probe's measured start.
    private static final class NumberPattern {
        static final Pattern PATTERN = Pattern.compile("\"(\\w+)\":([-0-9.eE]+)");
    }

    /** Median per key over the lines of {@code file}; empty when the file is missing. */
    static Map<String, Double> medians(Path file) throws IOException {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = NumberPattern.PATTERN.matcher(line);
                while (m.find()) {
                    values.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            v.sort(null);
            int n = v.size();
            out.put(k, n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2);
            out.put(k + "#n", (double) n);
        });
        return out;
    }

    private static String cell(Map<String, Double> m, String key) {
        Double v = m.get(key);
        return v == null ? "" : String.format("%.1f", v);
    }

    private static void summary(Path run) throws IOException {
        Map<String, Double> rt = medians(run.resolve("startup-runtime.jsonl"));
        Map<String, Double> min = medians(run.resolve("startup-minimal.jsonl"));
        Map<String, Double> rtAot = medians(run.resolve("startup-runtime-aot.jsonl"));
        Map<String, Double> minAot = medians(run.resolve("startup-minimal-aot.jsonl"));
        Map<String, Double> rtMobile = medians(run.resolve("startup-runtime-mobilenet.jsonl"));
        Map<String, Double> minMobile = medians(run.resolve("startup-minimal-mobilenet.jsonl"));
        Map<String, Double> cliOff = medians(run.resolve("startup-cli-aot-off.jsonl"));
        Map<String, Double> cliOn = medians(run.resolve("startup-cli-aot-on.jsonl"));
        StringBuilder md = new StringBuilder();
        md.append("Load: before `")
                .append(read(run.resolve("uptime-before.txt")))
                .append("`, after `")
                .append(read(run.resolve("uptime-after.txt")))
                .append("`; medians of ")
                .append(String.format("%.0f", rt.getOrDefault("firstResult#n", 0.0)))
                .append(" fresh JVMs each (ms).\n\n");
        md.append(
                "| phase | runtime | minimal FFM | runtime, AOT cache | minimal, AOT cache |\n|---|--:|--:|--:|--:|\n");
        String[] keys = {
            "library",
            "dlopen",
            "bindingsInit",
            "firstDowncallHandle",
            "otherHandles",
            "model",
            "interpreter",
            "allocate",
            "firstInvoke",
            "firstResult",
            "wall",
            "cpu"
        };
        for (String k : keys) {
            md.append("| ")
                    .append(
                            k.equals("firstResult")
                                    ? "**first result (from main)**"
                                    : k.equals("wall")
                                            ? "whole process, wall"
                                            : k.equals("cpu") ? "process CPU at first result (all threads)" : k)
                    .append(" | ")
                    .append(cell(rt, k))
                    .append(" | ")
                    .append(cell(min, k))
                    .append(" | ")
                    .append(cell(rtAot, k))
                    .append(" | ")
                    .append(cell(minAot, k))
                    .append(" |\n");
        }
        if (!rtMobile.isEmpty()) {
            md.append("\nmobilenet_v2_int8 (no AOT cache): first result ")
                    .append(cell(rtMobile, "firstResult"))
                    .append(" ms (runtime) vs ")
                    .append(cell(minMobile, "firstResult"))
                    .append(" ms (minimal FFM); CPU ")
                    .append(cell(rtMobile, "cpu"))
                    .append(" vs ")
                    .append(cell(minMobile, "cpu"))
                    .append(" ms; of the runtime's, allocate ")
                    .append(cell(rtMobile, "allocate"))
                    .append(" ms and first invoke ")
                    .append(cell(rtMobile, "firstInvoke"))
                    .append(" ms (XNNPACK packs the weights).\n");
        }
        md.append("\n| `./tflite-ffm run` hello_world | wall (ms) | CPU, user+sys (ms) |\n|---|--:|--:|\n")
                .append("| no AOT cache (`TFLITE_FFM_AOT=off`) | ")
                .append(cell(cliOff, "wall"))
                .append(" | ")
                .append(cell(cliOff, "cpu"))
                .append(" |\n| AOT cache | ")
                .append(cell(cliOn, "wall"))
                .append(" | ")
                .append(cell(cliOn, "cpu"))
                .append(" |\n\n");
        verdict(md, "first result <= 1.2x the minimal FFM program (no AOT)", rt, min, "firstResult");
        verdict(md, "first result <= 1.2x the minimal FFM program (both with AOT)", rtAot, minAot, "firstResult");
        verdict(md, "first result, CPU <= 1.2x the minimal FFM program's (no AOT)", rt, min, "cpu");
        verdict(md, "first result, CPU <= 1.2x the minimal FFM program's (both with AOT)", rtAot, minAot, "cpu");
        if (!rtMobile.isEmpty()) {
            verdict(
                    md,
                    "mobilenet_v2_int8 first result <= 1.2x the minimal FFM program (no AOT)",
                    rtMobile,
                    minMobile,
                    "firstResult");
            verdict(
                    md,
                    "mobilenet_v2_int8 first result, CPU <= 1.2x the minimal's (no AOT)",
                    rtMobile,
                    minMobile,
                    "cpu");
        }
        double cli = cliOn.getOrDefault("wall", Double.NaN);
        md.append("- `./tflite-ffm run` hello_world <= 350 ms wall (AOT cache): ")
                .append(String.format("%.0f ms: ", cli))
                .append(cli <= 350 ? "**met**" : "**not met**")
                .append(String.format(" (CPU %.0f ms)", cliOn.getOrDefault("cpu", Double.NaN)))
                .append("\n");
        System.out.print(md);
    }

    private static void verdict(
            StringBuilder md, String what, Map<String, Double> a, Map<String, Double> b, String key) {
        double x = a.getOrDefault(key, Double.NaN);
        double y = b.getOrDefault(key, Double.NaN);
        md.append("- ")
                .append(what)
                .append(String.format(": %.1f / %.1f ms = %.2fx: ", x, y, x / y))
                .append(x <= 1.2 * y ? "**met**" : "**not met**")
                .append("\n");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "?";
    }

    /**
     * CPU time of the whole process so far (all threads: JIT compilers and GC too), from {@code /proc/self/stat}
     * (10 ms ticks); -1 where there is none. Under load it moves much less than wall time.
     */
    static double processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
