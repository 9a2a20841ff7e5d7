package dev.tfliteffm.spark;

import dev.tfliteffm.DataType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;

/** Which Spark SQL types hold which tensors: element types, nested arrays per rank, binary, vectors. */
final class ColumnTypes {

    private ColumnTypes() {}

    /** The Spark element type of a tensor type, or {@code null} for types Spark has no match for. */
    static org.apache.spark.sql.types.DataType element(DataType type) {
        return switch (type) {
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case INT16 -> DataTypes.ShortType;
            case INT8 -> DataTypes.ByteType;
            case BOOL -> DataTypes.BooleanType;
            case STRING -> DataTypes.StringType;
            default -> null;
        };
    }

    /** The column type of a value of {@code rank} dimensions: nested arrays, or binary for unmatched types. */
    static org.apache.spark.sql.types.DataType column(DataType type, int rank) {
        org.apache.spark.sql.types.DataType t = element(type);
        if (t == null) {
            return DataTypes.BinaryType; // raw tensor bytes (uint8, float16, ...)
        }
        for (int i = 0; i < rank; i++) {
            t = DataTypes.createArrayType(t, false);
        }
        return t;
    }

    /** Whether a column of type {@code actual} can feed an input of {@code type} with {@code rank} dimensions. */
    static boolean accepts(org.apache.spark.sql.types.DataType actual, DataType type, int rank) {
        if (actual.equals(DataTypes.BinaryType)) {
            return type.isFixedSize(); // raw tensor bytes
        }
        if (actual.equals(SQLDataTypes.VectorType())) {
            return rank == 1 && (type == DataType.FLOAT32 || type == DataType.FLOAT64);
        }
        org.apache.spark.sql.types.DataType t = actual;
        for (int i = 0; i < rank; i++) {
            if (!(t instanceof ArrayType a)) {
                return false;
            }
            t = a.elementType();
        }
        org.apache.spark.sql.types.DataType element = element(type);
        return element != null && element.equals(t);
    }

    /** What {@link #accepts} takes, for error messages. */
    static String expected(DataType type, int rank) {
        String s = column(type, rank).simpleString();
        if (type.isFixedSize()) {
            s += " or binary (raw " + type.numpyName() + " bytes)";
        }
        if (rank == 1 && (type == DataType.FLOAT32 || type == DataType.FLOAT64)) {
            s += " or vector";
        }
        return s;
    }
}
