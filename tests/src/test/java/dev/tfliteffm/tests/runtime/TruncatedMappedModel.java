package dev.tfliteffm.tests.runtime;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import java.nio.file.Path;

/**
 * Child JVM of {@link MappedFileTest}: truncates the file of a mapped model under a running interpreter and
 * invokes again. Without XNNPACK the kernels read their weights from the mapping at every invoke, so the
 * documented outcome is a SIGBUS that kills this JVM; it prints {@code SURVIVED} otherwise.
 */
public final class TruncatedMappedModel {

    private TruncatedMappedModel() {}

    public static void main(String[] args) throws Exception {
        Path file = MappedFileCases.sineCopy();
        try (Model m = Model.fromFile(file);
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            System.out.println("before: " + MappedFileCases.sine(ip, 1.5708f));
            MappedFileCases.truncate(file, 0);
            System.out.println("after: " + MappedFileCases.sine(ip, 1.5708f));
        }
        System.out.println("SURVIVED");
    }
}
