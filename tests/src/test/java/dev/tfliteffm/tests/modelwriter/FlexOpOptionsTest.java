package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.DataType;
import dev.tfliteffm.flex.FlexNodeDef;
import dev.tfliteffm.modelwriter.FlexOpOptions;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import dev.tfliteffm.tests.SharedModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.SubGraph;

/** Flex custom options as the converter writes them, and read back by the runtime's FlexNodeDef. */
class FlexOpOptionsTest {

    /** The custom options of every operator of the primary subgraph of a {@code .tflite} file. */
    private static List<byte[]> customOptions(byte[] tflite) {
        Model model = Model.getRootAsModel(ByteBuffer.wrap(tflite).order(ByteOrder.LITTLE_ENDIAN));
        SubGraph g = model.subgraphs(0);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < g.operatorsLength(); i++) {
            Operator op = g.operators(i);
            byte[] b = new byte[op.customOptionsLength()];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) op.customOptions(j);
            }
            out.add(b);
        }
        return out;
    }

    @Test
    void theConvertersBytesForMultiAddFlex() throws Exception {
        List<byte[]> converter =
                customOptions(Files.readAllBytes(SharedModels.model("needs-java-ops/multi_add_flex.tflite")));
        String[] originalNames = {"add", "add_1", "add_3"};
        assertEquals(3, converter.size());
        for (int i = 0; i < 3; i++) {
            byte[] ours = FlexOpOptions.of("AddV2")
                    .inputs(2)
                    .typeAttr("T", TensorType.FLOAT32)
                    .originalNodeName(originalNames[i])
                    .build();
            assertArrayEquals(converter.get(i), ours, "operator " + i);
        }
    }

    @Test
    void theRuntimeReadsWhatTheWriterWrites() {
        for (int fillLength : new int[] {0, 1, 120, 200, 300, 70_000}) {
            String fill = "x".repeat(fillLength); // NodeDefs from tens of bytes to 2- and 4-byte FlexBuffer widths
            byte[] options = FlexOpOptions.of("AsString")
                    .inputs(1)
                    .typeAttr("T", TensorType.FLOAT64)
                    .attr("fill", fill)
                    .attr("precision", -1L)
                    .attr("scientific", true)
                    .attr("f", 0.25f)
                    .build();
            FlexNodeDef def = FlexNodeDef.parse(options);
            assertEquals("AsString", def.op());
            assertEquals(DataType.FLOAT64, def.typeAttr("T", null));
            assertEquals(fill, def.stringAttr("fill", null));
            assertEquals(-1, def.intAttr("precision", 0));
            assertEquals(true, def.boolAttr("scientific", false));
            assertEquals(0.25f, def.floatAttr("f", 0));
            assertEquals(List.of(""), def.inputs());
        }
    }

    @Test
    void theCodecCarriesEveryAsStringAttribute() {
        List<byte[]> encode = customOptions(FlexCodecSample.codec());
        FlexNodeDef def = FlexNodeDef.parse(encode.getFirst());
        assertEquals(
                List.of("T", "fill", "precision", "scientific", "shortest", "width"), List.copyOf(def.attrNames()));
    }
}
