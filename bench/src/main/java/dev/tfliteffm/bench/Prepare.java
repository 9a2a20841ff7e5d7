package dev.tfliteffm.bench;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares a run for {@code run.sh}: writes the generated conv nets (if missing) and each workload's input as
 * raw bytes ({@code <dir>/<workload>.input.bin}, what the C loop reads), and prints one line per workload
 * for the shell: {@code name model-path signature-or-dash input-name output-name input-file}. The first line
 * is {@code library <path>}: the TFLite library this runtime opens, which the C loop dlopens too.
 */
public final class Prepare {

    public static void main(String[] args) throws IOException {
        Path dir = Workload.generatedModels();
        Files.createDirectories(dir);
        System.out.println("library " + TfLiteLibrary.get().location());
        for (Workload w : Workload.values()) {
            Path model = w.path();
            Path input = dir.resolve(w + ".input.bin");
            Files.write(input, w.rawInput());
            System.out.println(String.join(
                    " ",
                    w.name(),
                    model.toString(),
                    w.signature == null ? "-" : w.signature,
                    w.inputName,
                    w.outputName,
                    input.toString()));
        }
    }
}
