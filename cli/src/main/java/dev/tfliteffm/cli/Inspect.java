package dev.tfliteffm.cli;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.Quantization;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TensorFlowLite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code inspect MODEL [--json] [--ops]}: what a model offers, without running it. */
final class Inspect {

    private Inspect() {}

    static int run(List<String> args, Main.Options options, PrintStream out) {
        String modelArg = null;
        boolean json = false;
        boolean ops = false;
        for (String arg : args) {
            switch (arg) {
                case "--json" -> json = true;
                case "--ops" -> ops = true;
                default -> {
                    if (arg.startsWith("--")) {
                        throw new Main.UsageException("inspect: unknown option " + arg);
                    }
                    if (modelArg != null) {
                        throw new Main.UsageException("inspect takes one model, given " + modelArg + " and " + arg);
                    }
                    modelArg = arg;
                }
            }
        }
        if (modelArg == null) {
            throw new Main.UsageException("inspect needs a MODEL");
        }
        Path path = Path.of(modelArg);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tfliteVersion", TensorFlowLite.version());
        String signatureList;
        try (Model model = Model.fromFile(path);
                Interpreter interpreter = Interpreter.create(model, options.interpreterOptions())) {
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
            }
            report.put("signatures", signatures);
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

    private static Map<String, Object> tensors(List<String> names, java.util.function.Function<String, Tensor> lookup) {
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
                            : "scale " + Arrays.toString(scales) + " zero point "
                                    + Arrays.toString((long[]) q.get("zeroPoint"))
                                    + (q.containsKey("quantizedDimension")
                                            ? " along dimension " + q.get("quantizedDimension")
                                            : "");
                    out.println(
                            "    " + t.getKey() + ": " + info.get("dtype") + Arrays.toString((int[]) info.get("shape"))
                                    + ", shape signature " + Arrays.toString((int[]) info.get("shapeSignature"))
                                    + ", " + quantization + " (tensor '" + info.get("tensor") + "')");
                }
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
