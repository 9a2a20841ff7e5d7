package dev.tfliteffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** TFLite's string tensor layout. */
class StringCodecTest {

    @Test
    void encodesTheCountOffsetsAndBytes() {
        byte[][] values = StringCodec.utf8(new String[] {"ab", "", "é"});
        long size = StringCodec.encodedSize(values);
        assertEquals(4 * 5 + 2 + 0 + 2, size);
        MemorySegment buffer = MemorySegment.ofArray(new byte[(int) size]);
        StringCodec.encode(values, buffer);
        assertEquals(3, buffer.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        assertEquals(20, buffer.get(ValueLayout.JAVA_INT_UNALIGNED, 4), "first string starts after the header");
        assertEquals(24, buffer.get(ValueLayout.JAVA_INT_UNALIGNED, 16), "last offset is the end of the bytes");
        assertArrayEquals(new String[] {"ab", "", "é"}, StringCodec.strings(StringCodec.decode(buffer, "t")));
    }

    @Test
    void emptyBufferHoldsNoStrings() {
        assertEquals(0, StringCodec.decode(MemorySegment.ofArray(new byte[0]), "t").length);
    }

    @Test
    void malformedBuffersAreRefusedNotRead() {
        MemorySegment bad = MemorySegment.ofArray(new byte[12]);
        bad.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 1000);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> StringCodec.decode(bad, "tensor 'x'"));
        assertTrue(e.getMessage().contains("tensor 'x'") && e.getMessage().contains("count 1000"), e.getMessage());
        MemorySegment offsets = MemorySegment.ofArray(new byte[12]);
        offsets.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 1);
        offsets.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 12);
        offsets.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 99);
        assertThrows(IllegalStateException.class, () -> StringCodec.decode(offsets, "t"));
    }

    @Test
    void nullStringsNameTheirIndex() {
        NullPointerException e =
                assertThrows(NullPointerException.class, () -> StringCodec.utf8(new String[] {"a", null}));
        assertTrue(e.getMessage().contains("string 1"), e.getMessage());
    }
}
