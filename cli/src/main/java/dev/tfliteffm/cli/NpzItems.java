package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Items as the rows of an {@code .npz}: every array holds all the items stacked along its first dimension, and
 * item i gets row i. A row keeps that dimension (as size 1) when the array has the input's rank, so
 * {@code x[N,784]} gives items {@code [1,784]} for an input {@code [-1,784]}; an array of one more dimension
 * ({@code x[N,1,784]}) gives its rows without it.
 */
final class NpzItems implements BatchItems {

    private final Path file;
    private final Map<String, NpyArray> arrays;
    private final int size;

    private NpzItems(Path file, Map<String, NpyArray> arrays, int size) {
        this.file = file;
        this.arrays = arrays;
        this.size = size;
    }

    /** Reads every array of {@code file} and checks that they hold the same number of items. */
    static NpzItems open(Path file) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file);
        if (arrays.isEmpty()) {
            throw new CliException(file + " holds no .npy arrays");
        }
        long size = -1;
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            long[] shape = e.getValue().shape();
            if (shape.length == 0) {
                throw new CliException(file + ": array '" + e.getKey() + "' is a scalar; arrays stack items along"
                        + " their first dimension");
            }
            if (size >= 0 && shape[0] != size) {
                throw new CliException(file + ": arrays hold different numbers of items (first dimensions " + size
                        + " and " + shape[0] + ")");
            }
            size = shape[0];
        }
        return new NpzItems(file, arrays, Math.toIntExact(size));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        return Integer.toString(index);
    }

    /** Whether the array of input {@code name} keeps its item dimension (it has the input's rank). */
    boolean keepsItemDimension(String name, BatchSignature signature) {
        return arrays.get(name).shape().length == signature.ranks().get(name);
    }

    @Override
    public Map<String, Object> read(int index, BatchSignature signature) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            String input = signature.input(e.getKey(), file.toString());
            NpyArray all = e.getValue();
            long[] shape = all.shape();
            int rowBytes = all.data().length / size;
            long[] rowShape = keepsItemDimension(input, signature)
                    ? rowShapeWithOne(shape)
                    : Arrays.copyOfRange(shape, 1, shape.length);
            byte[] row = Arrays.copyOfRange(all.data(), index * rowBytes, (index + 1) * rowBytes);
            values.put(input, toNdArray(input, new NpyArray(all.descr(), rowShape, row), signature.type(input)));
        }
        return values;
    }

    private static long[] rowShapeWithOne(long[] shape) {
        long[] row = shape.clone();
        row[0] = 1;
        return row;
    }

    /** The row as the input's type: the .npy branch of {@link RunInputs#read}, for an array already in memory. */
    private NdArray toNdArray(String input, NpyArray row, DataType type) {
        int[] shape = Arrays.stream(row.shape()).mapToInt(Math::toIntExact).toArray();
        if (row.isString()) {
            if (type != DataType.STRING) {
                throw new CliException(
                        "input '" + input + "' is " + type.numpyName() + ", but " + file + " holds strings");
            }
            return NdArray.ofStrings(row.byteStrings().toArray(new byte[0][]), shape);
        }
        if (!row.dtypeName().equals(RunCommand.npyName(type))) {
            throw new CliException(
                    "input '" + input + "' is " + type.numpyName() + ", but " + file + " holds " + row.dtypeName());
        }
        return NdArray.fromBytes(type, MemorySegment.ofArray(row.data()), ByteOrder.LITTLE_ENDIAN, shape);
    }
}
