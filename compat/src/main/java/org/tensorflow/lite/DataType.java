package org.tensorflow.lite;

/**
 * The element type of a {@link Tensor}: the eight types the official Java API knows. A tensor of any other TFLite
 * type (FLOAT16, FLOAT64, ...) cannot be used through this API, as in the official one.
 */
public enum DataType {
    /** 32-bit IEEE float. */
    FLOAT32(1, 4),
    /** 32-bit signed integer. */
    INT32(2, 4),
    /** 8-bit unsigned integer. */
    UINT8(3, 1),
    /** 64-bit signed integer. */
    INT64(4, 8),
    /** Variable-length strings. */
    STRING(5, -1),
    /** Boolean; -1 from {@link #byteSize()}, as the official API reports it. */
    BOOL(6, -1),
    /** 16-bit signed integer. */
    INT16(7, 2),
    /** 8-bit signed integer. */
    INT8(9, 1);

    private final int code;
    private final int byteSize;

    DataType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** Bytes per element, or -1 when the size is not fixed (strings) or not defined by Java (booleans). */
    public int byteSize() {
        return byteSize;
    }

    /** The {@code TfLiteType} value. */
    int c() {
        return code;
    }

    /** The name the official API uses to match Java types: INT8 and UINT8 are both "byte". */
    String javaName() {
        return switch (this) {
            case FLOAT32 -> "float";
            case INT32 -> "int";
            case INT16 -> "short";
            case INT8, UINT8 -> "byte";
            case INT64 -> "long";
            case BOOL -> "bool";
            case STRING -> "string";
        };
    }

    /**
     * The type of a {@code TfLiteType} value.
     *
     * @throws IllegalArgumentException for a type the official API does not know, with its message
     */
    static DataType fromC(int code) {
        for (DataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("DataType error: DataType " + code + " is not recognized in Java.");
    }
}
