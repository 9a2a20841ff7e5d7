package dev.tfliteffm.tests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real models in {@code ../shared/models/} (beside the repository), or in the folder named by the
 * environment variable {@code TFLITE_SHARED_MODELS}. Tests that need one fail, never skip, when it is missing.
 */
public final class SharedModels {

    private SharedModels() {}

    /** The models folder; fails with the places it looked in when there is none. */
    public static Path dir() {
        String override = System.getenv("TFLITE_SHARED_MODELS");
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override);
            if (!Files.isDirectory(dir)) {
                throw new AssertionError("TFLITE_SHARED_MODELS=" + override + " is not a folder of .tflite models");
            }
            return dir;
        }
        // Surefire runs in tests/; the repository's root is its parent, and shared/ sits beside the root.
        Path root = repositoryRoot();
        Path dir = root.resolveSibling("shared").resolve("models");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("The shared models are missing: expected them in " + dir.normalize()
                    + " (../shared/models/ from the repository root), or set TFLITE_SHARED_MODELS to their folder");
        }
        return dir;
    }

    /** One model file by name, e.g. {@code hello_world_float.tflite}; fails when it is missing. */
    public static Path model(String fileName) {
        Path file = dir().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The shared model " + fileName + " is missing from " + dir().normalize());
        }
        return file;
    }

    /** The repository's root folder (the one with the parent pom.xml and jextract.sh). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("jextract.sh")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("Not inside the tflite-ffm repository: " + dir);
    }
}
