package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.ModelCheck;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.TfLiteException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check MODEL [--json] [--timeout S] [--signature KEY --input NAME=FILE.npy ...]}: the pre-flight of
 * {@link ModelCheck} — load, allocate and invoke every signature in a child JVM, so that a model that crashes TFLite
 * is reported instead of killing this process. One line per signature; exit status 1 when anything failed.
 */
@Command(
        name = "check",
        description = "Loads, allocates and invokes every signature (zeros, then the given inputs) in a child JVM: "
                + "a crash is reported, not suffered")
final class CheckCommand extends Subcommand {

    @Parameters(paramLabel = "MODEL", description = "the .tflite file")
    Path path;

    @Option(names = "--json", description = "the report as JSON")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "how long the child JVM may take in all (default ${DEFAULT-VALUE})")
    long timeoutSeconds = 120;

    @Option(
            names = "--signature",
            paramLabel = "KEY",
            description = "the signature the --input values are for (default ${DEFAULT-VALUE})")
    String signature = "serving_default";

    @Option(
            names = "--input",
            paramLabel = "NAME=FILE.npy",
            description = "a sample input, run after the zeros (repeatable)")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new CliException(
                    "model file " + path + (Files.isDirectory(path) ? " is a directory" : " does not exist"));
        }
        if (timeoutSeconds <= 0) {
            throw new CliException("--timeout must be positive, given " + timeoutSeconds);
        }
        List<ModelCheck.Option> options = new ArrayList<>();
        options.add(ModelCheck.Option.timeout(Duration.ofSeconds(timeoutSeconds)));
        options.add(ModelCheck.Option.interpreterOptions(main.interpreterOptions()));
        if (!inputs.isEmpty()) {
            options.add(ModelCheck.Option.sampleInputs(signature, samples()));
        }
        ModelCheck.Report report = ModelCheck.inChildJvm(path, options.toArray(ModelCheck.Option[]::new));
        PrintStream out = main.out;
        if (json) {
            out.println(Json.writePretty(toJson(report)));
        } else {
            out.println("model: " + path);
            if (report.loadFailure() != null) {
                out.println("load: failed: " + report.loadFailure().getMessage());
            }
            for (ModelCheck.SignatureResult r : report.signatures()) {
                out.println(r.signature() + ": "
                        + (r.ok()
                                ? "ok"
                                : "failed"
                                        + (r.stage() == null
                                                ? ""
                                                : " at " + r.stage().name().toLowerCase(Locale.ROOT)) + ": "
                                        + r.failure().getMessage()));
            }
        }
        return report.ok() ? 0 : 1;
    }

    private Map<String, NdArray> samples() throws IOException {
        Map<String, NdArray> samples = new LinkedHashMap<>();
        for (String input : inputs) {
            int eq = input.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--input takes NAME=FILE.npy, given '" + input + "'");
            }
            String name = input.substring(0, eq);
            Path file = Path.of(input.substring(eq + 1));
            if (!Files.isRegularFile(file)) {
                throw new CliException("input '" + name + "': " + file + " does not exist");
            }
            NpyArray npy;
            try {
                npy = Npy.read(file);
            } catch (NpyFormatException e) {
                throw new CliException("input '" + name + "': " + e.getMessage(), e);
            }
            int[] shape = new int[npy.shape().length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Math.toIntExact(npy.shape()[i]);
            }
            samples.put(
                    name,
                    npy.isString()
                            ? NdArray.ofStrings(npy.byteStrings().toArray(new byte[0][]), shape)
                            : NdArray.fromBytes(
                                    dataType(name, npy.dtypeName()),
                                    MemorySegment.ofArray(npy.data()),
                                    ByteOrder.LITTLE_ENDIAN,
                                    shape));
        }
        return samples;
    }

    /** The tensor type a .npy dtype stands for (the one whose NumPy name it is). */
    private static DataType dataType(String name, String dtype) {
        for (DataType t : DataType.values()) {
            if (t.isFixedSize() && t.numpyName().equals(dtype)) {
                return t;
            }
        }
        throw new CliException("input '" + name + "': no tensor type holds " + dtype);
    }

    private static Map<String, Object> toJson(ModelCheck.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", report.model().toString());
        json.put("ok", report.ok());
        json.put("crashed", report.crashed());
        report.hsErrFile().ifPresent(f -> json.put("hsErrFile", f.toString()));
        if (report.loadFailure() != null) {
            json.put("load", failure(report.loadFailure(), null));
        }
        Map<String, Object> signatures = new LinkedHashMap<>();
        for (ModelCheck.SignatureResult r : report.signatures()) {
            signatures.put(r.signature(), r.ok() ? Map.of("ok", true) : failure(r.failure(), r.stage()));
        }
        json.put("signatures", signatures);
        return json;
    }

    private static Map<String, Object> failure(TfLiteException e, ModelCheck.Stage stage) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ok", false);
        if (stage != null) {
            f.put("stage", stage.name().toLowerCase(Locale.ROOT));
        }
        f.put("status", e.status().name());
        f.put("message", e.getMessage());
        f.put("nativeMessages", e.nativeMessages());
        return f;
    }
}
