package dev.tfliteffm.flex;

import com.google.flatbuffers.FlexBuffersBuilder;
import dev.tfliteffm.DataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading Flex custom options: the converter's bytes, and what is not a Flex op's options. */
class FlexNodeDefTest {

    /** The custom options of the first FlexAddV2 in the converter-made multi_add_flex.tflite. */
    private static final byte[] ADD_V2 = HexFormat.ofDelimiter(" ").parseHex(
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlexNodeDef.parse(ADD_V2).intAttr("T", 0));
        assertTrue(e.getMessage().contains("'T'") && e.getMessage().contains("i (int)"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotFlexOptions() {
        assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(new byte[] {1, 2, 3, 4, 5}));
        FlexBuffersBuilder numbers = new FlexBuffersBuilder();
        int start = numbers.startVector();
        numbers.putInt(1);
        numbers.putInt(2);
        numbers.endVector(null, start, false, false);
        ByteBuffer bb = numbers.finish();
        byte[] notStrings = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlexNodeDef.parse(notStrings));
        assertTrue(e.getMessage().contains("[op, NodeDef]"), e.getMessage());
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
