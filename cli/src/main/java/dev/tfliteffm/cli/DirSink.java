package dev.tfliteffm.cli;

import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Outputs as one directory per item, {@code ROOT/<item>/NAME.npy} per output ({@code NAME.json} for strings),
 * as {@code run --output-dir} writes them. An item's files are written into {@code TMP/<item>}, which is then
 * renamed to {@code ROOT/<item>} in one step: an item directory is always complete.
 */
final class DirSink implements BatchSink {

    private final Path root;
    private final Path tmp;
    private final IntFunction<String> names;

    /**
     * Outputs under {@code root}; {@code tmp} (on the same file system) holds items being written, and is
     * emptied first: what is there is left from a run that was killed.
     */
    DirSink(Path root, Path tmp, IntFunction<String> names) throws IOException {
        this.root = root;
        this.tmp = tmp;
        this.names = names;
        Files.createDirectories(root);
        deleteTree(tmp);
        Files.createDirectories(tmp);
    }

    /** The directory of item {@code index}. */
    Path itemDir(int index) {
        return root.resolve(names.apply(index));
    }

    @Override
    public boolean concurrentWrites() {
        return true; // each item has its own directory
    }

    @Override
    public boolean done(int index) {
        return Files.isDirectory(itemDir(index));
    }

    @Override
    public void write(int index, Map<String, NdArray> outputs) throws IOException {
        Path staging = tmp.resolve(names.apply(index)); // tmp was emptied when the run started
        Files.createDirectory(staging);
        for (Map.Entry<String, NdArray> e : outputs.entrySet()) {
            RunOutputs.write(staging, e.getKey(), e.getValue());
        }
        Path target = itemDir(index);
        if (Files.exists(target)) { // not there unless someone made it since the run started
            deleteTree(target);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        deleteTree(tmp);
    }

    /** Deletes {@code path} and everything under it, if it exists. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
