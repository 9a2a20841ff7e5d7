package dev.tfliteffm.tests.conformance;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.CReference;
import dev.tfliteffm.tests.CReference.Output;
import dev.tfliteffm.tests.RawBytes;
import dev.tfliteffm.tests.conformance.ConformanceInputs.InputSet;
import dev.tfliteffm.tests.conformance.ConformanceInputs.InputSpec;
import dev.tfliteffm.tests.conformance.ConformanceModels.Case;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java and the C API, byte for byte: every runnable shared model, every signature, every configuration of
 * {@link ConformanceModels#CONFIGS}, the same sequence of inputs on a fresh interpreter on each side (so a
 * stateful model such as mnist_lstm_float, whose LSTM keeps its state between invokes, sees the same
 * history). The Java runtime runs twice, through {@link SignatureRunner#run(Map)} and through the prepared
 * path (resize, allocate, copy in, invoke, read the output views). Every output must have the C API's name,
 * type, shape and bytes.
 *
 * <p>Run in a child JVM per model by {@link ConformanceTest}: a runtime bug that crashes the JVM then fails
 * that model's test with the crash report, and the other models are still compared.
 */
class ByteForByteCases {

    /** Names the one model to compare (a file name of the shared models); unset, all of them. */
    static final String MODEL_PROPERTY = "tflite.conformance.model";

    static List<Case> cases() {
        String only = System.getProperty(MODEL_PROPERTY);
        if (only == null) {
            return ConformanceModels.cases();
        }
        List<Path> model = ConformanceModels.runnable().stream()
                .filter(p -> p.getFileName().toString().equals(only))
                .toList();
        if (model.isEmpty()) {
            throw new AssertionError(MODEL_PROPERTY + "=" + only + " is not one of the runnable shared models "
                    + ConformanceModels.runnable());
        }
        return ConformanceModels.cases(model.getFirst());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaGivesTheBytesTheCApiGives(Case c) {
        progress("case " + c);
        try {
            compare(c);
        } catch (Throwable t) {
            // Printed now as well as in the summary at the end, which a later crash would prevent.
            progress("  FAILED: " + t);
            throw t;
        }
    }

    private static void compare(Case c) {
        List<InputSpec> specs = new ArrayList<>();
        boolean onPrimarySubgraph;
        try (Model m = Model.fromFile(c.model());
                Interpreter ip = Interpreter.create(m, c.config().javaOptions())) {
            SignatureRunner r = runner(ip, c.signatureKey());
            for (String name : r.inputNames()) {
                Tensor t = r.input(name);
                specs.add(new InputSpec(name, t.dataType(), t.shape(), t.shapeSignature()));
            }
            String first = r.input(r.inputNames().getFirst()).name();
            onPrimarySubgraph = IntStream.range(0, ip.inputCount())
                    .anyMatch(i -> ip.input(i).name().equals(first));
        }
        boolean few = isSlow(c, specs);
        List<String> differences = new ArrayList<>();
        compareSequence(c, specs, ConformanceInputs.sets(specs, few), differences);
        if (!few && ConformanceInputs.batchable(specs, onPrimarySubgraph)) {
            compareBatch(c, specs, differences);
        }
        if (!differences.isEmpty()) {
            throw new AssertionError(c + ": the Java runtime differs from the C API in " + differences.size()
                    + " place(s):\n  " + String.join("\n  ", differences.subList(0, Math.min(differences.size(), 20))));
        }
    }

    /** Whether one invoke (of zeros, in C) takes longer than {@link ConformanceModels#SLOW_INVOKE_NANOS}. */
    private static boolean isSlow(Case c, List<InputSpec> specs) {
        InputSet zeros = ConformanceInputs.sets(specs, true).getFirst();
        long nanos = CReference.run(
                        c.model(),
                        c.signatureKey(),
                        c.config(),
                        List.of(new CReference.Invocation(zeros.bytes(), zeros.shapes())))
                .assertSuccess()
                .invokeNanos()
                .getFirst();
        boolean slow = nanos > ConformanceModels.SLOW_INVOKE_NANOS;
        progress(String.format("  one invoke takes %.1f ms in C%s", nanos / 1e6, slow ? ": only two input sets" : ""));
        return slow;
    }

    /** The same inputs, invoked in the same order on a fresh interpreter on each side, must give the same outputs. */
    private static void compareSequence(Case c, List<InputSpec> specs, List<InputSet> sets, List<String> differences) {
        List<CReference.Invocation> invocations = sets.stream()
                .map(s -> new CReference.Invocation(s.bytes(), s.shapes()))
                .toList();
        progress("  C reference, " + sets.size() + " invokes");
        List<List<Output>> expected = CReference.run(c.model(), c.signatureKey(), c.config(), invocations)
                .assertSuccess()
                .outputs();
        progress("  Java, run(Map)");
        compare("run(Map)", sets, expected, runWithMaps(c, specs, sets), differences);
        progress("  Java, prepared runner");
        compare("prepared runner", sets, expected, runPrepared(c, sets), differences);
    }

    /**
     * A batch of three on a fresh interpreter: where the C API runs it, Java must give the same bytes; where TFLite
     * refuses the shape (an LSTM whose state has a batch of one), Java must refuse it too, with TFLite's message.
     */
    private static void compareBatch(Case c, List<InputSpec> specs, List<String> differences) {
        List<InputSet> batch = List.of(ConformanceInputs.batchOfThree(specs));
        progress("  C reference, batch of 3");
        CReference.Result reference = CReference.run(
                c.model(),
                c.signatureKey(),
                c.config(),
                List.of(new CReference.Invocation(
                        batch.getFirst().bytes(), batch.getFirst().shapes())));
        if (reference.exitCode() == 0) {
            progress("  Java, batch of 3");
            compare("run(Map)", batch, reference.outputs(), runWithMaps(c, specs, batch), differences);
            compare("prepared runner", batch, reference.outputs(), runPrepared(c, batch), differences);
            return;
        }
        if (reference.exitCode() != 1) {
            reference.assertSuccess(); // a usage error of the reference, not TFLite refusing
        }
        progress("  Java, batch of 3 (the C API refused it)");
        for (Runnable path : List.<Runnable>of(() -> runWithMaps(c, specs, batch), () -> runPrepared(c, batch))) {
            try {
                path.run();
                differences.add("batch of 3: Java ran it, the C API refused it:\n" + reference.stderr());
            } catch (TfLiteException e) {
                if (e.nativeMessages().isEmpty()
                        || !reference.stderr().contains(e.nativeMessages().getFirst())) {
                    differences.add("batch of 3: Java refused it with '" + e.getMessage() + "', the C API with:\n"
                            + reference.stderr());
                }
            }
        }
    }

    /** A line in the child's output, so that a crash shows where it happened. */
    private static void progress(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static SignatureRunner runner(Interpreter ip, String key) {
        return key == null ? ip.defaultRunner() : ip.runner(key);
    }

    /** The user's one-call path: typed arrays in, typed arrays out. */
    private static List<List<Output>> runWithMaps(Case c, List<InputSpec> specs, List<InputSet> sets) {
        List<List<Output>> results = new ArrayList<>();
        try (Model m = Model.fromFile(c.model());
                Interpreter ip = Interpreter.create(m, c.config().javaOptions())) {
            SignatureRunner r = runner(ip, c.signatureKey());
            for (InputSet set : sets) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (InputSpec spec : specs) {
                    values.put(
                            spec.name(),
                            RawBytes.toNdArray(
                                    spec.type(),
                                    set.bytes().get(spec.name()),
                                    set.shapes().get(spec.name())));
                }
                List<Output> outputs = new ArrayList<>();
                for (Map.Entry<String, NdArray> e : r.run(values).entrySet()) {
                    NdArray a = e.getValue();
                    outputs.add(new Output(e.getKey(), a.dataType(), a.shape(), RawBytes.fromJavaArray(a.data())));
                }
                results.add(outputs);
            }
        }
        return results;
    }

    /** The zero-copy path: resize when the shape changes, allocate, write inputs, invoke, read the output views. */
    private static List<List<Output>> runPrepared(Case c, List<InputSet> sets) {
        List<List<Output>> results = new ArrayList<>();
        try (Model m = Model.fromFile(c.model());
                Interpreter ip = Interpreter.create(m, c.config().javaOptions())) {
            SignatureRunner r = runner(ip, c.signatureKey());
            boolean allocated = false;
            for (InputSet set : sets) {
                for (String name : r.inputNames()) {
                    int[] shape = set.shapes().get(name);
                    if (!Arrays.equals(r.input(name).shape(), shape)) {
                        r.resizeInput(name, shape);
                        allocated = false;
                    }
                }
                if (!allocated) {
                    r.allocateTensors();
                    allocated = true;
                }
                for (String name : r.inputNames()) {
                    r.input(name).copyFrom(MemorySegment.ofArray(set.bytes().get(name)));
                }
                r.invoke();
                List<Output> outputs = new ArrayList<>();
                for (String name : r.outputNames()) {
                    Tensor t = r.output(name);
                    outputs.add(
                            new Output(name, t.dataType(), t.shape(), t.data().toArray(ValueLayout.JAVA_BYTE)));
                }
                results.add(outputs);
            }
        }
        return results;
    }

    private static void compare(
            String path,
            List<InputSet> sets,
            List<List<Output>> expected,
            List<List<Output>> actual,
            List<String> differences) {
        if (expected.size() != actual.size()) {
            differences.add(path + ": " + actual.size() + " invocations, the C API made " + expected.size());
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            String where = path + ", invoke " + i + " (" + sets.get(i).label() + ")";
            List<Output> cOutputs = expected.get(i);
            List<Output> javaOutputs = actual.get(i);
            if (!cOutputs.stream()
                    .map(Output::name)
                    .toList()
                    .equals(javaOutputs.stream().map(Output::name).toList())) {
                differences.add(where + ": outputs " + javaOutputs + ", the C API's are " + cOutputs);
                continue;
            }
            for (int k = 0; k < cOutputs.size(); k++) {
                String difference = difference(cOutputs.get(k), javaOutputs.get(k));
                if (difference != null) {
                    differences.add(where + ", output '" + cOutputs.get(k).name() + "': " + difference);
                }
            }
        }
    }

    /** What differs between the C API's output and Java's, or null; for bytes, where and how many. */
    static String difference(Output c, Output java) {
        if (c.type() != java.type() || !Arrays.equals(c.shape(), java.shape())) {
            return "Java gives " + java + ", the C API " + c;
        }
        byte[] a = c.bytes();
        byte[] b = java.bytes();
        if (Arrays.equals(a, b)) {
            return null;
        }
        if (a.length != b.length) {
            return "Java gives " + b.length + " bytes, the C API " + a.length;
        }
        int first = Arrays.mismatch(a, b);
        int size = Math.max(c.type().byteSize(), 1);
        long bytesDiffering =
                IntStream.range(0, a.length).filter(i -> a[i] != b[i]).count();
        long elementsDiffering = IntStream.range(0, a.length / size)
                .filter(e -> Arrays.mismatch(a, e * size, e * size + size, b, e * size, e * size + size) >= 0)
                .count();
        int element = first / size;
        return bytesDiffering + " of " + a.length + " bytes differ (" + elementsDiffering + " of " + a.length / size
                + " elements); first at byte " + first + ", element " + element + ": Java "
                + RawBytes.element(c.type(), b, element)
                + ", C " + RawBytes.element(c.type(), a, element);
    }
}
