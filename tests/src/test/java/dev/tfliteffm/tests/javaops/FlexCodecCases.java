package dev.tfliteffm.tests.javaops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.flex.FlexNodeDef;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run in a child JVM by {@link JavaOperatorTest}: the signatures guide's model (Flex AsString and
 * StringToNumber, as the converter writes it) gives what the guide prints, on the default options.
 */
class FlexCodecCases {

    /** Python's repr of a list of byte strings, as the guide prints numpy's object array. */
    private static String pythonBytes(byte[][] values) {
        List<String> out = new ArrayList<>();
        for (byte[] v : values) {
            out.add("b'" + new String(v, StandardCharsets.US_ASCII) + "'");
        }
        return out.toString();
    }

    @Test
    void theGuidesOutputs() {
        try (Model m = Model.fromBytes(FlexCodecSample.codec());
                Interpreter ip = Interpreter.create(m)) {
            assertEquals(
                    "{'decode': {'inputs': ['x'], 'outputs': ['decoded_result']}, "
                            + "'encode': {'inputs': ['x'], 'outputs': ['encoded_result']}}",
                    ip.signatures().toString());
            NdArray encoded =
                    ip.runner("encode").run(Map.of("x", new float[] {1, 2, 3})).get("encoded_result");
            assertEquals(DataType.STRING, encoded.dataType());
            assertEquals("[b'1.000000', b'2.000000', b'3.000000']", pythonBytes(encoded.byteStrings()));
            NdArray decoded = ip.runner("decode").run(Map.of("x", encoded)).get("decoded_result");
            assertEquals(DataType.FLOAT32, decoded.dataType());
            assertArrayEquals(new float[] {1f, 2f, 3f}, decoded.floats());
        }
    }

    @Test
    void tensorsAreTheConvertersTypesAndShapeSignatures() {
        try (Model m = Model.fromBytes(FlexCodecSample.codec());
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner encode = ip.runner("encode");
            SignatureRunner decode = ip.runner("decode");
            assertEquals(DataType.FLOAT32, encode.input("x").dataType());
            assertArrayEquals(new int[] {-1}, encode.input("x").shapeSignature());
            assertEquals(DataType.STRING, encode.output("encoded_result").dataType());
            assertEquals(DataType.STRING, decode.input("x").dataType());
            assertEquals(DataType.FLOAT32, decode.output("decoded_result").dataType());
        }
        assertEquals(
                List.of(FlexCodecSample.AS_STRING, FlexCodecSample.STRING_TO_NUMBER),
                ModelReader.read(FlexCodecSample.codec()).customOperatorNames());
        FlexNodeDef asString = FlexNodeDef.parse(FlexCodecSample.asStringOptions(
                dev.tfliteffm.modelwriter.TensorType.FLOAT32, -1, false, false, -1, ""));
        assertEquals(
                "NodeDef[op=AsString, attr={T=float, fill=\"\", precision=-1, scientific=false, "
                        + "shortest=false, width=-1}]",
                asString.toString());
    }

    @Test
    void thePreparedPathAndResizes() {
        try (Model m = Model.fromBytes(FlexCodecSample.codec());
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner encode = ip.runner("encode");
            for (int n : new int[] {100, 3, 0, 7}) {
                encode.resizeInput("x", n);
                encode.allocateTensors();
                MemorySegment x = encode.input("x").data();
                for (int i = 0; i < n; i++) {
                    x.setAtIndex(JAVA_FLOAT, i, i / 4f);
                }
                encode.invoke();
                String[] out = encode.output("encoded_result").toStringArray();
                assertEquals(n, out.length);
                for (int i = 0; i < n; i++) {
                    assertEquals(String.format("%.6f", i / 4f), out[i]);
                }
                assertArrayEquals(new int[] {n}, encode.output("encoded_result").shape());
            }
        }
    }

    @Test
    void rankTwoStringsKeepTheirShape() {
        // The primary subgraph's inputs resize freely (the signature's [-1] would refuse rank 2).
        try (Model m = Model.fromBytes(FlexCodecSample.stringToNumber(dev.tfliteffm.modelwriter.TensorType.INT64));
                Interpreter ip = Interpreter.create(m)) {
            ip.resizeInput(0, 2, 3);
            ip.allocateTensors();
            ip.input(0).copyFrom(new String[] {"1", "2", "3", "4", "5", "6"});
            ip.invoke();
            assertArrayEquals(new int[] {2, 3}, ip.output(0).shape());
            assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, ip.output(0).toLongArray());
        }
        try (Model m = Model.fromBytes(FlexCodecSample.asString(
                        dev.tfliteffm.modelwriter.TensorType.INT32, -1, false, false, -1, ""));
                Interpreter ip = Interpreter.create(m)) {
            ip.resizeInput(0, 2, 2);
            ip.allocateTensors();
            ip.input(0).copyFrom(new int[] {1, 2, 3, 4});
            ip.invoke();
            assertArrayEquals(new int[] {2, 2}, ip.output(0).shape());
            assertArrayEquals(new String[] {"1", "2", "3", "4"}, ip.output(0).toStringArray());
        }
    }
}
