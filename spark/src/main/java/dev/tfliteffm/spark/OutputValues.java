package dev.tfliteffm.spark;

import dev.tfliteffm.NdArray;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.Arrays;
import scala.collection.immutable.ArraySeq;

/**
 * Turns one output {@link NdArray} into a Spark column value: nested sequences of the output's shape (without
 * the batch dimension when rows are examples), or raw bytes for types Spark has no match for.
 */
final class OutputValues {

    private OutputValues() {}

    /** The column value of {@code array}. */
    static Object toColumn(NdArray array, boolean rowsAreExamples) {
        if (ColumnTypes.element(array.dataType()) == null) {
            return array.toBytes(ByteOrder.nativeOrder());
        }
        int[] shape = array.shape();
        if (rowsAreExamples && shape.length > 0 && shape[0] == 1) {
            shape = Arrays.copyOfRange(shape, 1, shape.length);
        }
        Object flat = array.dataType() == dev.tfliteffm.DataType.STRING ? array.strings() : array.data();
        if (shape.length == 0) {
            return Array.get(flat, 0);
        }
        return nest(flat, 0, shape, 0);
    }

    /** The sub-array of {@code shape[depth..]} starting at flat index {@code offset}. */
    private static Object nest(Object flat, int offset, int[] shape, int depth) {
        int n = shape[depth];
        if (depth == shape.length - 1) {
            Object part = Array.newInstance(flat.getClass().getComponentType(), n);
            System.arraycopy(flat, offset, part, 0, n);
            return ArraySeq.unsafeWrapArray(part);
        }
        int stride = 1;
        for (int d = depth + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        Object[] parts = new Object[n];
        for (int i = 0; i < n; i++) {
            parts[i] = nest(flat, offset + i * stride, shape, depth + 1);
        }
        return ArraySeq.unsafeWrapArray(parts);
    }
}
