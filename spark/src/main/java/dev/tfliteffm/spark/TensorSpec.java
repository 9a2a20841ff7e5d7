package dev.tfliteffm.spark;

import dev.tfliteffm.DataType;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One input or output of a signature as the Spark module sees it: the signature's name for it, the element type,
 * and the shape signature (-1 for dimensions that may vary).
 *
 * @param name the signature's input or output name
 * @param dataType the element type
 * @param shapeSignature the shape the model was built for, -1 where a dimension may vary
 */
public record TensorSpec(String name, DataType dataType, int[] shapeSignature) implements Serializable {

    /** Copies the shape. */
    public TensorSpec {
        shapeSignature = shapeSignature.clone();
    }

    @Override
    public int[] shapeSignature() {
        return shapeSignature.clone();
    }

    /** Whether the first dimension is a batch dimension: rank 2 or more and a first dimension of -1 or 1. */
    boolean batched() {
        return shapeSignature.length >= 2 && (shapeSignature[0] == -1 || shapeSignature[0] == 1);
    }

    /** The shape of one row's value: without the batch dimension when {@code rowsAreExamples}. */
    int[] rowShape(boolean rowsAreExamples) {
        return rowsAreExamples ? Arrays.copyOfRange(shapeSignature, 1, shapeSignature.length) : shapeSignature();
    }

    /** The shape as users read it: {@code [-1, 784]} prints {@code [?, 784]}. */
    static String describe(int[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : String.valueOf(shape[i]));
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t
                && name.equals(t.name)
                && dataType == t.dataType
                && Arrays.equals(shapeSignature, t.shapeSignature);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shapeSignature);
    }

    @Override
    public String toString() {
        return name + ": " + dataType.numpyName() + describe(shapeSignature);
    }
}
