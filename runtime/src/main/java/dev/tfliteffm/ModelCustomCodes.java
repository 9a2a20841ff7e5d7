package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The custom op names ({@code OperatorCode.custom_code}) of a model's flatbuffer, read directly (a few table
 * lookups, no schema classes): an interpreter registers a built-in Java operator only for a model that names it,
 * so a model without custom ops makes no operator upcall stubs at start-up.
 */
final class ModelCustomCodes {

    private static final int MODEL_OPERATOR_CODES = 1; // Model.operator_codes
    private static final int OPERATOR_CODE_CUSTOM_CODE = 1; // OperatorCode.custom_code

    private ModelCustomCodes() {}

    /**
     * The custom codes in the flatbuffer {@code data}, or {@code null} when it cannot be read that way (then
     * every built-in operator is registered, as before).
     */
    static Set<String> of(MemorySegment segment) {
        try {
            // Through a ByteBuffer: its little-endian reads are in every JVM's boot image already, where new
            // unaligned little-endian value layouts would each make a VarHandle at start-up.
            ByteBuffer data = segment.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long size = data.capacity();
            long model = u32(data, 0);
            long codes = field(data, model, MODEL_OPERATOR_CODES);
            Set<String> out = new HashSet<>();
            if (codes < 0) {
                return out;
            }
            long vector = codes + u32(data, codes);
            long n = u32(data, vector);
            if (n < 0 || vector + 4 + 4 * n > size) {
                return null;
            }
            for (long i = 0; i < n; i++) {
                long at = vector + 4 + 4 * i;
                long code = at + u32(data, at);
                long custom = field(data, code, OPERATOR_CODE_CUSTOM_CODE);
                if (custom >= 0) {
                    long string = custom + u32(data, custom);
                    long length = u32(data, string);
                    if (length < 0 || string + 4 + length > size) {
                        return null;
                    }
                    byte[] bytes = new byte[(int) length];
                    data.get((int) string + 4, bytes);
                    out.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return out;
        } catch (IndexOutOfBoundsException
                | IllegalArgumentException
                | UnsupportedOperationException
                | ArithmeticException e) {
            return null;
        }
    }

    private static long u32(ByteBuffer data, long at) {
        return Integer.toUnsignedLong(data.getInt(Math.toIntExact(at)));
    }

    /** Where field {@code index} of the table at {@code table} is, or -1 when absent. */
    private static long field(ByteBuffer data, long table, int index) {
        long vtable = table - data.getInt(Math.toIntExact(table));
        int vtableSize = Short.toUnsignedInt(data.getShort(Math.toIntExact(vtable)));
        int slot = 4 + 2 * index;
        if (slot + 2 > vtableSize) {
            return -1;
        }
        int offset = Short.toUnsignedInt(data.getShort(Math.toIntExact(vtable + slot)));
        return offset == 0 ? -1 : table + offset;
    }
}
