package dev.tfliteffm.tests;

import dev.tfliteffm.DataType;
import dev.tfliteffm.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw tensor bytes (native byte order, as TFLite keeps them and the C reference reads and writes them) to and
 * from the flat Java arrays that {@link NdArray} holds, and a readable rendering of one element.
 */
public final class RawBytes {

    private RawBytes() {}

    /** The flat Java array {@link NdArray#of(DataType, Object, int...)} takes for {@code type}, holding {@code bytes}. */
    public static Object toJavaArray(DataType type, byte[] bytes) {
        Object array = switch (type) {
            case FLOAT32, COMPLEX64 -> new float[bytes.length / 4];
            case FLOAT64, COMPLEX128 -> new double[bytes.length / 8];
            case INT32, UINT32 -> new int[bytes.length / 4];
            case INT64, UINT64 -> new long[bytes.length / 8];
            case INT16, UINT16, FLOAT16, BFLOAT16 -> new short[bytes.length / 2];
            case INT8, UINT8, BOOL, INT4, UINT4, INT2 -> new byte[bytes.length];
            default -> throw new AssertionError("no flat Java array holds " + type.numpyName() + " elements");
        };
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segmentOf(array), 0, bytes.length);
        return array;
    }

    /** An {@link NdArray} of {@code type} and {@code shape} over {@code bytes}. */
    public static NdArray toNdArray(DataType type, byte[] bytes, int[] shape) {
        return NdArray.of(type, toJavaArray(type, bytes), shape);
    }

    /** The raw bytes of a flat primitive array ({@code boolean[]} as one byte of 0 or 1 each). */
    public static byte[] fromJavaArray(Object array) {
        if (array instanceof boolean[] booleans) {
            byte[] bytes = new byte[booleans.length];
            for (int i = 0; i < booleans.length; i++) {
                bytes[i] = (byte) (booleans[i] ? 1 : 0);
            }
            return bytes;
        }
        return segmentOf(array).toArray(ValueLayout.JAVA_BYTE);
    }

    private static MemorySegment segmentOf(Object array) {
        return switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default ->
                throw new AssertionError(
                        "not a flat primitive array: " + array.getClass().getName());
        };
    }

    /** Element {@code index} of {@code bytes} read as {@code type}, for messages (its bytes in hex for types without a Java reading). */
    public static String element(DataType type, byte[] bytes, int index) {
        int size = Math.max(type.byteSize(), 1);
        if ((long) (index + 1) * size > bytes.length) {
            return "(none)";
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, index * size, size).order(ByteOrder.nativeOrder());
        return switch (type) {
            case FLOAT32 -> {
                int bits = b.getInt();
                yield Float.intBitsToFloat(bits) + String.format(" (bits %08x)", bits);
            }
            case FLOAT64 -> {
                long bits = b.getLong();
                yield Double.longBitsToDouble(bits) + String.format(" (bits %016x)", bits);
            }
            case INT32 -> Integer.toString(b.getInt());
            case UINT32 -> Integer.toUnsignedString(b.getInt());
            case INT64 -> Long.toString(b.getLong());
            case UINT64 -> Long.toUnsignedString(b.getLong());
            case INT16 -> Short.toString(b.getShort());
            case UINT16 -> Integer.toString(Short.toUnsignedInt(b.getShort()));
            case INT8 -> Byte.toString(b.get());
            case UINT8, BOOL -> Integer.toString(Byte.toUnsignedInt(b.get()));
            default -> "bytes " + hex(bytes, index * size, size);
        };
    }

    private static String hex(byte[] bytes, int from, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + length; i++) {
            s.append(String.format("%02x", bytes[i]));
        }
        return s.toString();
    }
}
