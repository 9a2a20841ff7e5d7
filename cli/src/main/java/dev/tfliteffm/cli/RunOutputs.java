package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The outputs of {@code run}: written to files ({@code .npy}, or JSON for strings), and previewed in one line. */
final class RunOutputs {

    private static final int PREVIEW = 8;

    private RunOutputs() {}

    /**
     * Writes an output into {@code dir} as BASE.npy (BASE.json for strings), BASE from {@link #fileNames};
     * returns the file.
     */
    static Path write(Path dir, String base, NdArray array) throws IOException {
        boolean strings = array.dataType() == DataType.STRING;
        Path file = dir.resolve(base + (strings ? ".json" : ".npy"));
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

    /**
     * The file name (without extension) of each output, distinct even where {@link #fileName} makes two names
     * alike ({@code a/b} and {@code a_b}) or they differ only in case (one file on macOS and Windows): an output
     * whose name is its file name keeps it, the others get {@code -2}, {@code -3}, ... in the signature's order.
     */
    static Map<String, String> fileNames(List<String> outputNames) {
        Set<String> taken = new HashSet<>();
        for (String name : outputNames) {
            if (fileName(name).equals(name)) {
                taken.add(name.toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : outputNames) {
            String base = fileName(name);
            if (base.equals(name)) {
                out.put(name, base);
                continue;
            }
            String candidate = base;
            for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
                candidate = base + "-" + i;
            }
            out.put(name, candidate);
        }
        return out;
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
        // instanceof, not a pattern switch: each switch site's first run spins a class (start-up).
        Object data = array.data();
        String text;
        if (data instanceof float[] f) {
            text = Arrays.toString(Arrays.copyOf(f, Math.min(f.length, PREVIEW)));
        } else if (data instanceof double[] d) {
            text = Arrays.toString(Arrays.copyOf(d, Math.min(d.length, PREVIEW)));
        } else if (data instanceof int[] v) {
            text = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
        } else if (data instanceof long[] v) {
            text = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
        } else if (data instanceof short[] v) {
            text = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
        } else if (data instanceof byte[] v) {
            text = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
        } else if (data instanceof boolean[] v) {
            text = Arrays.toString(Arrays.copyOf(v, Math.min(v.length, PREVIEW)));
        } else if (data instanceof byte[][]) {
            text = Arrays.toString(Arrays.copyOf(array.strings(), Math.min(array.strings().length, PREVIEW)));
        } else {
            text = "";
        }
        return array.elementCount() > PREVIEW ? text.substring(0, text.length() - 1) + ", ...]" : text;
    }
}
