package dev.tfliteffm.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real models in {@code ../shared/models/} beside the repository, or in the folder named by the environment
 * variable {@code TFLITE_SHARED_MODELS}, as the tests module finds them. Tests that need one fail, never skip,
 * when it is missing.
 */
final class SharedModels {

    private SharedModels() {}

    /** One model file by name, e.g. {@code hello_world_float.tflite}, as a path string for the command line. */
    static String model(String fileName) {
        Path file = dir().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The shared model " + fileName + " is missing from " + dir().normalize());
        }
        return file.toString();
    }

    private static Path dir() {
        String override = System.getenv("TFLITE_SHARED_MODELS");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        // Surefire runs in cli/; the repository's root is the first folder up with jextract.sh.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("jextract.sh")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                Path dir = p.resolveSibling("shared").resolve("models");
                if (!Files.isDirectory(dir)) {
                    throw new AssertionError("The shared models are missing: expected them in " + dir.normalize()
                            + ", or set TFLITE_SHARED_MODELS to their folder");
                }
                return dir;
            }
        }
        throw new AssertionError(
                "Not inside the tflite-ffm repository: " + Path.of("").toAbsolutePath());
    }
}
