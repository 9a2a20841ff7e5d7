package dev.tfliteffm.modelwriter;

import java.nio.ByteBuffer;

/**
 * One tensor of a subgraph, as a {@code .tflite} file describes it.
 *
 * @param index          the tensor's index in its subgraph
 * @param name           the tensor's name
 * @param type           the element type, or null when the file uses a code this reader does not know
 * @param typeCode       the schema's TensorType code
 * @param shape          the shape (unknown dimensions as 1)
 * @param shapeSignature the shape with -1 for unknown dimensions; equal to {@code shape} when the file has none
 * @param buffer         the index of the tensor's buffer in the model (0: no data)
 * @param data           a read-only view of the constant data (position 0), or null when the tensor has none
 * @param variable       whether the tensor is a variable tensor
 * @param quantization   the quantization, or null when the tensor has no scales
 */
public record TensorInfo(
        int index,
        String name,
        TensorType type,
        int typeCode,
        int[] shape,
        int[] shapeSignature,
        long buffer,
        ByteBuffer data,
        boolean variable,
        Quantization quantization) {

    /** The type's name, e.g. {@code FLOAT32}, or {@code TYPE_<code>} for a code this reader does not know. */
    public String typeName() {
        return type != null ? type.name() : "TYPE_" + typeCode;
    }

    /** Whether the tensor has constant data. */
    public boolean isConstant() {
        return data != null;
    }

    /** Whether some dimension of the shape signature is unknown (-1). */
    public boolean isDynamic() {
        for (int d : shapeSignature) {
            if (d < 0) {
                return true;
            }
        }
        return false;
    }

    /** The constant data as a new array, or null. */
    public byte[] dataBytes() {
        if (data == null) {
            return null;
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
