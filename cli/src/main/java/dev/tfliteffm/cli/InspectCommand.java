package dev.tfliteffm.cli;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.Quantization;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.flex.FlexStringOps;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect MODEL [--json] [--ops]}: what a model offers, without running it. */
@Command(
        name = "inspect",
        description =
                "TFLite version, signatures, each input/output's dtype, shape, shape" + " signature and quantization")
final class InspectCommand extends Subcommand {

    @Mixin
    OpLibraries opLibraries;

    @Parameters(paramLabel = "MODEL", description = "the .tflite file")
    Path path;

    @Option(names = "--json", description = "the report as JSON")
    boolean json;

    @Option(names = "--ops", description = "also list each subgraph's operators")
    boolean ops;

    /** {@code args} as an {@code inspect} to start without picocli (see {@link PlainArgs}), or null. */
    static InspectCommand plain(Main main, String[] args) {
        PlainArgs plain = PlainArgs.parse(
                args, "inspect", Set.of("--json", "--ops"), Set.of("--op-library"), Set.of("--op-library"), 1);
        if (plain == null) {
            return null;
        }
        InspectCommand inspect = new InspectCommand();
        inspect.main = main;
        inspect.help = new HelpOption();
        inspect.opLibraries = new OpLibraries();
        try {
            inspect.path = Path.of(plain.positional().getFirst());
            for (String jar : plain.all("--op-library")) {
                inspect.opLibraries.jars.add(Path.of(jar));
            }
        } catch (InvalidPathException e) { // picocli reports it
            return null;
        }
        inspect.json = plain.has("--json");
        inspect.ops = plain.has("--ops");
        plain.applyTo(main);
        return inspect;
    }

    @Override
    public Integer call() {
        PrintStream out = main.out;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tfliteVersion", TensorFlowLite.version());
        String signatureList;
        InterpreterOptions options = opLibraries.apply(main.interpreterOptions());
        Set<String> unresolved = new TreeSet<>();
        try (Model model = Model.fromFile(path);
                Interpreter interpreter = Interpreter.create(model, options)) {
            signatureList = interpreter.signatures().toString();
            Map<String, Object> signatures = new LinkedHashMap<>();
            List<SignatureRunner> runners = new ArrayList<>();
            if (interpreter.signatures().keys().isEmpty()) {
                runners.add(interpreter.defaultRunner());
            } else {
                for (String key : interpreter.signatures().keys()) {
                    runners.add(interpreter.runner(key));
                }
            }
            for (SignatureRunner runner : runners) {
                Map<String, Object> signature = new LinkedHashMap<>();
                signature.put("inputs", tensors(runner.inputNames(), runner::input));
                signature.put("outputs", tensors(runner.outputNames(), runner::output));
                signatures.put(runner.key(), signature);
                unresolved.addAll(unresolvedOps(runner));
            }
            report.put("signatures", signatures);
        }
        Map<String, Object> customOps = customOps(options, unresolved);
        if (!customOps.isEmpty()) {
            report.put("customOps", customOps);
        }
        if (ops) {
            report.put("operators", ModelStructure.operators(path));
        }
        if (json) {
            out.println(Json.writePretty(report));
        } else {
            printText(path, report, signatureList, out);
        }
        return 0;
    }

    /** The ops TFLite reports unresolved when it allocates {@code runner}'s tensors; none if it can. */
    private static List<String> unresolvedOps(SignatureRunner runner) {
        try {
            runner.allocateTensors();
            return List.of();
        } catch (TfLiteException e) {
            if (e.status() != TfLiteException.Status.UNRESOLVED_OPS) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String message : e.nativeMessages()) {
                Matcher m = UNRESOLVED.matcher(message);
                while (m.find()) {
                    names.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
            return names;
        }
    }

    // TFLite's words for an op its resolver lacks: a custom op by name, a builtin by its code's name.
    private static final Pattern UNRESOLVED =
            Pattern.compile("unresolved custom op: ([^\\s.]+)|Didn't find op for builtin opcode '([^']+)'");

    /**
     * Each custom op of the model: who implements it (a built-in Java op, a Java op from {@code --op-library},
     * the TFLite library) or that nothing does.
     */
    private Map<String, Object> customOps(InterpreterOptions options, Set<String> unresolved) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> java = new TreeSet<>();
        options.operators().forEach(r -> java.add(r.name()));
        Set<String> builtInJava = new TreeSet<>();
        if (options.flexStringOps()) {
            FlexStringOps.registrations().forEach(r -> builtInJava.add(r.name()));
        }
        for (Map.Entry<String, Integer> op : ModelStructure.customOps(path).entrySet()) {
            String name = op.getKey();
            String by = unresolved.contains(name)
                    ? "unresolved: no implementation"
                            + (name.startsWith("Flex")
                                    ? " (a Flex op: write it in Java with --op-library; FlexNodeDef reads its attributes)"
                                    : " (write it in Java with --op-library)")
                    : java.contains(name)
                            ? "Java (--op-library)"
                            : builtInJava.contains(name) ? "Java (built in)" : "TFLite";
            out.put(name + " v" + op.getValue(), by);
        }
        return out;
    }

    private static Map<String, Object> tensors(List<String> names, Function<String, Tensor> lookup) {
        Map<String, Object> tensors = new LinkedHashMap<>();
        for (String name : names) {
            Tensor t = lookup.apply(name);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dataType().numpyName());
            info.put("shape", t.shape());
            info.put("shapeSignature", t.shapeSignature());
            Quantization q = t.quantization();
            Map<String, Object> quantization = new LinkedHashMap<>();
            quantization.put("scale", q.scales());
            quantization.put("zeroPoint", q.zeroPoints());
            if (q.isPerChannel()) {
                quantization.put("quantizedDimension", q.quantizedDimension());
            }
            info.put("quantization", quantization);
            info.put("tensor", t.name());
            tensors.put(name, info);
        }
        return tensors;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Path path, Map<String, Object> report, String signatureList, PrintStream out) {
        out.println("model: " + path);
        out.println("TensorFlow Lite " + report.get("tfliteVersion"));
        out.println("signatures: " + signatureList);
        Map<String, Object> signatures = (Map<String, Object>) report.get("signatures");
        for (Map.Entry<String, Object> s : signatures.entrySet()) {
            out.println();
            out.println("signature '" + s.getKey() + "'");
            Map<String, Object> signature = (Map<String, Object>) s.getValue();
            for (String side : List.of("inputs", "outputs")) {
                out.println("  " + side + ":");
                for (Map.Entry<String, Object> t : ((Map<String, Object>) signature.get(side)).entrySet()) {
                    Map<String, Object> info = (Map<String, Object>) t.getValue();
                    Map<String, Object> q = (Map<String, Object>) info.get("quantization");
                    float[] scales = (float[]) q.get("scale");
                    String quantization = scales.length == 0
                            ? "not quantized"
                            : "scale " + Arrays.toString(scales)
                                    + " zero point " + Arrays.toString((long[]) q.get("zeroPoint"))
                                    + (q.containsKey("quantizedDimension")
                                            ? " along dimension " + q.get("quantizedDimension")
                                            : "");
                    out.println("    " + t.getKey() + ": " + info.get("dtype")
                            + Arrays.toString((int[]) info.get("shape"))
                            + ", shape signature " + Arrays.toString((int[]) info.get("shapeSignature"))
                            + ", " + quantization + " (tensor '" + info.get("tensor") + "')");
                }
            }
        }
        if (report.containsKey("customOps")) {
            out.println();
            out.println("custom ops:");
            for (Map.Entry<String, Object> op : ((Map<String, Object>) report.get("customOps")).entrySet()) {
                out.println("  " + op.getKey() + ": " + op.getValue());
            }
        }
        if (report.containsKey("operators")) {
            out.println();
            for (Map.Entry<String, Object> g : ((Map<String, Object>) report.get("operators")).entrySet()) {
                List<String> names = (List<String>) g.getValue();
                out.println("operators of subgraph " + g.getKey() + " (" + names.size() + "):");
                for (int i = 0; i < names.size(); i++) {
                    out.println("  " + i + ": " + names.get(i));
                }
            }
        }
    }
}
