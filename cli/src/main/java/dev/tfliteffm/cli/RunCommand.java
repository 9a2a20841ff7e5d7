package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run MODEL [--signature KEY] --input NAME=FILE.npy|NAME=JSON ... [--output-dir DIR] [--json]}:
 * runs one signature through {@link SignatureRunner#run}, which resizes inputs whose shape differs.
 */
final class RunCommand {

    private RunCommand() {}

    static int run(List<String> args, Main.Options options, PrintStream out) {
        String modelArg = null;
        String signature = null;
        Path outputDir = null;
        boolean json = false;
        Map<String, String> inputs = new LinkedHashMap<>();
        String[] a = args.toArray(new String[0]);
        for (int i = 0; i < a.length; i++) {
            String arg = a[i];
            switch (arg) {
                case "--signature" -> signature = Main.value(a, ++i, arg);
                case "--input" -> addInput(inputs, Main.value(a, ++i, arg));
                case "--output-dir" -> outputDir = Path.of(Main.value(a, ++i, arg));
                case "--json" -> json = true;
                default -> {
                    if (arg.startsWith("--signature=")) {
                        signature = arg.substring("--signature=".length());
                    } else if (arg.startsWith("--input=")) {
                        addInput(inputs, arg.substring("--input=".length()));
                    } else if (arg.startsWith("--output-dir=")) {
                        outputDir = Path.of(arg.substring("--output-dir=".length()));
                    } else if (arg.startsWith("--")) {
                        throw new Main.UsageException("run: unknown option " + arg);
                    } else if (modelArg != null) {
                        throw new Main.UsageException("run takes one model, given " + modelArg + " and " + arg);
                    } else {
                        modelArg = arg;
                    }
                }
            }
        }
        if (modelArg == null) {
            throw new Main.UsageException("run needs a MODEL");
        }
        try (Model model = Model.fromFile(Path.of(modelArg));
                Interpreter interpreter = Interpreter.create(model, options.interpreterOptions())) {
            SignatureRunner runner = signature == null ? interpreter.defaultRunner() : interpreter.runner(signature);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : inputs.entrySet()) {
                DataType type = runner.input(e.getKey()).dataType();
                values.put(e.getKey(), readInput(e.getKey(), e.getValue(), type));
            }
            Map<String, NdArray> outputs = runner.run(values);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("signature", runner.key());
            Map<String, Object> outputSummary = new LinkedHashMap<>();
            if (outputDir != null) {
                Files.createDirectories(outputDir);
            }
            for (Map.Entry<String, NdArray> e : outputs.entrySet()) {
                NdArray array = e.getValue();
                Map<String, Object> info = new LinkedHashMap<>();
                Path file = null;
                if (outputDir != null) {
                    file = outputDir.resolve(
                            fileName(e.getKey()) + (array.dataType() == DataType.STRING ? ".json" : ".npy"));
                    write(file, array);
                }
                info.put("file", file == null ? null : file.toString());
                info.put("dtype", array.dataType().numpyName());
                info.put("shape", array.shape());
                outputSummary.put(e.getKey(), info);
                if (!json) {
                    out.println(e.getKey() + ": " + array.dataType().numpyName() + Arrays.toString(array.shape())
                            + (file != null ? " -> " + file : "") + " " + preview(array));
                }
            }
            summary.put("outputs", outputSummary);
            if (json) {
                out.println(Json.writePretty(summary));
            }
            return 0;
        } catch (IOException e) {
            throw Main.io(e);
        }
    }

    private static void addInput(Map<String, String> inputs, String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new Main.UsageException("--input takes NAME=FILE.npy or NAME=JSON, not '" + spec + "'");
        }
        String name = spec.substring(0, eq);
        if (inputs.put(name, spec.substring(eq + 1)) != null) {
            throw new Main.UsageException("input '" + name + "' given twice");
        }
    }

    /** File names keep letters, digits, '.', '_' and '-'; anything else becomes '_'. */
    static String fileName(String outputName) {
        String name = outputName.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "_" + name : name;
    }

    // ---- inputs ---------------------------------------------------------------------------------

    private static NdArray readInput(String name, String source, DataType type) throws IOException {
        String trimmed = source.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("\"") || trimmed.matches("-?[0-9.eE+-]+|true|false")) {
            return fromJson(name, trimmed, type);
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new Main.CliException("input '" + name + "': "
                    + (Files.isDirectory(file) ? file + " is a directory, not a .npy file" : file + " does not exist"));
        }
        Npy.NpyArray npy;
        try {
            npy = Npy.read(file);
        } catch (Npy.NpyFormatException e) {
            throw new Main.CliException("input '" + name + "': " + e.getMessage(), e);
        }
        int[] shape = intShape(npy.shape(), name);
        if (npy.isString()) {
            if (type != DataType.STRING) {
                throw new Main.CliException(
                        "input '" + name + "' is " + type.numpyName() + ", but " + file + " holds strings");
            }
            return NdArray.ofStrings(npy.byteStrings().toArray(new byte[0][]), shape);
        }
        String dtype = npy.dtypeName();
        if (!dtype.equals(npyName(type))) {
            throw new Main.CliException(
                    "input '" + name + "' is " + type.numpyName() + ", but " + file + " holds " + dtype);
        }
        return NdArray.of(type, javaArray(npy.data(), type), shape);
    }

    private static NdArray fromJson(String name, String text, DataType type) {
        Json.ArrayData array;
        try {
            array = Json.parseArray(text);
        } catch (Json.JsonException e) {
            throw new Main.CliException("input '" + name + "': not a JSON array: " + e.getMessage(), e);
        }
        int[] shape = intShape(array.shape(), name);
        if (type == DataType.STRING) {
            return NdArray.ofStrings(array.strings().toArray(new String[0]), shape);
        }
        if (array.kind() == Json.ElementKind.STRING && !text.contains("NaN") && !text.contains("Infinity")) {
            throw new Main.CliException("input '" + name + "' is " + type.numpyName() + ", given strings");
        }
        int n = array.values().size();
        return switch (type) {
            case FLOAT32 -> {
                double[] d = array.toDoubles();
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) d[i];
                }
                yield NdArray.of(f, shape);
            }
            case FLOAT64 -> NdArray.of(array.toDoubles(), shape);
            case BOOL ->
                NdArray.of(
                        array.kind() == Json.ElementKind.BOOLEAN ? array.toBooleans() : nonZero(array.toLongs()),
                        shape);
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 ->
                NdArray.of(type, integers(name, array.toLongs(), type), shape);
            default ->
                throw new Main.CliException(
                        "input '" + name + "' is " + type.numpyName() + ": give it as a .npy file, not inline JSON");
        };
    }

    private static boolean[] nonZero(long[] values) {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] != 0;
        }
        return b;
    }

    private static Object integers(String name, long[] values, DataType type) {
        long min = switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
        long max = switch (type) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFFFFFFL;
            default -> Long.MAX_VALUE;
        };
        for (long v : values) {
            if (v < min || v > max) {
                throw new Main.CliException("input '" + name + "' is " + type.numpyName() + ": " + v
                        + " is out of range [" + min + ", " + max + "]");
            }
        }
        return switch (type) {
            case INT8, UINT8 -> {
                byte[] b = new byte[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) values[i];
                }
                yield b;
            }
            case INT16, UINT16 -> {
                short[] s = new short[values.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) values[i];
                }
                yield s;
            }
            case INT32, UINT32 -> {
                int[] v = new int[values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) values[i];
                }
                yield v;
            }
            default -> values;
        };
    }

    private static int[] intShape(long[] shape, String name) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new Main.CliException("input '" + name + "': dimension " + shape[i] + " is too large for TFLite");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    /** The NumPy dtype of a tensor type's data as written to .npy; TFLite-only types map to their storage. */
    static String npyName(DataType type) {
        return switch (type) {
            case INT4, INT2 -> "int8";
            case UINT4 -> "uint8";
            case BFLOAT16 -> "uint16";
            default -> type.numpyName();
        };
    }

    private static Object javaArray(byte[] data, DataType type) {
        MemorySegment bytes = MemorySegment.ofArray(data);
        return switch (type) {
            case FLOAT32, COMPLEX64 ->
                bytes.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            case FLOAT64, COMPLEX128 ->
                bytes.toArray(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            case INT32, UINT32 -> bytes.toArray(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            case INT64, UINT64 -> bytes.toArray(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            case INT16, UINT16, FLOAT16, BFLOAT16 ->
                bytes.toArray(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            case BOOL -> {
                boolean[] b = new boolean[data.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = data[i] != 0;
                }
                yield b;
            }
            default -> data.clone();
        };
    }

    // ---- outputs --------------------------------------------------------------------------------

    private static void write(Path file, NdArray array) throws IOException {
        if (array.dataType() == DataType.STRING) {
            Files.writeString(
                    file,
                    Json.writePretty(nest(Arrays.asList((Object[]) array.strings()), array.shape(), 0, 0)) + "\n");
            return;
        }
        long[] shape = Arrays.stream(array.shape()).asLongStream().toArray();
        Npy.write(file, new Npy.NpyArray(Npy.descrOf(npyName(array.dataType())), shape, rawBytes(array)));
    }

    private static List<Object> nest(List<Object> flat, int[] shape, int depth, int offset) {
        if (shape.length == 0) {
            return flat;
        }
        int stride = 1;
        for (int i = depth + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < shape[depth]; i++) {
            int start = offset + i * stride;
            out.add(depth == shape.length - 1 ? flat.get(start) : nest(flat, shape, depth + 1, start));
        }
        return out;
    }

    /** The array's elements as little-endian bytes, exactly as TFLite held them. */
    static byte[] rawBytes(NdArray array) {
        Object data = array.data();
        if (data instanceof byte[] b) {
            return b;
        }
        if (data instanceof boolean[] b) {
            byte[] out = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = (byte) (b[i] ? 1 : 0);
            }
            return out;
        }
        ValueLayout layout = switch (data) {
            case float[] ignored -> ValueLayout.JAVA_FLOAT_UNALIGNED;
            case double[] ignored -> ValueLayout.JAVA_DOUBLE_UNALIGNED;
            case int[] ignored -> ValueLayout.JAVA_INT_UNALIGNED;
            case long[] ignored -> ValueLayout.JAVA_LONG_UNALIGNED;
            case short[] ignored -> ValueLayout.JAVA_SHORT_UNALIGNED;
            default -> throw new Main.CliException("cannot write " + array + " as .npy");
        };
        int length = java.lang.reflect.Array.getLength(data);
        byte[] out = new byte[Math.toIntExact(length * layout.byteSize())];
        MemorySegment.copy(data, 0, MemorySegment.ofArray(out), layout.withOrder(ByteOrder.LITTLE_ENDIAN), 0, length);
        return out;
    }

    private static String preview(NdArray array) {
        Object data = array.data();
        String text = switch (data) {
            case float[] f -> Arrays.toString(Arrays.copyOf(f, Math.min(f.length, 8)));
            case double[] d -> Arrays.toString(Arrays.copyOf(d, Math.min(d.length, 8)));
            case int[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 8)));
            case long[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 8)));
            case short[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 8)));
            case byte[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 8)));
            case boolean[] v -> Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 8)));
            case byte[][] ignored ->
                Arrays.toString(Arrays.copyOf(array.strings(), Math.min(array.strings().length, 8)));
            default -> "";
        };
        return array.elementCount() > 8 ? text.substring(0, text.length() - 1) + ", ...]" : text;
    }
}
