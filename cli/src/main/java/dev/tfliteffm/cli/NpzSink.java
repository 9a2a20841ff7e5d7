package dev.tfliteffm.cli;

import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outputs for {@code .npz} inputs: each item's outputs in {@code DIR/items/<index>/NAME.npy} as it finishes
 * (what resuming relies on), and, once every item has its outputs, {@code DIR/outputs.npz} with one array per
 * output holding all items in input order: concatenated along the first dimension when the inputs kept their
 * item dimension and each item's output has a first dimension of 1 ({@code [N,10]} from items {@code [1,10]}),
 * stacked along a new first dimension otherwise.
 */
final class NpzSink implements BatchSink {

    private final DirSink items;
    private final Path npz;
    private final Path tmp;
    private final int size;
    private final List<String> outputs;
    private final boolean concatenate;

    NpzSink(Path dir, int size, List<String> outputs, boolean concatenate) throws IOException {
        this.tmp = dir.resolve(".tmp");
        this.items = new DirSink(dir.resolve("items"), tmp, Integer::toString);
        this.npz = dir.resolve("outputs.npz");
        this.size = size;
        this.outputs = outputs;
        this.concatenate = concatenate;
    }

    @Override
    public boolean concurrentWrites() {
        return true; // each item has its own directory
    }

    @Override
    public boolean done(int index) {
        return items.done(index);
    }

    @Override
    public void write(int index, Map<String, NdArray> values) throws IOException {
        items.write(index, values);
    }

    @Override
    public void finish(boolean complete) throws IOException {
        if (!complete) {
            return; // an .npz has no room for a missing item: the per-item files are the outputs so far
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String output : outputs) {
            arrays.put(output, assemble(output));
        }
        Path partial = tmp.resolve("outputs.npz");
        Npz.write(partial, arrays);
        Files.move(partial, npz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private NpyArray assemble(String output) throws IOException {
        List<NpyArray> parts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Path file = items.itemDir(i).resolve(RunOutputs.fileName(output) + ".npy");
            if (!Files.isRegularFile(file)) {
                throw new CliException(file + " is missing: outputs.npz takes numeric outputs only");
            }
            NpyArray part = Npy.read(file);
            if (!parts.isEmpty()
                    && !Arrays.equals(part.shape(), parts.getFirst().shape())) {
                throw new CliException("output '" + output + "' has shape " + NpyShape.toString(part.shape())
                        + " for item " + i + " but "
                        + NpyShape.toString(parts.getFirst().shape())
                        + " for item 0: outputs.npz not written; the items' outputs are in "
                        + items.itemDir(0).getParent());
            }
            parts.add(part);
        }
        long[] one = parts.getFirst().shape();
        boolean concat = concatenate && one.length > 0 && one[0] == 1;
        long[] shape;
        if (concat) {
            shape = one.clone();
            shape[0] = size;
        } else {
            shape = new long[one.length + 1];
            shape[0] = size;
            System.arraycopy(one, 0, shape, 1, one.length);
        }
        int partBytes = parts.getFirst().data().length;
        byte[] data = new byte[Math.multiplyExact(partBytes, size)];
        for (int i = 0; i < size; i++) {
            System.arraycopy(parts.get(i).data(), 0, data, i * partBytes, partBytes);
        }
        return new NpyArray(parts.getFirst().descr(), shape, data);
    }

    @Override
    public void close() throws IOException {
        items.close();
    }
}
