package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.util.ArrayList;
import java.util.List;

/** An {@link NdArray} as nested lists of its shape, for JSON; unsigned types as their unsigned values. */
final class NestedLists {

    private NestedLists() {}

    /** The array's elements nested by its shape (a scalar for a 0-d array). */
    static Object of(NdArray array) {
        List<Object> flat = flat(array);
        int[] shape = array.shape();
        return shape.length == 0 ? flat.getFirst() : nest(flat, shape, 0, 0);
    }

    private static List<Object> flat(NdArray array) {
        DataType type = array.dataType();
        List<Object> flat = new ArrayList<>(Math.toIntExact(array.elementCount()));
        switch (array.data()) {
            case float[] v -> {
                for (float x : v) {
                    flat.add(x);
                }
            }
            case double[] v -> {
                for (double x : v) {
                    flat.add(x);
                }
            }
            case int[] v -> {
                for (int x : v) {
                    flat.add(type == DataType.UINT32 ? Integer.toUnsignedLong(x) : (Object) x);
                }
            }
            case long[] v -> {
                for (long x : v) {
                    flat.add(type == DataType.UINT64 ? new java.math.BigInteger(Long.toUnsignedString(x)) : (Object) x);
                }
            }
            case short[] v -> {
                for (short x : v) {
                    flat.add(type == DataType.INT16 ? (int) x : Short.toUnsignedInt(x));
                }
            }
            case byte[] v -> {
                for (byte x : v) {
                    flat.add(type == DataType.UINT8 ? Byte.toUnsignedInt(x) : (int) x);
                }
            }
            case boolean[] v -> {
                for (boolean x : v) {
                    flat.add(x);
                }
            }
            case byte[][] ignored -> flat.addAll(List.of(array.strings()));
            default -> throw new CliException("cannot write " + type.numpyName() + " as JSON");
        }
        return flat;
    }

    private static List<Object> nest(List<Object> flat, int[] shape, int depth, int offset) {
        int stride = 1;
        for (int i = depth + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        List<Object> out = new ArrayList<>(shape[depth]);
        for (int i = 0; i < shape[depth]; i++) {
            int start = offset + i * stride;
            out.add(depth == shape.length - 1 ? flat.get(start) : nest(flat, shape, depth + 1, start));
        }
        return out;
    }
}
