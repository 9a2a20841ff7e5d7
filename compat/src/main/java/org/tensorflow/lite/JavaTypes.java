package org.tensorflow.lite;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * The official API's rules for Java values given as tensor data: which {@link DataType} a value stands for, whether
 * it fits a tensor's type, and the shape of a (multi-dimensional) array. The messages are the official ones.
 */
final class JavaTypes {

    private JavaTypes() {}

    /**
     * The type {@code o} stands for: an array by its innermost component ({@code float} is FLOAT32, ...), a boxed
     * scalar or typed Buffer by its class. {@code byte} arrays stand for STRING when the tensor is a string tensor
     * (byte strings), else UINT8.
     *
     * @throws IllegalArgumentException for any other value
     */
    static DataType dataTypeOf(Object o, DataType tensorType) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c == float.class) {
                return DataType.FLOAT32;
            } else if (c == int.class) {
                return DataType.INT32;
            } else if (c == short.class) {
                return DataType.INT16;
            } else if (c == byte.class) {
                return tensorType == DataType.STRING ? DataType.STRING : DataType.UINT8;
            } else if (c == long.class) {
                return DataType.INT64;
            } else if (c == boolean.class) {
                return DataType.BOOL;
            } else if (c == String.class) {
                return DataType.STRING;
            }
        } else if (o instanceof Float || o instanceof FloatBuffer) {
            return DataType.FLOAT32;
        } else if (o instanceof Integer || o instanceof IntBuffer) {
            return DataType.INT32;
        } else if (o instanceof Short || o instanceof ShortBuffer) {
            return DataType.INT16;
        } else if (o instanceof Byte) {
            return DataType.UINT8;
        } else if (o instanceof Long || o instanceof LongBuffer) {
            return DataType.INT64;
        } else if (o instanceof Boolean) {
            return DataType.BOOL;
        } else if (o instanceof String) {
            return DataType.STRING;
        }
        throw new IllegalArgumentException(
                "DataType error: cannot resolve DataType of " + o.getClass().getName());
    }

    /**
     * Checks that {@code o} fits a tensor of {@code tensorType}: the same type, or INT8 and UINT8 (both Java
     * {@code byte}). A {@link ByteBuffer} fits any type.
     *
     * @throws IllegalArgumentException with the official message otherwise
     */
    static void checkType(Object o, DataType tensorType) {
        if (o instanceof ByteBuffer) {
            return;
        }
        DataType given = dataTypeOf(o, tensorType);
        if (given != tensorType && !given.javaName().equals(tensorType.javaName())) {
            throw new IllegalArgumentException(String.format(
                    "Cannot convert between a TensorFlowLite tensor with type %s and a Java object of type %s"
                            + " (which is compatible with the TensorFlowLite type %s).",
                    tensorType, o.getClass().getName(), given));
        }
    }

    /**
     * The shape of {@code o}: its array lengths by depth, {@code []} for a scalar. For a string tensor, a
     * {@code byte[]} is one element (a byte string), so it adds no dimension.
     *
     * @throws IllegalArgumentException for an empty array or ragged rows
     */
    static int[] shapeOf(Object o, DataType tensorType) {
        Class<?> c = o.getClass();
        // Byte strings are elements: the shape stops above them, and empty or missing rows there are fine.
        int rank = tensorType == DataType.STRING && innermost(c) == byte.class ? dimensions(c) - 1 : rank(o);
        int[] shape = new int[rank];
        fill(o, 0, shape);
        return shape;
    }

    /** The number of dimensions of an array class (0 for a non-array class). */
    private static int dimensions(Class<?> c) {
        int n = 0;
        for (; c.isArray(); c = c.getComponentType()) {
            n++;
        }
        return n;
    }

    /** The number of array dimensions of {@code o}, following the first element down; 0 for a non-array. */
    static int rank(Object o) {
        int rank = 0;
        while (o != null && o.getClass().isArray()) {
            if (Array.getLength(o) == 0) {
                throw new IllegalArgumentException("Array lengths cannot be 0.");
            }
            rank++;
            o = o instanceof Object[] rows ? rows[0] : null;
        }
        return rank;
    }

    /** Records (depth 0) or checks (deeper) each array length at {@code depth} and below. */
    private static void fill(Object o, int depth, int[] shape) {
        if (depth == shape.length) {
            return;
        }
        int length = Array.getLength(o);
        if (shape[depth] == 0) {
            shape[depth] = length;
        } else if (shape[depth] != length) {
            throw new IllegalArgumentException(
                    String.format("Mismatched lengths (%d and %d) in dimension %d", shape[depth], length, depth));
        }
        if (depth + 1 < shape.length) {
            for (Object row : (Object[]) o) {
                fill(row, depth + 1, shape);
            }
        }
    }

    /** The component type at the bottom of an array class. */
    static Class<?> innermost(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    /** The number of elements of a shape. */
    static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
