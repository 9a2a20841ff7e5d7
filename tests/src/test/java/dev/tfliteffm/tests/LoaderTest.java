package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native-libs loader: search order, extraction, version check, and its errors. */
class LoaderTest {

    private static final String PLATFORM = TfLiteLibrary.platform();

    @Test
    void findsAndOpensTheBundledLibrary() {
        TfLiteLibrary lib = TfLiteLibrary.get();
        assertEquals("2.21.0", lib.version());
        assertEquals("2.21.0", TfLiteLibrary.expectedVersion());
        assertTrue(
                lib.source() == TfLiteLibrary.Source.EXTRACTED || lib.source() == TfLiteLibrary.Source.CACHED,
                "source " + lib.source());
        assertTrue(Files.isRegularFile(Path.of(lib.location())), lib.location());
        assertTrue(
                Path.of(lib.location()).startsWith(TfLiteLibrary.cacheRoot()),
                lib.location() + " should be under " + TfLiteLibrary.cacheRoot());
        assertTrue(
                Path.of(lib.location()).getParent().getFileName().toString().startsWith("crc32-"),
                "the cache folder is named by the checksum the jar records: " + lib.location());
        assertSame(lib, TfLiteLibrary.get());
        assertTrue(lib.symbols().find("TfLiteInterpreterInvoke").isPresent());
    }

    @Test
    void bindingsCallTfLiteVersion() {
        assertEquals("2.21.0", TensorFlowLite.version());
    }

    @Test
    void platformNames() {
        assertEquals("linux-x86_64", TfLiteLibrary.platform("Linux", "amd64"));
        assertEquals("linux-arm64", TfLiteLibrary.platform("Linux", "aarch64"));
        assertEquals("macosx-arm64", TfLiteLibrary.platform("Mac OS X", "aarch64"));
        assertEquals("macosx-x86_64", TfLiteLibrary.platform("Mac OS X", "x86_64"));
        assertEquals("windows-x86_64", TfLiteLibrary.platform("Windows 11", "amd64"));
        assertEquals(
                "org/bytedeco/tensorflowlite/windows-x86_64/jnitensorflowlite.dll",
                TfLiteLibrary.bundledResource("windows-x86_64"));
        assertEquals(
                "org/bytedeco/tensorflowlite/macosx-arm64/libjnitensorflowlite.dylib",
                TfLiteLibrary.bundledResource("macosx-arm64"));
    }

    @Test
    void openRejectsAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("libnothing.so");
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> open(missing));
        assertTrue(
                e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void openRejectsADirectory(@TempDir Path dir) {
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> open(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void openRejectsAFileThatIsNoLibrary(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("libfake.so"), "not a shared library");
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> open(text));
        assertTrue(
                e.getMessage().contains(text.toString()) && e.getMessage().contains("not a loadable library"),
                e.getMessage());
    }

    @Test
    void openRejectsALibraryWithoutTheTfLiteApi(@TempDir Path dir) throws Exception {
        Path lib = Gcc.sharedLibrary(dir, "libother.so", "int answer(void) { return 42; }\n");
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> open(lib));
        assertTrue(e.getMessage().contains("does not export TfLiteVersion"), e.getMessage());
    }

    @Test
    void versionPolicy(@TempDir Path dir) throws Exception {
        // Same major.minor, any patch: accepted.
        assertEquals("2.21.7", open(fakeVersion(dir, "2.21.7")).version());
        // Newer minor of the same major: accepted (with a logged warning).
        assertEquals("2.22.0", open(fakeVersion(dir, "2.22.0")).version());
        // Older minor, other major, or no version: errors that say what was expected.
        for (String bad : List.of("2.20.3", "3.0.0", "1.15.0", "garbage")) {
            Path lib = fakeVersion(dir, bad);
            UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> open(lib), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
            if (!bad.equals("garbage")) {
                assertTrue(
                        e.getMessage().contains("generated for 2.21.0")
                                && e.getMessage().contains(TfLiteLibrary.VERSION_CHECK_PROPERTY + "=warn"),
                        e.getMessage());
            }
        }
    }

    @Test
    void versionCheckCanBeDowngradedToAWarning(@TempDir Path dir) throws Exception {
        Path lib = fakeVersion(dir, "2.20.0");
        ChildJvm.Result r = ChildJvm.run(
                LoaderProbe.class,
                Map.of(TfLiteLibrary.PATH_PROPERTY, lib.toString(), TfLiteLibrary.VERSION_CHECK_PROPERTY, "warn"),
                "1");
        // The fake library has no interpreter, but the loader accepts it and the bindings call its TfLiteVersion.
        assertTrue(r.stdout().contains("source=EXPLICIT_PATH") && r.stdout().contains("version=2.20.0"), r.toString());
        assertTrue(
                r.stderr().contains("2.20.0") && r.stderr().contains("generated for 2.21.0"),
                "warning expected on stderr: " + r);
    }

    @Test
    void explicitPathPropertyThatDoesNotExistIsAnError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libtensorflowlite_c.so");
        ChildJvm.Result r =
                ChildJvm.run(LoaderProbe.class, Map.of(TfLiteLibrary.PATH_PROPERTY, missing.toString()), "2");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(
                r.stdout().contains("system property " + TfLiteLibrary.PATH_PROPERTY)
                        && r.stdout().contains(missing.toString())
                        && r.stdout().contains("does not exist"),
                r.stdout());
    }

    @Test
    void explicitPathFromEnvironmentVariableIsUsed(@TempDir Path dir) throws Exception {
        Path bundled = Path.of(TfLiteLibrary.get().location());
        Process p = ChildJvm.start(
                LoaderProbe.class,
                Map.of(),
                Map.of(TfLiteLibrary.PATH_ENV, bundled.toString()),
                ChildJvm.classPath(),
                "1",
                SharedModels.model("hello_world_float.tflite").toString());
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(2)).assertSuccess();
        assertTrue(r.stdout().contains("source=EXPLICIT_PATH location=" + bundled), r.stdout());
        assertTrue(r.stdout().contains("y=0.995"), r.stdout());
    }

    @Test
    void nothingFoundNamesPlatformPropertyVariableAndArtifact() throws Exception {
        // A class path without the platform jar (nor the CLI jar, whose manifest names a copy of it):
        // no resource, no explicit path, no system library.
        List<String> cp = ChildJvm.classPath().stream()
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("tensorflow-lite-"))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("tflite-ffm-cli"))
                .toList();
        Process p = ChildJvm.start(LoaderProbe.class, Map.of(), Map.of(), cp, "1");
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(2));
        assertEquals(3, r.exitCode(), r.toString());
        String out = r.stdout();
        for (String expected : List.of(
                PLATFORM,
                TfLiteLibrary.PATH_PROPERTY,
                TfLiteLibrary.PATH_ENV,
                TfLiteLibrary.bundledResource(PLATFORM),
                "org.bytedeco:tensorflow-lite:2.21.0-1.5.14",
                "<classifier>" + PLATFORM + "</classifier>",
                System.mapLibraryName("tensorflowlite_c"))) {
            assertTrue(out.contains(expected), "'" + expected + "' missing from: " + out);
        }
    }

    @Test
    void manyThreadsInTwoJvmsExtractExactlyOnce(@TempDir Path cache) throws Exception {
        String model = SharedModels.model("hello_world_float.tflite").toString();
        Map<String, String> props = Map.of(TfLiteLibrary.CACHE_DIR_PROPERTY, cache.toString());
        Process a = ChildJvm.start(LoaderProbe.class, props, Map.of(), ChildJvm.classPath(), "16", model);
        Process b = ChildJvm.start(LoaderProbe.class, props, Map.of(), ChildJvm.classPath(), "16", model);
        ChildJvm.Result ra = ChildJvm.result(a, Duration.ofMinutes(2)).assertSuccess();
        ChildJvm.Result rb = ChildJvm.result(b, Duration.ofMinutes(2)).assertSuccess();
        String both = ra.stdout() + rb.stdout();
        assertEquals(1, count(both, "source=EXTRACTED"), both);
        assertEquals(1, count(both, "source=CACHED"), both);
        assertEquals(2, count(both, "instances=1 "), both);
        assertEquals(2, count(both, "version=2.21.0"), both);
        assertEquals(2, count(both, "y=0.995"), both);
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
            assertEquals(
                    List.of(".lock", TfLiteLibrary.bundledFileName(PLATFORM)),
                    names,
                    "one library and its lock file, no leftovers");
        }
    }

    private static TfLiteLibrary open(Path path) {
        // The arena is never closed: a library's symbols stay valid for this JVM, as the loader's do.
        TfLiteLibrary lib = TfLiteLibrary.open(path, Arena.ofAuto());
        assertNotNull(lib);
        return lib;
    }

    private static Path fakeVersion(Path dir, String version) throws Exception {
        Path sub = Files.createTempDirectory(dir, "v");
        return Gcc.sharedLibrary(
                sub, "libfaketflite.so", "const char* TfLiteVersion(void) { return \"" + version + "\"; }\n");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
