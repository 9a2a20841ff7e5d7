package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run MODEL [--signature KEY] --input NAME=FILE.npy|NAME=JSON ... [--output-dir DIR] [--json]}:
 * runs one signature through {@link SignatureRunner#run}, which resizes inputs whose shape differs.
 */
@Command(
        name = "run",
        description = "runs a signature (default: the model's default one); inputs from .npy files"
                + " or inline JSON arrays; outputs to DIR/NAME.npy (string outputs as DIR/NAME.json)")
final class RunCommand extends Subcommand {

    @Mixin
    OpLibraries opLibraries;

    @Parameters(paramLabel = "MODEL", description = "the .tflite file")
    Path model;

    @Option(names = "--signature", paramLabel = "KEY", description = "the signature to run")
    String signature;

    @Option(
            names = "--input",
            paramLabel = "NAME=FILE.npy|NAME=JSON",
            description = "an input from a .npy file or an inline JSON array such as '[[1,2]]'; once per input")
    List<String> inputSpecs = new ArrayList<>();

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "writes each output to DIR/NAME.npy (characters other than letters, digits, '.', '_' and"
                    + " '-' become '_'; names that then clash get -2, -3, ...)")
    Path outputDir;

    @Option(names = "--json", description = "a JSON summary of the outputs")
    boolean json;

    @Override
    public Integer call() throws IOException {
        String problem = usageProblem();
        if (problem != null) {
            throw usage(problem);
        }
        Map<String, String> inputs = inputs();
        checkOutputDir();
        JsonAhead ahead = JsonAhead.start(inputs.values()); // while the model loads
        PrintStream out = main.out;
        try (Model m = Model.fromFile(model);
                Interpreter interpreter = Interpreter.create(m, opLibraries.apply(main.interpreterOptions()))) {
            SignatureRunner runner = signature == null ? interpreter.defaultRunner() : interpreter.runner(signature);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : inputs.entrySet()) {
                DataType type = runner.input(e.getKey()).dataType();
                values.put(e.getKey(), RunInputs.read(e.getKey(), e.getValue(), type, ahead));
            }
            Map<String, NdArray> outputs = runner.run(values);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("signature", runner.key());
            Map<String, Object> outputSummary = new LinkedHashMap<>();
            if (outputDir != null) {
                createOutputDir();
            }
            Map<String, String> fileNames = RunOutputs.fileNames(List.copyOf(outputs.keySet()));
            for (Map.Entry<String, NdArray> e : outputs.entrySet()) {
                NdArray array = e.getValue();
                Path file = outputDir == null ? null : RunOutputs.write(outputDir, fileNames.get(e.getKey()), array);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("file", file == null ? null : file.toString());
                info.put("dtype", array.dataType().numpyName());
                info.put("shape", array.shape());
                outputSummary.put(e.getKey(), info);
                if (!json) {
                    out.println(e.getKey() + ": " + array.dataType().numpyName() + Arrays.toString(array.shape())
                            + (file != null ? " -> " + file : "") + " " + RunOutputs.preview(array));
                }
            }
            summary.put("outputs", outputSummary);
            if (json) {
                out.println(Json.writePretty(summary));
            }
            return 0;
        }
    }

    /**
     * The usage error of the arguments that picocli does not check itself, or null: an --input that is not
     * NAME=VALUE or names an input twice, an empty --output-dir (that would be the current folder).
     */
    String usageProblem() {
        Set<String> names = new HashSet<>();
        for (String input : inputSpecs) {
            int eq = input.indexOf('=');
            if (eq <= 0) {
                return "--input takes NAME=FILE.npy or NAME=JSON, not '" + input + "'";
            }
            if (!names.add(input.substring(0, eq))) {
                return "input '" + input.substring(0, eq) + "' given twice";
            }
        }
        if (outputDir != null && outputDir.toString().isEmpty()) {
            return "--output-dir is empty; name a folder (\".\" for the current one)";
        }
        return null;
    }

    /** --output-dir, checked before the model is loaded: not a file, nor inside one. */
    private void checkOutputDir() {
        if (outputDir == null) {
            return;
        }
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new CliException("--output-dir " + outputDir + " is a file, not a folder");
        }
        for (Path p = outputDir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new CliException("--output-dir " + outputDir + ": " + p + " is a file, not a folder");
                }
                break;
            }
        }
    }

    private void createOutputDir() {
        try {
            Files.createDirectories(outputDir);
        } catch (FileSystemException e) {
            // Their messages are the bare path: say what went wrong.
            String why = e instanceof FileAlreadyExistsException
                    ? e.getFile() + " is a file, not a folder"
                    : e instanceof AccessDeniedException
                            ? "permission denied on " + e.getFile()
                            : e.getFile() + (e.getReason() == null ? "" : ": " + e.getReason());
            throw new CliException("--output-dir " + outputDir + " cannot be created: " + why, e);
        } catch (IOException e) {
            throw new CliException("--output-dir " + outputDir + " cannot be created: " + e, e);
        }
    }

    /** The --input values by name (checked by {@link #usageProblem}). */
    private Map<String, String> inputs() {
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String input : inputSpecs) {
            int eq = input.indexOf('=');
            inputs.put(input.substring(0, eq), input.substring(eq + 1));
        }
        return inputs;
    }

    /** {@code args} as a {@code run} to start without picocli (see {@link PlainArgs}), or null. */
    static RunCommand plain(Main main, String[] args) {
        PlainArgs plain = PlainArgs.parse(
                args,
                "run",
                Set.of("--json"),
                Set.of("--signature", "--input", "--output-dir", "--op-library"),
                Set.of("--input", "--op-library"),
                1);
        if (plain == null) {
            return null;
        }
        RunCommand run = new RunCommand();
        run.main = main;
        run.help = new HelpOption();
        run.opLibraries = new OpLibraries();
        try {
            run.model = Path.of(plain.positional().getFirst());
            String dir = plain.value("--output-dir");
            run.outputDir = dir == null ? null : Path.of(dir);
            for (String jar : plain.all("--op-library")) {
                run.opLibraries.jars.add(Path.of(jar));
            }
        } catch (InvalidPathException e) { // picocli reports it
            return null;
        }
        run.signature = plain.value("--signature");
        run.inputSpecs.addAll(plain.all("--input"));
        run.json = plain.has("--json");
        if (run.usageProblem() != null) {
            return null;
        }
        plain.applyTo(main);
        return run;
    }

    /** The NumPy dtype of a tensor type's data as written to .npy; TFLite-only types map to their storage. */
    static String npyName(DataType type) {
        return switch (type) {
            case INT4, INT2 -> "int8";
            case UINT4 -> "uint8";
            case BFLOAT16 -> "uint16";
            default -> type.numpyName();
        };
    }
}
