package org.tensorflow.lite;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads tables, scalars, vectors and strings of a FlatBuffer in place: just enough of the format for
 * {@link ModelIndex}. Every read is bounds-checked by the segment, so a malformed buffer throws
 * {@link IndexOutOfBoundsException} rather than reading elsewhere.
 */
final class FlatBufferView {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment bytes;

    FlatBufferView(MemorySegment bytes) {
        this.bytes = bytes;
    }

    /** The position of the root table. */
    long root() {
        return deref(0);
    }

    /** The position of field {@code id} of the table at {@code table}, or -1 when the field is absent. */
    long field(long table, int id) {
        long vtable = table - bytes.get(U32, table);
        int vtableSize = Short.toUnsignedInt(bytes.get(U16, vtable));
        int slot = 4 + 2 * id;
        if (slot + 2 > vtableSize) {
            return -1;
        }
        int offset = Short.toUnsignedInt(bytes.get(U16, vtable + slot));
        return offset == 0 ? -1 : table + offset;
    }

    /** An unsigned 32-bit scalar field, or {@code otherwise} (the schema default: FlatBuffers omit it) when absent. */
    long uint(long table, int id, long otherwise) {
        long at = field(table, id);
        return at < 0 ? otherwise : Integer.toUnsignedLong(bytes.get(U32, at));
    }

    /** A string field, or {@code null} when absent. */
    String string(long table, int id) {
        long at = field(table, id);
        if (at < 0) {
            return null;
        }
        long start = deref(at);
        int length = bytes.get(U32, start);
        return new String(bytes.asSlice(start + 4, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** A vector of int32 field; empty when absent. */
    int[] ints(long table, int id) {
        long at = field(table, id);
        if (at < 0) {
            return new int[0];
        }
        long vector = deref(at);
        int[] values = new int[bytes.get(U32, vector)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.get(U32, vector + 4 + 4L * i);
        }
        return values;
    }

    /** The positions of the tables in a vector-of-tables field; empty when absent. */
    long[] tables(long table, int id) {
        long at = field(table, id);
        if (at < 0) {
            return new long[0];
        }
        long vector = deref(at);
        long[] positions = new long[bytes.get(U32, vector)];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = deref(vector + 4 + 4L * i);
        }
        return positions;
    }

    /** Follows the unsigned offset stored at {@code at}. */
    private long deref(long at) {
        return at + Integer.toUnsignedLong(bytes.get(U32, at));
    }
}
