package dev.tfliteffm.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Include folders for C programs that the tests compile with gcc against the same headers the bindings
 * come from: the TFLite headers of the AAR that jextract.sh reads (copied by the build, unpacked here once),
 * the project's stand-ins, and its header of 2.21 declarations.
 */
public final class CHeaders {

    private static Path unpacked;

    private CHeaders() {}

    /** {@code -I} arguments for gcc. */
    public static synchronized List<String> includeArgs() {
        Path aarHeaders = unpack();
        Path c = SharedModels.repositoryRoot().resolve("bindings/src/main/c");
        return List.of("-I" + aarHeaders, "-I" + c.resolve("standins"), "-I" + c);
    }

    private static Path unpack() {
        if (unpacked != null) {
            return unpacked;
        }
        Path aar = Path.of(System.getProperty("tflite.headers.aar", "target/tflite-headers/tensorflow-lite.aar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(aar)) {
            throw new AssertionError(
                    "The TFLite headers AAR is missing: " + aar + " (the build copies it in generate-test-resources)");
        }
        Path out = aar.resolveSibling("unpacked");
        try (ZipFile zip = new ZipFile(aar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.isDirectory() || !e.getName().startsWith("headers/")) {
                    continue;
                }
                Path target = out.resolve(e.getName()).normalize();
                if (!target.startsWith(out)) {
                    throw new AssertionError("unsafe entry in " + aar + ": " + e.getName());
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path headers = out.resolve("headers");
        if (!Files.isRegularFile(headers.resolve("tensorflow/lite/core/c/c_api.h"))) {
            throw new AssertionError("no tensorflow/lite/core/c/c_api.h in " + aar);
        }
        unpacked = headers;
        return headers;
    }
}
