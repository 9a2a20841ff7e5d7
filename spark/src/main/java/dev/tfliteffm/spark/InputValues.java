package dev.tfliteffm.spark;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns one row's column value into the {@link NdArray} for one input: nested arrays (Scala sequences, Java
 * lists or arrays), binary (raw tensor bytes in native order) or an ML vector. A value of the wrong type or
 * shape is an {@link IllegalArgumentException} naming the column and the expected shape.
 */
final class InputValues {

    private InputValues() {}

    /**
     * The input value for {@code value}, with the batch dimension of 1 in front when {@code rowsAreExamples}.
     *
     * @param column the column's name, for messages
     */
    static NdArray toArray(Object value, String column, TensorSpec input, boolean rowsAreExamples) {
        int[] rowShape = input.rowShape(rowsAreExamples);
        if (value == null) {
            throw new IllegalArgumentException(
                    "column '" + column + "' is null; input '" + input.name() + "' expects " + what(input, rowShape));
        }
        DataType type = input.dataType();
        int[] shape;
        Object data;
        if (value instanceof byte[] bytes && type != DataType.STRING) {
            shape = binaryShape(bytes.length, column, input, rowShape);
            return NdArray.fromBytes(
                    type, MemorySegment.ofArray(bytes), ByteOrder.nativeOrder(), withBatch(shape, rowsAreExamples));
        } else if (value instanceof Vector v) {
            double[] d = v.toArray();
            shape = new int[] {d.length};
            data = type == DataType.FLOAT64 ? d : toFloats(d);
        } else {
            shape = shapeOf(value, rowShape.length, column, input, rowShape);
            data = newArray(type, product(shape));
            fill(value, data, 0, 0, shape, column, input, rowShape);
        }
        checkShape(shape, column, input, rowShape);
        int[] full = withBatch(shape, rowsAreExamples);
        if (type == DataType.STRING) {
            return NdArray.ofStrings((String[]) data, full);
        }
        return NdArray.of(type, data, full);
    }

    private static int[] withBatch(int[] shape, boolean rowsAreExamples) {
        if (!rowsAreExamples) {
            return shape;
        }
        int[] full = new int[shape.length + 1];
        full[0] = 1;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    private static String what(TensorSpec input, int[] rowShape) {
        return input.dataType().numpyName() + " values of shape " + TensorSpec.describe(rowShape);
    }

    private static IllegalArgumentException wrong(String column, TensorSpec input, int[] rowShape, String got) {
        return new IllegalArgumentException("column '" + column + "': input '" + input.name() + "' expects "
                + what(input, rowShape) + ", got " + got);
    }

    private static void checkShape(int[] shape, String column, TensorSpec input, int[] rowShape) {
        boolean fits = shape.length == rowShape.length;
        for (int i = 0; fits && i < shape.length; i++) {
            fits = rowShape[i] < 0 || rowShape[i] == shape[i];
        }
        if (!fits) {
            throw wrong(column, input, rowShape, "shape " + Arrays.toString(shape));
        }
    }

    private static int[] binaryShape(int bytes, String column, TensorSpec input, int[] rowShape) {
        int size = input.dataType().byteSize();
        int[] shape = rowShape.clone();
        int known = 1;
        int free = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                if (free >= 0) {
                    throw wrong(column, input, rowShape, bytes + " bytes (binary needs at most one ? dimension)");
                }
                free = i;
            } else {
                known *= shape[i];
            }
        }
        if (free >= 0 && bytes % (known * size) == 0) {
            shape[free] = bytes / (known * size);
        }
        if (product(shape) * (long) size != bytes) {
            throw wrong(column, input, rowShape, bytes + " bytes");
        }
        return shape;
    }

    /** The shape of a nested value, read along its first elements. */
    private static int[] shapeOf(Object value, int rank, String column, TensorSpec input, int[] rowShape) {
        int[] shape = new int[rank];
        Object v = value;
        for (int d = 0; d < rank; d++) {
            List<?> list = asList(v);
            if (list == null) {
                throw wrong(column, input, rowShape, "a value of rank " + d + " (" + typeName(value) + ")");
            }
            shape[d] = list.size();
            if (list.isEmpty()) {
                break;
            }
            v = list.get(0);
        }
        return shape;
    }

    private static int fill(
            Object value, Object data, int offset, int depth, int[] shape, String column, TensorSpec in, int[] rs) {
        if (depth == shape.length) {
            try {
                set(data, offset, value, in.dataType());
            } catch (ClassCastException | NullPointerException e) {
                throw wrong(column, in, rs, "element " + (value == null ? "null" : typeName(value)));
            }
            return offset + 1;
        }
        List<?> list = asList(value);
        if (list == null || list.size() != shape[depth]) {
            throw wrong(column, in, rs, "a ragged or mistyped array (" + typeName(value) + " at depth " + depth + ")");
        }
        for (Object element : list) {
            offset = fill(element, data, offset, depth + 1, shape, column, in, rs);
        }
        return offset;
    }

    private static List<?> asList(Object v) {
        if (v instanceof scala.collection.Seq<?> s) {
            return CollectionConverters.asJava(s);
        }
        if (v instanceof List<?> l) {
            return l;
        }
        if (v != null && v.getClass().isArray() && !(v instanceof byte[])) {
            int n = Array.getLength(v);
            Object[] boxed = new Object[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = Array.get(v, i);
            }
            return Arrays.asList(boxed);
        }
        return null;
    }

    private static void set(Object data, int i, Object v, DataType type) {
        switch (type) {
            case FLOAT32 -> ((float[]) data)[i] = (Float) v;
            case FLOAT64 -> ((double[]) data)[i] = (Double) v;
            case INT32 -> ((int[]) data)[i] = (Integer) v;
            case INT64 -> ((long[]) data)[i] = (Long) v;
            case INT16 -> ((short[]) data)[i] = (Short) v;
            case INT8 -> ((byte[]) data)[i] = (Byte) v;
            case BOOL -> ((boolean[]) data)[i] = (Boolean) v;
            case STRING ->
                ((String[]) data)[i] = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) v;
            default -> throw new ClassCastException(type + " takes binary values only");
        }
    }

    private static Object newArray(DataType type, int n) {
        return switch (type) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case INT16 -> new short[n];
            case INT8 -> new byte[n];
            case BOOL -> new boolean[n];
            case STRING -> new String[n];
            default -> new Object[n]; // filled by nothing: set() rejects the first element
        };
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static int product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static String typeName(Object v) {
        return v.getClass().getSimpleName();
    }
}
