package dev.tfliteffm.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The items of {@code batch}: a directory of item directories, an {@code .npz}, or a {@code .jsonl}. Items are
 * numbered from 0 in input order; reading one may be slow (it parses files), and happens on the job's threads.
 */
interface BatchItems extends Closeable {

    /** How many items there are. */
    int size();

    /** The item's name: its directory's name, or its index. */
    String name(int index);

    /** Item {@code index}'s values by input name; errors name the item's file. */
    Map<String, Object> read(int index, BatchSignature signature) throws IOException;

    /** Releases open files; nothing by default. */
    @Override
    default void close() throws IOException {}

    /** The items of {@code path}, by its form: a directory, {@code *.npz} or {@code *.jsonl}. */
    static BatchItems open(Path path) throws IOException {
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            return DirItems.open(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException("--inputs " + path + " does not exist");
        }
        if (file.endsWith(".npz")) {
            return NpzItems.open(path);
        }
        if (file.endsWith(".jsonl")) {
            return JsonlItems.open(path);
        }
        throw new CliException("--inputs takes a directory, a .npz or a .jsonl file, not " + path);
    }
}
