package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of a flatbuffer's tables, vectors and strings, in place (a mapped file is not copied).
 * Positions are byte offsets; every offset that is followed is checked against the size first, and a position
 * outside throws {@link Malformed}. The runtime has its own reader (not the writer's schema classes) so that it
 * depends on nothing but the bindings. It reads through a {@link ByteBuffer} view: in a cold JVM that is much faster
 * than {@code MemorySegment} accessors, whose first use costs tens of milliseconds of set-up.
 */
final class FlatBufferReader {

    /** A flatbuffer whose offsets lead outside it: its structure is broken, not only its meaning. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false); // no stack trace: it is a verdict, not a bug
        }
    }

    private final ByteBuffer data;
    private final long size;

    FlatBufferReader(MemorySegment segment) {
        // A flatbuffer is at most 2 GiB (32-bit offsets); only buffers placed by offset may lie beyond.
        long viewed = Math.min(segment.byteSize(), Integer.MAX_VALUE);
        this.data = segment.asSlice(0, viewed).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.size = viewed;
        this.fileSize = segment.byteSize();
    }

    private final long fileSize;

    /** The model's size in bytes (with data past the flatbuffer, if any). */
    long size() {
        return fileSize;
    }

    /** Whether bytes 4..7 hold the file identifier {@code id} (4 ASCII characters). */
    boolean hasIdentifier(String id) {
        if (size < 8) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (data.get(4 + i) != (byte) id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The root table's position. */
    long root() {
        return indirect(0);
    }

    /** The position of field {@code id} of the table at {@code table}, or -1 when the field is absent. */
    long field(long table, int id) {
        long vtable = table - (long) readInt(table);
        int vtableSize = Short.toUnsignedInt(readShort(vtable));
        int entry = 4 + 2 * id;
        if (entry + 2 > vtableSize) {
            return -1;
        }
        int offset = Short.toUnsignedInt(readShort(vtable + entry));
        if (offset == 0) {
            return -1;
        }
        long position = table + offset;
        check(position, 1);
        return position;
    }

    /** A signed 32-bit field, or {@code absent} when the field is not stored. */
    int intField(long table, int id, int absent) {
        long p = field(table, id);
        return p < 0 ? absent : readInt(p);
    }

    /** An unsigned 32-bit field as a long, or {@code absent}. */
    long uintField(long table, int id, long absent) {
        long p = field(table, id);
        return p < 0 ? absent : Integer.toUnsignedLong(readInt(p));
    }

    /** An unsigned 64-bit field, or {@code absent}; values past {@code Long.MAX_VALUE} read as negative. */
    long ulongField(long table, int id, long absent) {
        long p = field(table, id);
        return p < 0 ? absent : readLong(p);
    }

    /** A byte field (also booleans and byte enums, such as union types), or {@code absent}. */
    int byteField(long table, int id, int absent) {
        long p = field(table, id);
        return p < 0 ? absent : data.get((int) p);
    }

    /** The table that field {@code id} refers to, or -1 when absent. */
    long tableField(long table, int id) {
        long p = field(table, id);
        return p < 0 ? -1 : indirect(p);
    }

    /** The vector that field {@code id} refers to (the position of its length), or -1 when absent. */
    long vectorField(long table, int id) {
        return tableField(table, id);
    }

    /** The length of the vector at {@code vector} whose elements are {@code elementSize} bytes; checked. */
    int vectorLength(long vector, int elementSize) {
        int length = readInt(vector);
        if (length < 0 || vector + 4 + (long) length * elementSize > size) {
            throw new Malformed("a vector of " + Integer.toUnsignedString(length) + " elements at byte " + vector
                    + " runs past the end of the " + size + " bytes");
        }
        return length;
    }

    /** The length of the vector in field {@code id} with elements of {@code elementSize} bytes; 0 when absent. */
    int vectorLength(long table, int id, int elementSize) {
        long v = vectorField(table, id);
        return v < 0 ? 0 : vectorLength(v, elementSize);
    }

    /** Element {@code i} of a vector of 32-bit ints (its length already checked). */
    int intElement(long vector, int i) {
        return data.getInt((int) (vector + 4 + 4L * i));
    }

    /** Table {@code i} of a vector of tables (its length already checked). */
    long tableElement(long vector, int i) {
        return indirect(vector + 4 + 4L * i);
    }

    /** The string in field {@code id}, or {@code null} when absent. */
    String stringField(long table, int id) {
        long s = vectorField(table, id);
        if (s < 0) {
            return null;
        }
        int length = vectorLength(s, 1);
        byte[] bytes = new byte[length];
        data.get((int) s + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The position that the unsigned offset stored at {@code position} leads to. */
    private long indirect(long position) {
        long target = position + Integer.toUnsignedLong(readInt(position));
        check(target, 4);
        return target;
    }

    private int readInt(long position) {
        check(position, 4);
        return data.getInt((int) position);
    }

    private short readShort(long position) {
        check(position, 2);
        return data.getShort((int) position);
    }

    private long readLong(long position) {
        check(position, 8);
        return data.getLong((int) position);
    }

    private void check(long position, int bytes) {
        if (position < 0 || position + bytes > size) {
            throw new Malformed("an offset leads to byte " + position + ", outside the " + size + " bytes");
        }
    }
}
