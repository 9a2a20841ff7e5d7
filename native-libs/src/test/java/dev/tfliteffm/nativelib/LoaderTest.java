package dev.tfliteffm.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tools.Gcc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-libs loader in this JVM: the bundled library, platform naming, and the checks that opening a
 * given file makes (its errors and the version policy). What only a fresh JVM shows (settings, the error when
 * nothing is found, concurrent extraction) is in the tests module's {@code LoaderStartupTest}.
 */
class LoaderTest {

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
        assertTrue(
                lib.symbols().find("TfLiteInterpreterInvoke").isPresent(),
                lib.location() + " does not export TfLiteInterpreterInvoke");
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
    void platformsWithTheCApi() {
        // The platform jars that export the C API; the tests module's BindingsExportTest reads their export
        // tables and fails should the windows-x86_64 DLL start exporting it.
        assertEquals(
                List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64"),
                TfLiteLibrary.PLATFORMS_WITH_C_API);
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

    private static TfLiteLibrary open(Path path) {
        // The arena is never closed: a library's symbols stay valid for this JVM, as the loader's do.
        TfLiteLibrary lib = TfLiteLibrary.open(path, Arena.ofAuto());
        assertNotNull(lib);
        return lib;
    }

    /** A library whose only function is a {@code TfLiteVersion} that returns {@code version}. */
    private static Path fakeVersion(Path dir, String version) throws Exception {
        Path sub = Files.createTempDirectory(dir, "v");
        return Gcc.sharedLibrary(
                sub, "libfaketflite.so", "const char* TfLiteVersion(void) { return \"" + version + "\"; }\n");
    }
}
