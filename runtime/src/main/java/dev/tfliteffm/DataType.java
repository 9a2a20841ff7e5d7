package dev.tfliteffm;

/**
 * The element types of TensorFlow Lite tensors ({@code TfLiteType}), with their NumPy names and sizes.
 */
public enum DataType {
    /** {@code kTfLiteNoType}. */
    NO_TYPE(0, "notype", 0),
    /** 32-bit IEEE float. */
    FLOAT32(1, "float32", 4),
    /** 32-bit signed integer. */
    INT32(2, "int32", 4),
    /** 8-bit unsigned integer. */
    UINT8(3, "uint8", 1),
    /** 64-bit signed integer. */
    INT64(4, "int64", 8),
    /** Variable-length byte strings, in TFLite's string-buffer layout. */
    STRING(5, "string", -1),
    /** Boolean, one byte each. */
    BOOL(6, "bool", 1),
    /** 16-bit signed integer. */
    INT16(7, "int16", 2),
    /** Two 32-bit floats (real, imaginary). */
    COMPLEX64(8, "complex64", 8),
    /** 8-bit signed integer. */
    INT8(9, "int8", 1),
    /** 16-bit IEEE half float. */
    FLOAT16(10, "float16", 2),
    /** 64-bit IEEE float. */
    FLOAT64(11, "float64", 8),
    /** Two 64-bit floats (real, imaginary). */
    COMPLEX128(12, "complex128", 16),
    /** 64-bit unsigned integer. */
    UINT64(13, "uint64", 8),
    /** A resource handle (e.g. of a variable); not readable as data. */
    RESOURCE(14, "resource", -1),
    /** A variant (e.g. a tensor list); not readable as data. */
    VARIANT(15, "variant", -1),
    /** 32-bit unsigned integer. */
    UINT32(16, "uint32", 4),
    /** 16-bit unsigned integer. */
    UINT16(17, "uint16", 2),
    /** 4-bit signed integer (TFLite keeps one per byte at run time). */
    INT4(18, "int4", 1),
    /** bfloat16. */
    BFLOAT16(19, "bfloat16", 2),
    /** 2-bit signed integer (TFLite 2.21+). */
    INT2(20, "int2", 1),
    /** 4-bit unsigned integer (TFLite 2.21+). */
    UINT4(21, "uint4", 1);

    private static final DataType[] BY_CODE = new DataType[22];

    static {
        for (DataType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String numpyName;
    private final int byteSize;

    DataType(int code, String numpyName, int byteSize) {
        this.code = code;
        this.numpyName = numpyName;
        this.byteSize = byteSize;
    }

    /** The {@code TfLiteType} value. */
    public int code() {
        return code;
    }

    /** The name NumPy gives this type ({@code float32}, {@code int8}, {@code bool}, ...); TFLite's for the rest. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element, or -1 for types without a fixed size (string, resource, variant). */
    public int byteSize() {
        return byteSize;
    }

    /** Whether elements have a fixed size, so the data can be read as an array. */
    public boolean isFixedSize() {
        return byteSize > 0;
    }

    /** The type of a {@code TfLiteType} value. */
    public static DataType of(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown TfLiteType " + code + "; known: 0 to " + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
