package dev.tfliteffm.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** {@code .npz} files as {@code numpy.savez} writes them: a zip of {@code NAME.npy}, one per array. */
final class Npz {

    private Npz() {}

    /** Every array of {@code file}, by name (the entry's name without {@code .npy}), in the zip's order. */
    static Map<String, NpyArray> read(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name.substring(0, name.length() - 4), Npy.read(in, file + ":" + name));
                } catch (NpyFormatException e) {
                    throw new CliException(e.getMessage(), e);
                }
            }
        }
        return arrays;
    }

    /** Writes {@code arrays} to {@code file} as NAME.npy entries (replacing the file). */
    static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file));
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
        }
    }
}
