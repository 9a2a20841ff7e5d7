package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import dev.tfliteffm.tools.Gcc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader as a JVM starts, in child JVMs: settings from system properties and the environment, the error
 * when nothing is found, and extraction by many threads of two JVMs at once; also the bindings calling the
 * library it loaded. The loader's in-JVM checks are native-libs' unit tests ({@code LoaderTest} there).
 */
class LoaderStartupTest {

    // Read from the jar on the class path, not from the loader's naming code.
    private static final PlatformJar JAR = PlatformJar.onClassPath();

    @Test
    void bindingsCallTfLiteVersion() {
        assertEquals("2.21.0", TensorFlowLite.version());
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
                JAR.platform(),
                TfLiteLibrary.PATH_PROPERTY,
                TfLiteLibrary.PATH_ENV,
                JAR.libraryEntry(),
                "org.bytedeco:tensorflow-lite:2.21.0-1.5.14",
                "<classifier>" + JAR.platform() + "</classifier>",
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
            assertEquals(List.of(".lock", JAR.libraryFileName()), names, "one library and its lock file, no leftovers");
        }
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
