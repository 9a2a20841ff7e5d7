package org.tensorflow.lite;

import java.nio.ByteBuffer;

/**
 * An input or output tensor of an interpreter: its type, shape and data. Tensors belong to their interpreter and
 * need no closing; once the interpreter is closed, {@link #numBytes()} and {@link #asReadOnlyBuffer()} fail.
 */
public interface Tensor {

    /**
     * Per-tensor quantization: {@code real = scale × (quantized − zeroPoint)}. Both are 0 for a tensor that is not
     * quantized, and for one quantized per channel (the official API reports only per-tensor parameters).
     */
    class QuantizationParams {
        private final float scale;
        private final int zeroPoint;

        /** Parameters with this scale and zero point. */
        public QuantizationParams(final float scale, final int zeroPoint) {
            this.scale = scale;
            this.zeroPoint = zeroPoint;
        }

        /** The scale; 0 when not quantized. */
        public float getScale() {
            return scale;
        }

        /** The zero point; 0 when not quantized. */
        public int getZeroPoint() {
            return zeroPoint;
        }
    }

    /** The element type. */
    DataType dataType();

    /** The rank: 0 for a scalar, 1 for a vector, ... */
    int numDimensions();

    /** The size of the tensor's data in bytes. */
    int numBytes();

    /** The number of elements: the product of {@link #shape()}. */
    int numElements();

    /** The current shape; a new array on each call. */
    int[] shape();

    /** The shape the model was built with, -1 marking dimensions that may vary. */
    int[] shapeSignature();

    /** The tensor's index in its subgraph, or -1 if the model's structure could not be read. */
    int index();

    /** The tensor's name in the model (not its name in a signature). */
    String name();

    /** The per-tensor quantization parameters (0 and 0 when there are none). */
    QuantizationParams quantizationParams();

    /**
     * A read-only view of the tensor's data in native byte order, for reading outputs right after a run. It stays
     * valid until the interpreter runs, resizes, allocates or closes again; after that, reading it throws
     * {@link IllegalStateException} instead of reading stale memory.
     *
     * @throws IllegalArgumentException if the tensor's data is not allocated
     */
    ByteBuffer asReadOnlyBuffer();
}
