package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The outputs of {@code run}: written to files ({@code .npy}, or JSON for strings), and previewed in one line. */
final class RunOutputs {

    private static final int PREVIEW = 8;

    private RunOutputs() {}

    /** Writes output {@code name} into {@code dir} as NAME.npy (NAME.json for strings); returns the file. */
    static Path write(Path dir, String name, NdArray array) throws IOException {
        boolean strings = array.dataType() == DataType.STRING;
        Path file = dir.resolve(fileName(name) + (strings ? ".json" : ".npy"));
        if (strings) {
            List<Object> nested = nest(Arrays.asList((Object[]) array.strings()), array.shape(), 0, 0);
            Files.writeString(file, Json.writePretty(nested) + "\n");
        } else {
            long[] shape = Arrays.stream(array.shape()).asLongStream().toArray();
            String descr = NpyDtype.descrOf(RunCommand.npyName(array.dataType()));
            Npy.write(file, new NpyArray(descr, shape, array.toBytes(ByteOrder.LITTLE_ENDIAN)));
        }
        return file;
    }

    /** File names keep letters, digits, '.', '_' and '-'; anything else becomes '_'. */
    static String fileName(String outputName) {
        String name = outputName.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "_" + name : name;
    }

    /** The flat C-order elements as nested lists of the shape. */
    private static List<Object> nest(List<Object> flat, int[] shape, int depth, int offset) {
        if (shape.length == 0) {
            return flat;
        }
        int stride = 1;
        for (int i = depth + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < shape[depth]; i++) {
            int start = offset + i * stride;
            out.add(depth == shape.length - 1 ? flat.get(start) : nest(flat, shape, depth + 1, start));
        }
        return out;
    }

    /** The first few elements, as {@code [1.0, 2.0, ...]}. */
    static String preview(NdArray array) {
        Object data = array.data();
        String text = switch (data) {
            case float[] f -> Arrays.toString(Arrays.copyOf(f, Math.min(f.length, PREVIEW)));
            case double[] d -> Arrays.toString(Arrays.copyOf(d, Math.min(d.length, PREVIEW)));
            case int[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
            case long[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
            case short[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
            case byte[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
            case boolean[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
            case byte[][] ignored ->
                Arrays.toString(Arrays.copyOf(array.strings(), Math.min(array.strings().length, PREVIEW)));
            default -> "";
        };
        return array.elementCount() > PREVIEW ? text.substring(0, text.length() - 1) + ", ...]" : text;
    }
}
