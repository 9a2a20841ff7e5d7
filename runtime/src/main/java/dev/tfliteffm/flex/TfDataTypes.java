package dev.tfliteffm.flex;

import dev.tfliteffm.DataType;

/**
 * TensorFlow's {@code DataType} enum (tensorflow/core/framework/types.proto) as NodeDefs store it: the values,
 * TensorFlow's names for them ({@code DataTypeString}, used in TensorFlow's error messages), and the TFLite
 * type of the same kind.
 */
final class TfDataTypes {

    private TfDataTypes() {}

    static final int DT_FLOAT = 1;
    static final int DT_DOUBLE = 2;
    static final int DT_INT32 = 3;
    static final int DT_UINT8 = 4;
    static final int DT_INT16 = 5;
    static final int DT_INT8 = 6;
    static final int DT_STRING = 7;
    static final int DT_COMPLEX64 = 8;
    static final int DT_INT64 = 9;
    static final int DT_BOOL = 10;
    static final int DT_BFLOAT16 = 14;
    static final int DT_UINT16 = 17;
    static final int DT_COMPLEX128 = 18;
    static final int DT_HALF = 19;
    static final int DT_RESOURCE = 20;
    static final int DT_VARIANT = 21;
    static final int DT_UINT32 = 22;
    static final int DT_UINT64 = 23;

    /** TensorFlow's name of a DataType value, e.g. {@code float}, {@code int32}; {@code unknown (N)} otherwise. */
    static String name(int code) {
        return switch (code) {
            case DT_FLOAT -> "float";
            case DT_DOUBLE -> "double";
            case DT_INT32 -> "int32";
            case DT_UINT8 -> "uint8";
            case DT_INT16 -> "int16";
            case DT_INT8 -> "int8";
            case DT_STRING -> "string";
            case DT_COMPLEX64 -> "complex64";
            case DT_INT64 -> "int64";
            case DT_BOOL -> "bool";
            case 11 -> "qint8";
            case 12 -> "quint8";
            case 13 -> "qint32";
            case DT_BFLOAT16 -> "bfloat16";
            case 15 -> "qint16";
            case 16 -> "quint16";
            case DT_UINT16 -> "uint16";
            case DT_COMPLEX128 -> "complex128";
            case DT_HALF -> "half";
            case DT_RESOURCE -> "resource";
            case DT_VARIANT -> "variant";
            case DT_UINT32 -> "uint32";
            case DT_UINT64 -> "uint64";
            default -> "unknown (" + code + ")";
        };
    }

    /**
     * The TFLite type of a TensorFlow DataType value.
     *
     * @throws IllegalArgumentException for a TensorFlow type TFLite does not have
     */
    static DataType toTfLite(int code) {
        return switch (code) {
            case DT_FLOAT -> DataType.FLOAT32;
            case DT_DOUBLE -> DataType.FLOAT64;
            case DT_INT32 -> DataType.INT32;
            case DT_UINT8 -> DataType.UINT8;
            case DT_INT16 -> DataType.INT16;
            case DT_INT8 -> DataType.INT8;
            case DT_STRING -> DataType.STRING;
            case DT_COMPLEX64 -> DataType.COMPLEX64;
            case DT_INT64 -> DataType.INT64;
            case DT_BOOL -> DataType.BOOL;
            case DT_BFLOAT16 -> DataType.BFLOAT16;
            case DT_UINT16 -> DataType.UINT16;
            case DT_COMPLEX128 -> DataType.COMPLEX128;
            case DT_HALF -> DataType.FLOAT16;
            case DT_RESOURCE -> DataType.RESOURCE;
            case DT_VARIANT -> DataType.VARIANT;
            case DT_UINT32 -> DataType.UINT32;
            case DT_UINT64 -> DataType.UINT64;
            default -> throw new IllegalArgumentException("TensorFlow type " + name(code) + " has no TFLite type");
        };
    }

    /** TensorFlow's name of the TensorFlow type matching a TFLite type (for messages). */
    static String name(DataType type) {
        return switch (type) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case FLOAT16 -> "half";
            default -> type.numpyName();
        };
    }
}
