package dev.tfliteffm;

/**
 * The element types of TFLite's schema ({@code enum TensorType} in schema.fbs; not the C API's {@code TfLiteType}
 * numbers): their names for messages, and the bytes a tensor of each needs, as TFLite's {@code BytesRequired}
 * computes them.
 */
final class SchemaTypes {

    private static final String[] NAMES = {
        "float32",
        "float16",
        "int32",
        "uint8",
        "int64",
        "string",
        "bool",
        "int16",
        "complex64",
        "int8",
        "float64",
        "complex128",
        "uint64",
        "resource",
        "variant",
        "uint32",
        "uint16",
        "int4",
        "bfloat16",
        "int2",
        "uint4",
        "float8_e4m3fn",
        "float8_e5m2"
    };

    // Bytes per element; 0 where the size is not fixed (string, resource, variant) or the elements are packed.
    private static final int[] BYTES = {4, 2, 4, 1, 8, 0, 1, 2, 8, 1, 8, 16, 8, 0, 0, 4, 2, 0, 2, 0, 0, 1, 1};

    private static final int INT4 = 17;
    private static final int INT2 = 19;
    private static final int UINT4 = 20;

    private SchemaTypes() {}

    /** The type's name, e.g. {@code float32}, or {@code type 42} for a code this runtime does not know. */
    static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }

    /** Whether a tensor of this type has a size fixed by its shape. */
    static boolean hasFixedSize(int type) {
        return type >= 0 && type < BYTES.length && (BYTES[type] > 0 || isPacked(type));
    }

    /** The bytes of {@code elements} elements of a fixed-size type: packed types round up to whole bytes. */
    static long bytes(int type, long elements) {
        return switch (type) {
            case INT4, UINT4 -> (elements + 1) / 2;
            case INT2 -> (elements + 3) / 4;
            default -> elements * BYTES[type];
        };
    }

    private static boolean isPacked(int type) {
        return type == INT4 || type == UINT4 || type == INT2;
    }
}
