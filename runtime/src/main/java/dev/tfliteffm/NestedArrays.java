package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Nested Java arrays ({@code float[][]}, {@code String[][]}, ...) as tensor data: their shape (the nesting), the
 * checks of every row, and the copies of their innermost rows ("leaves"), in row-major order, into a tensor's
 * buffer, out of it, or into one flat Java array. The one walk over the rows does the checks and the copies, so
 * a value is checked in the same order whatever it is copied to. Inputs of {@link SignatureRunner#run} and the
 * outputs given to {@link SignatureRunner#run(java.util.Map, java.util.Map)} go through here.
 */
final class NestedArrays {

    private NestedArrays() {}

    /** Whether arrays of class {@code c} are the innermost rows of a nested value of {@code type}. */
    static boolean isLeaf(Class<?> c, DataType type) {
        return type == DataType.STRING
                ? c == String[].class || c == byte[][].class
                : c.componentType().isPrimitive();
    }

    /** The kind of a leaf row of class {@code c}: STRING for {@code String[]} (encoded on the way), else its own. */
    static ElementKind kindOf(Class<?> c) {
        return c == String[].class ? ElementKind.STRING : ElementKind.ofArrayClass(c);
    }

    /**
     * The shape of {@code value} as its first rows give it; {@code current} itself if that is the same shape
     * (no array made). {@code role} and {@code name} say what the value is for in messages ("input", "x").
     *
     * @throws IllegalArgumentException if it is empty, or its leaves cannot hold {@code type}
     */
    static int[] shape(Object value, DataType type, int[] current, String role, String name) {
        int rank = 0;
        Object probe = value;
        while (probe != null && probe.getClass().isArray() && !isLeaf(probe.getClass(), type)) {
            rank++;
            probe = Array.getLength(probe) > 0 ? Array.get(probe, 0) : null;
        }
        if (probe == null) {
            throw new IllegalArgumentException(role + " '" + name + "' is an empty or null nested array");
        }
        ElementKind leaf = kindOf(probe.getClass());
        if (leaf == null || !leaf.holds(type)) {
            throw new IllegalArgumentException(role + " '" + name + "' is " + type.numpyName() + "; "
                    + (probe.getClass().isArray()
                            ? probe.getClass().getSimpleName() + " rows"
                            : probe.getClass().getSimpleName() + " elements")
                    + " do not fit it" + NdArray.fittingArray(type));
        }
        rank++;
        boolean same = current != null && current.length == rank;
        probe = value;
        for (int d = 0; same && d < rank; d++) {
            same = Array.getLength(probe) == current[d];
            probe = d < rank - 1 ? Array.get(probe, 0) : null;
        }
        if (same) {
            return current;
        }
        int[] shape = new int[rank];
        probe = value;
        for (int d = 0; d < rank; d++) {
            shape[d] = Array.getLength(probe);
            probe = d < rank - 1 ? Array.get(probe, 0) : null;
        }
        return shape;
    }

    /** The kind of {@code value}'s leaves, {@code value} having been measured by {@link #shape} to rank {@code rank}. */
    static ElementKind leafKind(Object value, int rank) {
        Object probe = value;
        for (int d = 0; d < rank - 1; d++) {
            probe = Array.get(probe, 0);
        }
        return kindOf(probe.getClass());
    }

    /**
     * Checks every row of {@code value} against {@code shape}: no ragged or null rows, every leaf of
     * {@code leaf}'s class ({@code String[]} or {@code byte[][]} for strings).
     */
    static void check(Object value, int[] shape, ElementKind leaf, String role, String name) {
        walk(value, shape, 0, leaf, null, null, false, 0, role, name);
    }

    /** Copies {@code value}'s leaves (checked) into {@code dst}, which holds exactly their bytes. */
    static void copyIn(Object value, int[] shape, ElementKind leaf, MemorySegment dst, String role, String name) {
        walk(value, shape, 0, leaf, null, dst, false, 0, role, name);
    }

    /** Copies {@code src}, which holds exactly the bytes of {@code value}'s leaves, into them (checked). */
    static void copyOut(MemorySegment src, Object value, int[] shape, ElementKind leaf, String role, String name) {
        walk(value, shape, 0, leaf, null, src, true, 0, role, name);
    }

    /** {@code value}'s leaves (checked) in one new flat array of {@code leaf}'s class; strings as UTF-8. */
    static Object flatten(Object value, int[] shape, ElementKind leaf, String role, String name) {
        Object flat = leaf.newArray(Math.toIntExact(NdArray.elementCount(shape)));
        walk(value, shape, 0, leaf, flat, null, false, 0, role, name);
        return flat;
    }

    /**
     * Checks {@code array}, the row at {@code depth}, and copies its leaves: into {@code flat}, or into (or with
     * {@code read}, out of) {@code segment}, from value {@code at}; neither given, only checks.
     *
     * @return the value position after the row
     */
    private static long walk(
            Object array,
            int[] shape,
            int depth,
            ElementKind leaf,
            Object flat,
            MemorySegment segment,
            boolean read,
            long at,
            String role,
            String name) {
        int n = Array.getLength(array);
        if (n != shape[depth]) {
            throw new IllegalArgumentException(role + " '" + name + "' "
                    + (role.equals("input")
                            ? "is a ragged nested array: " + n + " elements at depth " + depth
                                    + " where the first row has " + shape[depth]
                            : "has shape " + Arrays.toString(shape) + "; given a nested array with " + n
                                    + " elements at depth " + depth));
        }
        if (depth == shape.length - 1) {
            Class<?> c = array.getClass();
            if (c != leaf.arrayClass() && !(leaf == ElementKind.STRING && c == String[].class)) {
                throw new IllegalArgumentException(role + " '" + name + "' mixes " + c.getSimpleName() + " and "
                        + leaf.arrayClass().getSimpleName() + " rows");
            }
            if (flat != null) {
                Object row = array instanceof String[] strings ? StringCodec.utf8(strings) : array;
                System.arraycopy(row, 0, flat, (int) at, n);
            } else if (segment != null && read) {
                leaf.copyOut(segment, at * leaf.valueBytes(), ByteOrder.nativeOrder(), array);
            } else if (segment != null) {
                leaf.copyIn(array, segment, at * leaf.valueBytes(), ByteOrder.nativeOrder());
            }
            return at + n;
        }
        for (int i = 0; i < n; i++) {
            Object row = Array.get(array, i);
            if (row == null) {
                throw new IllegalArgumentException(role + " '" + name + "' has a null row at depth " + depth);
            }
            if (!row.getClass().isArray()) {
                throw new IllegalArgumentException(role + " '" + name + "' has a "
                        + row.getClass().getSimpleName() + " at depth " + (depth + 1) + " where an array was expected");
            }
            at = walk(row, shape, depth + 1, leaf, flat, segment, read, at, role, name);
        }
        return at;
    }
}
