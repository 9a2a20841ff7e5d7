package dev.tfliteffm.modelwriter;

/**
 * The element type of a tensor, with its two numberings: the flatbuffer schema's {@code TensorType} code
 * (written into {@code .tflite} files) and the C API's {@code TfLiteType} code (what an interpreter reports).
 * They differ, e.g. {@code FLOAT32} is 0 in the schema and 1 ({@code kTfLiteFloat32}) in the C API.
 */
public enum TensorType {
    /** 32-bit IEEE float. */
    FLOAT32(0, 1, 4),
    /** 16-bit IEEE float (half). */
    FLOAT16(1, 10, 2),
    /** Signed 32-bit integer. */
    INT32(2, 2, 4),
    /** Unsigned 8-bit integer. */
    UINT8(3, 3, 1),
    /** Signed 64-bit integer. */
    INT64(4, 4, 8),
    /** Byte strings in TFLite's string-buffer layout; see {@link StringTensors}. */
    STRING(5, 5, -1),
    /** One byte per value, 0 or 1. */
    BOOL(6, 6, 1),
    /** Signed 16-bit integer. */
    INT16(7, 7, 2),
    /** Two 32-bit floats (real, imaginary). */
    COMPLEX64(8, 8, 8),
    /** Signed 8-bit integer. */
    INT8(9, 9, 1),
    /** 64-bit IEEE float. */
    FLOAT64(10, 11, 8),
    /** Two 64-bit floats (real, imaginary). */
    COMPLEX128(11, 12, 16),
    /** Unsigned 64-bit integer. */
    UINT64(12, 13, 8),
    /** A handle to a resource (e.g. a variable made by {@code VAR_HANDLE}); no user-visible data. */
    RESOURCE(13, 14, -1),
    /** A variant (e.g. a tensor list); no user-visible data. */
    VARIANT(14, 15, -1),
    /** Unsigned 32-bit integer. */
    UINT32(15, 16, 4),
    /** Unsigned 16-bit integer. */
    UINT16(16, 17, 2),
    /** Signed 4-bit integer; constant buffers pack two values per byte, low nibble first. */
    INT4(17, 18, -1),
    /** bfloat16: the upper half of a 32-bit float. */
    BFLOAT16(18, 19, 2),
    /** Signed 2-bit integer; constant buffers pack four values per byte (schema code newer than the 0.4.4 classes). */
    INT2(19, 20, -1),
    /** Unsigned 4-bit integer; constant buffers pack two values per byte (schema code newer than the 0.4.4 classes). */
    UINT4(20, 21, -1);

    private final byte schemaCode;
    private final int tfLiteTypeCode;
    private final int byteSize;

    TensorType(int schemaCode, int tfLiteTypeCode, int byteSize) {
        this.schemaCode = (byte) schemaCode;
        this.tfLiteTypeCode = tfLiteTypeCode;
        this.byteSize = byteSize;
    }

    /** The code of this type in the flatbuffer schema ({@code org.tensorflow.lite.schema.TensorType}). */
    public byte schemaCode() {
        return schemaCode;
    }

    /** The code of this type in the C API's {@code TfLiteType} enum (e.g. {@code kTfLiteFloat32} = 1). */
    public int tfLiteTypeCode() {
        return tfLiteTypeCode;
    }

    /**
     * Bytes per element, or -1 for types without a whole number of bytes per element: {@link #STRING},
     * {@link #RESOURCE}, {@link #VARIANT}, and the packed {@link #INT4}, {@link #UINT4} and {@link #INT2}.
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The bytes that {@code elements} values of this type take in a buffer: {@code elements × byteSize()}, or
     * for the packed types {@code elements / 2} ({@link #INT4}, {@link #UINT4}) or {@code elements / 4}
     * ({@link #INT2}) rounded up, as TFLite 2.21 sizes them.
     *
     * @throws IllegalStateException for {@link #STRING}, {@link #RESOURCE} and {@link #VARIANT}, whose size
     *                               does not follow from the element count
     */
    public long bufferBytes(long elements) {
        if (this == INT4 || this == UINT4) {
            return (elements + 1) / 2;
        }
        if (this == INT2) {
            return (elements + 3) / 4;
        }
        if (byteSize < 0) {
            throw new IllegalStateException(this + " has no fixed size per element");
        }
        return elements * byteSize;
    }

    /** The type with this schema code. */
    public static TensorType fromSchemaCode(int schemaCode) {
        for (TensorType type : values()) {
            if (type.schemaCode == schemaCode) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown flatbuffer TensorType code " + schemaCode
                + " (this writer knows 0.." + (values().length - 1) + ")");
    }

    /** The type with this C API {@code TfLiteType} code. */
    public static TensorType fromTfLiteTypeCode(int tfLiteTypeCode) {
        for (TensorType type : values()) {
            if (type.tfLiteTypeCode == tfLiteTypeCode) {
                return type;
            }
        }
        throw new IllegalArgumentException("No tensor element type for TfLiteType code " + tfLiteTypeCode);
    }
}
