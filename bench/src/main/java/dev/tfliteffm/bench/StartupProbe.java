package dev.tfliteffm.bench;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time to first result in a fresh JVM, split into phases: {@code bench/run.sh startup} starts one JVM per
 * sample and runs this {@code main}, which prints one line of JSON ({@code {"mode":..,"phase":ms,...}}).
 *
 * <pre>
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe runtime MODEL.tflite
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe minimal MODEL.tflite LIBRARY.so
 *   java -cp benchmarks.jar dev.tfliteffm.bench.StartupProbe where      (prints the bundled library's path)
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
            case "runtime" -> runtime(Path.of(args[1]), phases, t0);
            case "minimal" -> FirstResult.minimalFfm(Path.of(args[1]), Path.of(args[2]), 1.5708f, phases, t0);
            default -> throw new IllegalArgumentException("mode: runtime, minimal or where");
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
        if (!(Math.abs(y) <= 2)) {
            throw new IllegalStateException("hello_world gave " + y);
        }
        interpreter.close();
        model.close();
    }
}
