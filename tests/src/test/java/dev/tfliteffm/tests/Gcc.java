package dev.tfliteffm.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds small C programs and libraries at test time with the machine's {@code gcc}. */
public final class Gcc {

    private Gcc() {}

    /** Compiles {@code source} into a shared library {@code dir/name} and returns its path. */
    public static Path sharedLibrary(Path dir, String name, String source) throws IOException, InterruptedException {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path lib = dir.resolve(name);
        run(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), c.toString()));
        return lib;
    }

    /** Runs gcc with {@code args}; fails with gcc's output when it does not succeed. */
    public static void run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("gcc failed (" + String.join(" ", command) + "):\n" + output);
        }
    }
}
