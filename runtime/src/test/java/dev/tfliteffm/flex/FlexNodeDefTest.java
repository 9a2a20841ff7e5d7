package dev.tfliteffm.flex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.DataType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Flex custom options: the converter's bytes, and what is not a Flex op's options. */
class FlexNodeDefTest {

    /** The custom options of the first FlexAddV2 in the converter-made multi_add_flex.tflite. */
    private static final byte[] ADD_V2 = HexFormat.ofDelimiter(" ")
            .parseHex(
                    "05 41 64 64 56 32 00 1b 12 05 41 64 64 56 32 1a 00 1a 00 2a 07 0a 01 54 12 02 30 01 32 05 0a 03 61 64 64"
                            + " 00 02 24 1e 14 14 04 28 01");

    @Test
    void readsTheConvertersBytes() {
        FlexNodeDef def = FlexNodeDef.parse(ADD_V2);
        assertEquals("AddV2", def.flexOpName());
        assertEquals("AddV2", def.op());
        assertEquals("", def.name());
        assertEquals(List.of("", ""), def.inputs());
        assertEquals(List.of("T"), List.copyOf(def.attrNames()));
        assertEquals(DataType.FLOAT32, def.typeAttr("T", null));
        assertEquals(1, def.typeAttrCode("T", 0));
        assertTrue(def.hasAttr("T"));
        assertFalse(def.hasAttr("U"));
        assertEquals(-1, def.intAttr("U", -1), "absent: the default");
        assertEquals("NodeDef[op=AddV2, attr={T=float}]", def.toString());
    }

    @Test
    void aWrongKindIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FlexNodeDef.parse(ADD_V2).intAttr("T", 0));
        assertTrue(e.getMessage().contains("'T'") && e.getMessage().contains("i (int)"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotFlexOptions() {
        assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(new byte[] {1, 2, 3, 4, 5}));
        // A FlexBuffer vector [1, 2] of ints.
        byte[] notStrings = HexFormat.ofDelimiter(" ").parseHex("02 01 02 04 04 04 28 01");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(notStrings));
        assertTrue(e.getMessage().contains("[op, NodeDef]"), e.getMessage());
    }

    @Test
    void readsStringsOf128To255Bytes() throws Exception {
        // flatbuffers-java 1.12.0 read such one-byte sizes as negative; AsString's NodeDef is about this long.
        java.io.ByteArrayOutputStream nodeDef = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(nodeDef);
        out.writeString(2, "AsString");
        java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream v = com.google.protobuf.CodedOutputStream.newInstance(value);
        v.writeByteArray(2, "x".repeat(150).getBytes());
        v.flush();
        java.io.ByteArrayOutputStream entry = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream e = com.google.protobuf.CodedOutputStream.newInstance(entry);
        e.writeString(1, "fill");
        e.writeByteArray(2, value.toByteArray());
        e.flush();
        out.writeByteArray(5, entry.toByteArray());
        out.flush();
        byte[] def = nodeDef.toByteArray();
        assertTrue(def.length >= 128 && def.length < 256, def.length + " bytes");
        FlexNodeDef parsed = FlexNodeDef.parse(twoStrings("AsString".getBytes(), def));
        assertEquals("x".repeat(150), parsed.stringAttr("fill", ""));
    }

    /** A FlexBuffer [a, b] with one-byte widths, as flexbuffers::Builder lays it out for short strings. */
    private static byte[] twoStrings(byte[] a, byte[] b) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        buf.write(a.length);
        int locA = buf.size();
        buf.writeBytes(a);
        buf.write(0);
        buf.write(b.length);
        int locB = buf.size();
        buf.writeBytes(b);
        buf.write(0);
        buf.write(2);
        int vector = buf.size();
        buf.write(vector - locA);
        buf.write(vector + 1 - locB);
        buf.write(0x14);
        buf.write(0x14);
        buf.write(buf.size() - vector);
        buf.write(0x28);
        buf.write(1);
        byte[] out = buf.toByteArray();
        assertTrue(out.length < 256 + 16 && vector - locA < 256, "one-byte widths suffice");
        return out;
    }

    @Test
    void twoStringsLaysOutLikeTheConverter() {
        assertArrayEquals(ADD_V2, twoStrings("AddV2".getBytes(), java.util.Arrays.copyOfRange(ADD_V2, 8, 8 + 27)));
    }

    @Test
    void refusesATruncatedNodeDef() {
        byte[] broken = ADD_V2.clone();
        broken[8] = 0x2a; // the NodeDef now starts with an attr entry whose length runs past its end
        broken[9] = 0x7f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(broken));
        assertTrue(e.getMessage().contains("NodeDef"), e.getMessage());
    }
}
