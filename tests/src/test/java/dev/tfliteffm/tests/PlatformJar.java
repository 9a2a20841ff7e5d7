package dev.tfliteffm.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A bytedeco {@code tensorflow-lite} platform jar and the native library inside it, read from the jar itself:
 * tests check the loader's messages and the export tables against the files, not against the loader's own naming
 * code (which native-libs' unit tests cover).
 *
 * @param jar      the jar file
 * @param platform its classifier, e.g. {@code linux-x86_64}
 */
public record PlatformJar(Path jar, String platform) {

    private static final String PREFIX = "tensorflow-lite-" + System.getProperty("bytedeco.tflite.version") + "-";

    /** The platform jar on this JVM's class path: the one the build picked for this machine. */
    public static PlatformJar onClassPath() {
        List<Path> jars = ChildJvm.classPath().stream()
                .map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(PREFIX)
                        && p.toString().endsWith(".jar"))
                .toList();
        if (jars.size() != 1) {
            throw new AssertionError("expected one " + PREFIX + "*.jar on the class path, found " + jars);
        }
        String name = jars.getFirst().getFileName().toString();
        return new PlatformJar(jars.getFirst(), name.substring(PREFIX.length(), name.length() - ".jar".length()));
    }

    /** The jar of {@code platform} among the copies the build puts in {@code natives.dir}. */
    public static PlatformJar inNativesDir(String platform) {
        return new PlatformJar(Path.of(System.getProperty("natives.dir"), PREFIX + platform + ".jar"), platform);
    }

    /**
     * The library's entry, e.g. {@code org/bytedeco/tensorflowlite/linux-x86_64/libjnitensorflowlite.so}: the
     * one file in the platform's folder of the jar.
     */
    public String libraryEntry() {
        String folder = "org/bytedeco/tensorflowlite/" + platform + "/";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> files = zip.stream()
                    .filter(e -> !e.isDirectory())
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith(folder))
                    .toList();
            if (files.size() != 1) {
                throw new AssertionError("expected one file under " + folder + " in " + jar + ", found " + files);
            }
            return files.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The library's file name, e.g. {@code libjnitensorflowlite.so}. */
    public String libraryFileName() {
        String entry = libraryEntry();
        return entry.substring(entry.lastIndexOf('/') + 1);
    }
}
