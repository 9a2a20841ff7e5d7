package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./tflite-ffm} launcher's AOT cache (JDK 24+), driven through bash on a copy of the launcher and
 * the packaged CLI ({@code cli/target}, made by the reactor's package phase before this module's tests): the
 * first {@code run} makes the cache once, later runs use it without remaking it (however the launcher is named),
 * a changed jar gets a new cache (the old one removed), also one written again with its old size and time, a
 * corrupt file is ignored with a warning and replaced, and a cache the JVM cannot use is ignored by the JVM (the
 * run still succeeds). The JVM does not check the class path jars of such a cache itself: the launcher's key must. The cache is assembled in the foreground
 * ({@code TFLITE_FFM_AOT=sync}) so that the test need not wait for a background JVM.
 */
class AotCacheLauncherTest {

    @TempDir
    Path temp;

    record Result(int status, String out, String err) {}

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a handful of JVMs on a loaded 2-core machine
    void cacheIsMadeOnceReusedRemadeWhenTheJarChangesAndCorruptFilesAreIgnored() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "AOT caches need JDK 24+");
        Path repo = SharedModels.repositoryRoot();
        Path jar = repo.resolve("cli/target/tflite-ffm-cli.jar");
        assumeTrue(Files.isRegularFile(jar), "cli/target/tflite-ffm-cli.jar is packaged by the reactor first");
        Path model = SharedModels.model("hello_world_float.tflite");

        // A copy of the launcher and the packaged CLI: the test changes the jar without touching the real one.
        Path root = temp.resolve("root");
        Files.createDirectories(root.resolve("scripts"));
        Files.createDirectories(root.resolve("cli/target/lib"));
        Files.copy(repo.resolve("tflite-ffm"), root.resolve("tflite-ffm"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(repo.resolve("scripts/jdk.sh"), root.resolve("scripts/jdk.sh"));
        Path copiedJar = root.resolve("cli/target/tflite-ffm-cli.jar");
        Files.copy(jar, copiedJar, StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> libs = Files.list(jar.resolveSibling("lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(
                        lib,
                        root.resolve("cli/target/lib").resolve(lib.getFileName()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path cacheDir = temp.resolve("aot");

        // 1. The first run trains and makes one cache.
        Result first = launch(root, cacheDir, model);
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("dense_2"), first.out());
        assertFalse(
                first.out().contains("AOTConfiguration"), "the training run prints nothing of its own: " + first.out());
        List<Path> caches = caches(cacheDir);
        assertEquals(1, caches.size(), "one cache: " + caches);
        Path cache = caches.get(0);
        FileTime made = Files.getLastModifiedTime(cache);

        // 2. Later runs use it and leave it as it is.
        Result second = launch(root, cacheDir, model);
        assertEquals(0, second.status(), second.err());
        assertTrue(second.out().contains("dense_2"), second.out());
        assertFalse((second.out() + second.err()).contains("[aot]"), "the JVM accepted the cache: " + second.err());
        assertEquals(List.of(cache), caches(cacheDir));
        assertEquals(made, Files.getLastModifiedTime(cache));

        // 2b. The key does not depend on how the launcher is named: relative, or through "..", the same cache.
        List<String> sync = List.of("env", "TFLITE_FFM_AOT=sync", "TFLITE_FFM_AOT_DIR=" + cacheDir);
        Result relative = run(root, sync, model, "./tflite-ffm");
        assertEquals(0, relative.status(), relative.err());
        Result dotDot = run(temp, sync, model, "root/../root/tflite-ffm");
        assertEquals(0, dotDot.status(), dotDot.err());
        assertEquals(List.of(cache), caches(cacheDir));
        assertEquals(made, Files.getLastModifiedTime(cache));

        // 2c. A class path jar written again, even with its old size and modification time (which is all the JVM
        //     checks), is a new jar: the key holds its change time (ctime), which no program can set back.
        Path lib = root.resolve("cli/target/lib/progressbar.jar");
        FileTime libTime = Files.getLastModifiedTime(lib);
        Files.write(lib, Files.readAllBytes(lib));
        Files.setLastModifiedTime(lib, libTime);
        Result rewritten = launch(root, cacheDir, model);
        assertEquals(0, rewritten.status(), rewritten.err());
        List<Path> afterRewrite = caches(cacheDir);
        assertEquals(1, afterRewrite.size(), "one cache: " + afterRewrite);
        assertNotEquals(cache, afterRewrite.get(0));
        cache = afterRewrite.get(0);

        // 3. A changed jar (here: its time) gets a new cache, and the old one goes. The key is the only guard: the
        //    JVM (25.0.3) keeps serving the classes of a cache made with -jar after a class path jar changed.
        Files.setLastModifiedTime(copiedJar, FileTime.from(Instant.now().plusSeconds(5)));
        Result third = launch(root, cacheDir, model);
        assertEquals(0, third.status(), third.err());
        List<Path> remade = caches(cacheDir);
        assertEquals(1, remade.size(), "one cache: " + remade);
        assertNotEquals(cache, remade.get(0));
        cache = remade.get(0);

        // 4. A corrupt file is ignored with a warning, and a good cache replaces it.
        Files.write(cache, "not an AOT cache".getBytes(StandardCharsets.UTF_8));
        Result corrupt = launch(root, cacheDir, model);
        assertEquals(0, corrupt.status(), corrupt.err());
        assertTrue(corrupt.out().contains("dense_2"), corrupt.out());
        assertTrue(corrupt.err().contains("not an AOT cache"), corrupt.err());
        assertEquals(List.of(cache), caches(cacheDir));
        assertNotEquals("not an AOT cache", Files.readString(cache, StandardCharsets.ISO_8859_1));

        // 5. A real AOT cache that the JVM cannot use (here: one made with -XX:-UseCompressedOops, through the
        //    launcher, in another folder) is ignored by the JVM, with its warning; the run works.
        Path otherDir = temp.resolve("aot-other");
        Result other = run(
                temp,
                List.of(
                        "env",
                        "TFLITE_FFM_AOT=sync",
                        "TFLITE_FFM_AOT_DIR=" + otherDir,
                        "TFLITE_FFM_JAVA_OPTS=-XX:-UseCompressedOops"),
                model,
                root.resolve("tflite-ffm").toString());
        assertEquals(0, other.status(), other.err());
        Files.copy(caches(otherDir).get(0), cache, StandardCopyOption.REPLACE_EXISTING);
        Result alien = launch(root, cacheDir, model);
        assertEquals(0, alien.status(), alien.err());
        assertTrue(alien.out().contains("dense_2"), alien.out());
        assertTrue(alien.err().contains("[aot]"), "the JVM says why it does not use the cache: " + alien.err());

        // 6. TFLITE_FFM_AOT=off: no cache flags at all (the run works with the cache folder absent).
        Result off =
                run(root, List.of("env", "TFLITE_FFM_AOT=off", "TFLITE_FFM_AOT_DIR=" + temp.resolve("none")), model);
        assertEquals(0, off.status(), off.err());
        assertFalse(Files.exists(temp.resolve("none")));
    }

    private static List<Path> caches(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".aot"))
                    .sorted()
                    .toList();
        }
    }

    private Result launch(Path root, Path cacheDir, Path model) throws Exception {
        return run(root, List.of("env", "TFLITE_FFM_AOT=sync", "TFLITE_FFM_AOT_DIR=" + cacheDir), model);
    }

    private Result run(Path root, List<String> env, Path model) throws Exception {
        return run(temp, env, model, root.resolve("tflite-ffm").toString());
    }

    /** Runs the launcher named {@code launcher} in the folder {@code cwd}. */
    private Result run(Path cwd, List<String> env, Path model, String launcher) throws Exception {
        List<String> command = new ArrayList<>(env);
        command.add("JAVA_HOME=" + System.getProperty("java.home"));
        command.addAll(List.of(
                "bash",
                launcher,
                "run",
                model.toString(),
                "--input",
                "dense_input=[[1.5708]]",
                "--output-dir",
                temp.resolve("out").toString()));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 5 minutes: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
