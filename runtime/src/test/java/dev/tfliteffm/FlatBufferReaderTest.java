package dev.tfliteffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The validator's flatbuffer reader on hand-made buffers: fields and vectors are found through the vtable, every
 * offset that leads outside the buffer is {@link FlatBufferReader.Malformed}, and such a buffer is left to TFLite's
 * verifier (the validator returns its refusal to throw only if TFLite accepts the model).
 */
class FlatBufferReaderTest {

    /**
     * A buffer: root offset, "TFL3", then a vtable of {@code fields} entries and a table with an int32 field 0 of
     * value 7 and a vector (field 1) of {@code length} ints.
     */
    private static MemorySegment table(int length, int elements) {
        ByteBuffer b = ByteBuffer.allocate(64 + 4 * elements).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 16); // root table at 16
        b.put(4, "TFL3".getBytes(StandardCharsets.US_ASCII));
        // vtable at 8: size 8, table size 12, field 0 at +4, field 1 at +8
        b.putShort(8, (short) 8)
                .putShort(10, (short) 12)
                .putShort(12, (short) 4)
                .putShort(14, (short) 8);
        b.putInt(16, 16 - 8); // the table's offset back to its vtable
        b.putInt(20, 7);
        b.putInt(24, 28 - 24); // field 1: the vector, 4 bytes further
        b.putInt(28, length);
        for (int i = 0; i < elements; i++) {
            b.putInt(32 + 4 * i, 100 + i);
        }
        return MemorySegment.ofArray(b.array());
    }

    @Test
    void readsFieldsAndVectorsThroughTheVtable() {
        FlatBufferReader r = new FlatBufferReader(table(3, 3));
        assertTrue(r.hasIdentifier("TFL3"));
        long root = r.root();
        assertEquals(16, root);
        assertEquals(7, r.intField(root, 0, -1));
        long v = r.vectorField(root, 1);
        assertEquals(3, r.vectorLength(v, 4));
        assertEquals(102, r.intElement(v, 2));
        assertEquals(-1, r.field(root, 2), "a field past the vtable is absent");
        assertEquals(42, r.intField(root, 5, 42));
    }

    @Test
    void aVectorLongerThanTheBufferIsMalformed() {
        FlatBufferReader r = new FlatBufferReader(table(1 << 20, 3));
        long v = r.vectorField(r.root(), 1);
        FlatBufferReader.Malformed e = assertThrows(FlatBufferReader.Malformed.class, () -> r.vectorLength(v, 4));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        assertThrows(FlatBufferReader.Malformed.class, () -> new FlatBufferReader(table(-1, 3)).vectorLength(v, 4));
    }

    @Test
    void anOffsetOutsideTheBufferIsMalformed() {
        MemorySegment s = table(3, 3);
        s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 1_000_000);
        FlatBufferReader.Malformed e =
                assertThrows(FlatBufferReader.Malformed.class, () -> new FlatBufferReader(s).root());
        assertEquals("an offset leads to byte 1000000, outside the " + s.byteSize() + " bytes", e.getMessage());
        MemorySegment badVtable = table(3, 3);
        badVtable.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 16, -5000); // vtable past the end
        FlatBufferReader r = new FlatBufferReader(badVtable);
        assertThrows(FlatBufferReader.Malformed.class, () -> r.field(r.root(), 0));
    }

    @Test
    void aBrokenStructureIsLeftToTfLitesVerifier() {
        MemorySegment s = table(3, 3);
        s.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 1_000_000);
        TfLiteException pending = ModelValidator.validate(s, "model x");
        assertEquals(TfLiteException.Status.INVALID_MODEL, pending.status());
        assertTrue(
                pending.getMessage()
                        .startsWith(
                                "model x is not a valid TensorFlow Lite model: its flatbuffer is broken: an offset"),
                pending.getMessage());
        MemorySegment noIdentifier = table(3, 3);
        noIdentifier.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 4, (byte) 'X');
        assertNull(ModelValidator.validate(noIdentifier, "model x"), "not a TFLite flatbuffer: TFLite says so");
    }
}
