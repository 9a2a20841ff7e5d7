package dev.tfliteffm;

/**
 * The checks of one tensor table ({@code table Tensor} in schema.fbs): its shape fits TFLite's int32 sizes, its
 * quantization arrays fit its shape, and its constant data, if any, is exactly as large as its shape and type
 * need. Part of {@link ModelValidator}.
 */
final class TensorValidator {

    // table Tensor
    private static final int SHAPE = 0;
    private static final int TYPE = 1;
    private static final int BUFFER = 2;
    private static final int QUANTIZATION = 4;
    private static final int IS_VARIABLE = 5;
    private static final int SPARSITY = 6;
    private static final int SHAPE_SIGNATURE = 7;
    // table QuantizationParameters
    private static final int SCALE = 2;
    private static final int ZERO_POINT = 3;
    private static final int QUANTIZED_DIMENSION = 6;
    // table Buffer
    private static final int DATA = 0;
    private static final int OFFSET = 1;
    private static final int SIZE = 2;

    private final FlatBufferReader r;
    private final long buffers;
    private final int bufferCount;

    /** Checks tensors against the model's {@code buffers} vector of {@code bufferCount} tables (-1: none). */
    TensorValidator(FlatBufferReader r, long buffers, int bufferCount) {
        this.r = r;
        this.buffers = buffers;
        this.bufferCount = bufferCount;
    }

    /**
     * Checks the tensor table at {@code tensor}, tensor {@code t} of subgraph {@code s}.
     *
     * @return whether the tensor has constant data (TFLite maps it read-only)
     * @throws ModelValidator.Refused for the first problem found
     */
    boolean check(int s, int t, long tensor) {
        long shape = r.vectorField(tensor, SHAPE);
        int rank = shape < 0 ? 0 : r.vectorLength(shape, 4);
        int type = r.byteField(tensor, TYPE, 0);
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            int d = r.intElement(shape, i);
            if (d < 0) {
                throw refused(s, t, "dimension " + i + " of shape " + shapeText(tensor) + " is negative");
            }
            elements *= d;
            if (elements > Integer.MAX_VALUE) { // TFLite counts elements (and kernels index them) in int32
                throw refused(
                        s, t, "shape " + shapeText(tensor) + " has more than 2^31-1 elements, more than TFLite counts");
            }
        }
        boolean fixedSize = SchemaTypes.hasFixedSize(type);
        long needed = fixedSize ? SchemaTypes.bytes(type, elements) : -1;
        if (needed > Integer.MAX_VALUE) {
            throw refused(s, t, describe(type, tensor) + " needs " + needed + " bytes, more than TFLite's 2^31-1");
        }
        checkShapeSignature(s, t, tensor, rank);
        checkQuantization(s, t, tensor, shape, rank);
        return checkBuffer(s, t, tensor, type, needed);
    }

    private void checkShapeSignature(int s, int t, long tensor, int rank) {
        long signature = r.vectorField(tensor, SHAPE_SIGNATURE);
        int length = signature < 0 ? 0 : r.vectorLength(signature, 4);
        if (length == 0) {
            return;
        }
        if (length != rank) {
            throw refused(
                    s, t, "shape signature has " + length + " dimensions, shape " + shapeText(tensor) + " has " + rank);
        }
        for (int i = 0; i < length; i++) {
            if (r.intElement(signature, i) < -1) {
                throw refused(
                        s,
                        t,
                        "dimension " + i + " of the shape signature is " + r.intElement(signature, i)
                                + " (only -1 means unknown)");
            }
        }
    }

    private void checkQuantization(int s, int t, long tensor, long shape, int rank) {
        long q = r.tableField(tensor, QUANTIZATION);
        if (q < 0) {
            return;
        }
        int scales = r.vectorLength(q, SCALE, 4);
        if (scales == 0) {
            return; // TFLite ignores the rest: the tensor is not quantized
        }
        int zeroPoints = r.vectorLength(q, ZERO_POINT, 8);
        if (zeroPoints != scales) {
            throw refused(s, t, "quantization has " + scales + " scales but " + zeroPoints + " zero points");
        }
        int dimension = r.intField(q, QUANTIZED_DIMENSION, 0);
        if (dimension < 0 || (rank > 0 && dimension >= rank) || (rank == 0 && dimension != 0)) {
            throw refused(
                    s,
                    t,
                    "quantized_dimension " + dimension + " is out of range for shape " + shapeText(tensor) + " (rank "
                            + rank + ")");
        }
        int along = rank == 0 ? 1 : r.intElement(shape, dimension);
        if (scales != 1 && scales != along) {
            throw refused(
                    s,
                    t,
                    "quantization has " + scales + " scales; shape " + shapeText(tensor) + " needs 1 or " + along
                            + " (the size of quantized_dimension " + dimension + ")");
        }
    }

    private boolean checkBuffer(int s, int t, long tensor, int type, long needed) {
        long index = r.uintField(tensor, BUFFER, 0);
        if (index == 0) {
            return false; // buffer 0 is the empty sentinel: no constant data
        }
        if (index >= bufferCount) {
            throw refused(s, t, "buffer " + index + " does not exist (the model has " + bufferCount + " buffers)");
        }
        long buffer = r.tableElement(buffers, (int) index);
        long data = r.vectorField(buffer, DATA);
        long bytes;
        if (data >= 0) {
            bytes = r.vectorLength(data, 1);
        } else {
            long offset = r.ulongField(buffer, OFFSET, 0);
            if (Long.compareUnsigned(offset, 1) <= 0) {
                return false;
            }
            long size = r.ulongField(buffer, SIZE, 0);
            long end = offset + size;
            if (offset < 0 || size < 0 || end < 0 || end > r.size()) {
                throw refused(
                        s,
                        t,
                        "buffer " + index + " places its " + Long.toUnsignedString(size) + " bytes at offset "
                                + Long.toUnsignedString(offset) + ", outside the model's " + r.size() + " bytes");
            }
            bytes = size;
        }
        if (bytes == 0 && data >= 0) {
            return false;
        }
        boolean sparse = r.field(tensor, SPARSITY) >= 0;
        boolean variable = r.byteField(tensor, IS_VARIABLE, 0) != 0;
        if (needed >= 0 && !sparse && !variable && bytes != needed) {
            throw refused(
                    s,
                    t,
                    "buffer " + index + " holds " + bytes + " bytes, " + describe(type, tensor) + " needs " + needed);
        }
        return true;
    }

    /** The tensor's type and shape as in {@code float32[4,4,2]}. */
    private String describe(int type, long tensor) {
        return SchemaTypes.name(type) + shapeText(tensor);
    }

    private String shapeText(long tensor) {
        long shape = r.vectorField(tensor, SHAPE);
        int rank = shape < 0 ? 0 : r.vectorLength(shape, 4);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < rank; i++) {
            b.append(i == 0 ? "" : ",").append(r.intElement(shape, i));
        }
        return b.append(']').toString();
    }

    private static ModelValidator.Refused refused(int s, int t, String problem) {
        return new ModelValidator.Refused("subgraph " + s + ", tensor " + t + ": " + problem);
    }
}
