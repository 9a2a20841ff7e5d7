package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.cli.Json.JsonException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inputs of {@code run}: a {@code .npy} file, or an inline JSON array (or scalar), made into the
 * {@link NdArray} the input's tensor type needs. Every error names the input.
 */
final class RunInputs {

    private RunInputs() {}

    /** The value of input {@code name}, of type {@code type}, from {@code source}: a .npy file name or JSON. */
    static NdArray read(String name, String source, DataType type) throws IOException {
        String trimmed = source.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("\"") || trimmed.matches("-?[0-9.eE+-]+|true|false")) {
            return fromJson(name, trimmed, type);
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new CliException("input '" + name + "': "
                    + (Files.isDirectory(file) ? file + " is a directory, not a .npy file" : file + " does not exist"));
        }
        NpyArray npy;
        try {
            npy = Npy.read(file);
        } catch (NpyFormatException e) {
            throw new CliException("input '" + name + "': " + e.getMessage(), e);
        }
        int[] shape = intShape(npy.shape(), name);
        if (npy.isString()) {
            if (type != DataType.STRING) {
                throw new CliException(
                        "input '" + name + "' is " + type.numpyName() + ", but " + file + " holds strings");
            }
            return NdArray.ofStrings(npy.byteStrings().toArray(new byte[0][]), shape);
        }
        String dtype = npy.dtypeName();
        if (!dtype.equals(RunCommand.npyName(type))) {
            throw new CliException("input '" + name + "' is " + type.numpyName() + ", but " + file + " holds " + dtype);
        }
        return NdArray.fromBytes(type, MemorySegment.ofArray(npy.data()), ByteOrder.LITTLE_ENDIAN, shape);
    }

    private static NdArray fromJson(String name, String text, DataType type) {
        JsonArray array;
        try {
            array = JsonArray.parse(text);
        } catch (JsonException e) {
            throw new CliException("input '" + name + "': not a JSON array: " + e.getMessage(), e);
        }
        try {
            return fromJson(name, text, type, array);
        } catch (JsonException e) { // an element that does not fit the tensor's type
            throw new CliException("input '" + name + "' is " + type.numpyName() + ": " + e.getMessage(), e);
        }
    }

    private static NdArray fromJson(String name, String text, DataType type, JsonArray array) {
        int[] shape = intShape(array.shape(), name);
        if (type == DataType.STRING) {
            return NdArray.ofStrings(array.strings().toArray(new String[0]), shape);
        }
        if (array.kind() == JsonArray.Kind.STRING && !text.contains("NaN") && !text.contains("Infinity")) {
            throw new CliException("input '" + name + "' is " + type.numpyName() + ", given strings");
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
                        array.kind() == JsonArray.Kind.BOOLEAN ? array.toBooleans() : nonZero(array.toLongs()), shape);
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 ->
                NdArray.of(type, integers(name, array.toLongs(), type), shape);
            default ->
                throw new CliException(
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

    /** The values as the Java array of {@code type}, each checked against the type's range. */
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
                throw new CliException("input '" + name + "' is " + type.numpyName() + ": " + v + " is out of range ["
                        + min + ", " + max + "]");
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
                throw new CliException("input '" + name + "': dimension " + shape[i] + " is too large for TFLite");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }
}
