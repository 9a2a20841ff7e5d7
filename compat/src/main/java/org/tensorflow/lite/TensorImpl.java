package org.tensorflow.lite;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.ConcurrentUseException;
import dev.tfliteffm.Quantization;
import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link Tensor} over one of the runtime's tensors, and the official API's checks and copies of run inputs and
 * outputs ({@link #write}, {@link #copyTo}). Type, name, index and quantization never change, so they are read
 * once; the shape signature and an output's shape are read live, an input's shape after each resize (after close,
 * the last ones seen are given).
 */
final class TensorImpl implements Tensor {

    private final dev.tfliteffm.Tensor tensor;
    private final DataType dtype;
    private final String name;
    private final int index;
    private final QuantizationParams quantization;
    private final EntryPoint.Resizes resizes;
    private int[] lastShape;
    private int shapeAt = -1;
    private int[] lastShapeSignature;

    /**
     * Wraps {@code tensor}, whose subgraph index is {@code index} (-1 if unknown).
     *
     * @param resizes for an input, the interpreter's resize count: only resizes change an input's shape, so it is
     *     read again only after one; {@code null} for an output, whose shape is read on every use
     * @throws IllegalArgumentException if its type is not one of the official {@link DataType}s
     */
    TensorImpl(dev.tfliteffm.Tensor tensor, int index, EntryPoint.Resizes resizes) {
        this.tensor = tensor;
        this.resizes = resizes;
        this.dtype = DataType.fromC(tensor.dataType().code());
        this.name = tensor.name();
        this.index = index;
        this.lastShape = tensor.shape();
        this.lastShapeSignature = tensor.shapeSignature();
        Quantization q = tensor.quantization();
        // The official API reports the legacy per-tensor parameters, which TFLite leaves at 0 for per-channel ones.
        this.quantization = q.isPerChannel()
                ? new QuantizationParams(0f, 0)
                : new QuantizationParams(q.scale(), (int) q.zeroPoint());
    }

    @Override
    public DataType dataType() {
        return dtype;
    }

    @Override
    public int numDimensions() {
        return currentShape().length;
    }

    @Override
    public int numBytes() {
        try {
            return Math.toIntExact(tensor.byteSize());
        } catch (ClosedException e) {
            throw Errors.tensorClosed(e);
        }
    }

    @Override
    public int numElements() {
        return JavaTypes.elements(currentShape());
    }

    @Override
    public int[] shape() {
        return currentShape().clone();
    }

    /** The current shape, not copied. */
    private int[] currentShape() {
        if (resizes != null && shapeAt == resizes.count()) {
            return lastShape;
        }
        try {
            lastShape = tensor.shape();
            shapeAt = resizes == null ? -1 : resizes.count();
        } catch (ClosedException e) {
            // As the official tensors, which keep a copy of their shape: the last one seen.
        }
        return lastShape;
    }

    @Override
    public int[] shapeSignature() {
        try {
            // Live: a model without shape signatures reports the current shape, as TFLite does.
            lastShapeSignature = tensor.shapeSignature();
        } catch (ClosedException e) {
            // The last one seen.
        }
        return lastShapeSignature.clone();
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public QuantizationParams quantizationParams() {
        return quantization;
    }

    @Override
    public ByteBuffer asReadOnlyBuffer() {
        return data().asByteBuffer().asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    // ---- run inputs and outputs ----------------------------------------------------------------

    /**
     * The shape of an input value given as an array or boxed scalar, checked against this tensor's type; null for
     * a Buffer (which never resizes) or null.
     */
    int[] shapeOfInput(Object value) {
        if (value == null || value instanceof Buffer) {
            return null;
        }
        JavaTypes.checkType(value, dtype);
        return JavaTypes.shapeOf(value, dtype);
    }

    /** Whether the tensor's current shape is {@code shape}. */
    boolean hasShape(int[] shape) {
        return Arrays.equals(currentShape(), shape);
    }

    /**
     * Writes a run input. {@code shape} is what {@link #shapeOfInput} gave, and the tensor has that shape now (the
     * run resized it); for Buffers it is null and the byte counts are checked here.
     */
    void write(Object value, int[] shape) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "Null inputs are allowed only if the Tensor is bound to a buffer handle.");
        }
        if (value instanceof Buffer buffer) {
            JavaTypes.checkType(value, dtype);
            int bytes = numBytes();
            int given = bufferBytes(buffer);
            if (bytes != given) {
                throw new IllegalArgumentException(String.format(
                        "Cannot copy to a TensorFlowLite tensor (%s) with %d bytes from a Java Buffer with %d bytes.",
                        name, bytes, given));
            }
            BufferCopy.write(buffer, data());
        } else if (dtype == DataType.STRING) {
            tensor.copyFrom(StringCopy.flatten(value, JavaTypes.elements(shape)));
        } else if (!value.getClass().isArray()) {
            ArrayCopy.writeScalar(value, dtype, shape, data());
        } else {
            ArrayCopy.write(value, data(), 0);
        }
    }

    /** Copies this (output) tensor into {@code dst}, an array of its exact shape or a Buffer with room for it. */
    void copyTo(Object dst) {
        if (dst == null) {
            throw new IllegalArgumentException(
                    "Null outputs are allowed only if the Tensor is bound to a buffer handle.");
        }
        JavaTypes.checkType(dst, dtype);
        if (dst instanceof Buffer buffer) {
            int bytes = numBytes();
            int room = bufferBytes(buffer);
            if (bytes > room) {
                throw new IllegalArgumentException(String.format(
                        "Cannot copy from a TensorFlowLite tensor (%s) with %d bytes to a Java Buffer with %d bytes.",
                        name, bytes, room));
            }
            BufferCopy.read(data(), buffer);
            return;
        }
        int[] shape = currentShape();
        int[] given = JavaTypes.shapeOf(dst, dtype);
        if (!Arrays.equals(shape, given)) {
            throw new IllegalArgumentException(String.format(
                    "Cannot copy from a TensorFlowLite tensor (%s) with shape %s to a Java object with shape %s.",
                    name, Arrays.toString(shape), Arrays.toString(given)));
        }
        if (shape.length == 0) {
            throw new IllegalArgumentException("Internal error: Cannot copy empty/scalar Tensors.");
        }
        if (dtype == DataType.STRING) {
            StringCopy.fill(tensor.toBytesArray(), (Object[]) dst);
        } else {
            ArrayCopy.read(data(), 0, dst);
        }
    }

    /** A Buffer's size as the official API counts it: its capacity, in elements of this tensor's type. */
    private int bufferBytes(Buffer buffer) {
        return buffer instanceof ByteBuffer ? buffer.capacity() : buffer.capacity() * dtype.byteSize();
    }

    /** The tensor's data, with the official exceptions for a closed interpreter or unallocated data. */
    private MemorySegment data() {
        try {
            return tensor.data();
        } catch (ClosedException e) {
            throw Errors.tensorClosed(e);
        } catch (ConcurrentUseException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw Errors.notAllocated(e);
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dtype + Arrays.toString(lastShape) + "]";
    }
}
