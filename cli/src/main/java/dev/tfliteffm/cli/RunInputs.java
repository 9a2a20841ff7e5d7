package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.cli.Json.JsonException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inputs of {@code run}: a {@code .npy} file, or an inline JSON array (or scalar), made into the value the
 * input's tensor type needs. Every error names the input.
 *
 * <p>The shapes follow {@link dev.tfliteffm.SignatureRunner#run}'s rules: a {@code .npy} file and a nested JSON
 * array give their own shape; a flat JSON array (or a scalar) is a flat Java array, which takes the input's
 * current shape when the element counts match (so {@code [1, 2]} fills an input of shape [1, 2]).
 */
final class RunInputs {

    private RunInputs() {}

    /**
     * The value of input {@code name}, of type {@code type}, from {@code source}: a .npy file name or JSON; an
     * {@link NdArray}, or a flat Java array for a flat JSON array.
     */
    static Object read(String name, String source, DataType type) throws IOException {
        return read(name, source, type, null);
    }

    /** {@link #read(String, String, DataType)}, with JSON texts parsed {@code ahead} (null: none). */
    static Object read(String name, String source, DataType type, JsonAhead ahead) throws IOException {
        String trimmed = source.strip();
        if (isJson(trimmed)) {
            return fromJson(name, trimmed, type, ahead);
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

    /** Whether an input's (stripped) value is inline JSON rather than a file name. */
    static boolean isJson(String trimmed) {
        return trimmed.startsWith("[") || trimmed.startsWith("\"") || trimmed.matches("-?[0-9.eE+-]+|true|false");
    }

    private static Object fromJson(String name, String text, DataType type, JsonAhead ahead) {
        JsonArray array;
        try {
            array = ahead == null ? JsonArray.parse(text) : ahead.get(text);
        } catch (JsonException e) {
            throw new CliException("input '" + name + "': not a JSON array: " + e.getMessage(), e);
        }
        try {
            return fromJson(name, text, type, array);
        } catch (JsonException e) { // an element that does not fit the tensor's type
            throw new CliException("input '" + name + "' is " + type.numpyName() + ": " + e.getMessage(), e);
        }
    }

    private static Object fromJson(String name, String text, DataType type, JsonArray array) {
        int[] shape = intShape(array.shape(), name);
        Object flat = flatValues(name, text, type, array);
        // A flat array (or a scalar) stays flat, so that run(Map) shapes it as it shapes a Java array.
        return shape.length <= 1 ? flat : NdArray.of(type, flat, shape);
    }

    /** The elements as the flat Java array that holds {@code type}. */
    private static Object flatValues(String name, String text, DataType type, JsonArray array) {
        if (type == DataType.STRING) {
            return array.strings().stream()
                    .map(s -> s.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
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
                    // Only the strings "Infinity" and "-Infinity" may give an infinity: 1e39 is out of range.
                    if (Float.isInfinite(f[i]) && !Double.isInfinite(d[i])) {
                        throw new CliException("input '" + name + "' is float32: element " + i + " ("
                                + Json.write(array.values().get(i)) + ") is out of float32's range (±"
                                + Float.MAX_VALUE + ")");
                    }
                }
                yield f;
            }
            case FLOAT64 -> array.toDoubles();
            case BOOL -> {
                if (array.kind() == JsonArray.Kind.BOOLEAN) {
                    yield array.toBooleans();
                }
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = integer(name, array, i, type).signum() != 0; // as NumPy: non-zero is true
                }
                yield b;
            }
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 -> integers(name, array, type);
            default ->
                throw new CliException(
                        "input '" + name + "' is " + type.numpyName() + ": give it as a .npy file, not inline JSON");
        };
    }

    /** Element {@code i} as an exact integer; the message names the input, its type and the element. */
    private static BigInteger integer(String name, JsonArray array, int i, DataType type) {
        Object v = array.values().get(i);
        String prefix = "input '" + name + "' is " + type.numpyName() + ": element " + i;
        return switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    throw new CliException(prefix + " is not an integer: " + Json.write(v));
                }
                try {
                    yield new BigDecimal(d).toBigIntegerExact();
                } catch (ArithmeticException e) {
                    throw new CliException(prefix + " is not an integer: " + Json.write(v));
                }
            }
            default -> throw new CliException(prefix + " is not a number: " + Json.write(v));
        };
    }

    /** The values as the Java array of {@code type}, each checked against the type's range. */
    private static Object integers(String name, JsonArray array, DataType type) {
        BigInteger min = BigInteger.valueOf(
                switch (type) {
                    case INT8 -> Byte.MIN_VALUE;
                    case INT16 -> Short.MIN_VALUE;
                    case INT32 -> Integer.MIN_VALUE;
                    case INT64 -> Long.MIN_VALUE;
                    default -> 0;
                });
        BigInteger max = switch (type) {
            case INT8 -> BigInteger.valueOf(Byte.MAX_VALUE);
            case UINT8 -> BigInteger.valueOf(255);
            case INT16 -> BigInteger.valueOf(Short.MAX_VALUE);
            case UINT16 -> BigInteger.valueOf(65535);
            case INT32 -> BigInteger.valueOf(Integer.MAX_VALUE);
            case UINT32 -> BigInteger.valueOf(0xFFFFFFFFL);
            case INT64 -> BigInteger.valueOf(Long.MAX_VALUE);
            default -> BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE); // UINT64
        };
        long[] values = new long[array.values().size()];
        for (int i = 0; i < values.length; i++) {
            BigInteger v = integer(name, array, i, type);
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new CliException("input '" + name + "' is " + type.numpyName() + ": element " + i + " (" + v
                        + ") is out of range [" + min + ", " + max + "]");
            }
            values[i] = v.longValue(); // uint64 above 2^63 keeps its bits
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
