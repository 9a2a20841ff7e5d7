package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BuiltinOperator;

/** The command line end to end on real models: inspect, run, version, and its one-line errors with exit status 1. */
class CliTest {

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static String model(String name) {
        return SharedModels.model(name);
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void version() {
        CliRun r = cli("version");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("TensorFlow Lite 2.21.0\nlibrary: "), r.out());
    }

    @Test
    void inspectJsonHasTheDocumentedShape() {
        CliRun r = cli("inspect", model("hello_world_int8.tflite"), "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode report = Json.parse(r.out());
        assertEquals("2.21.0", report.get("tfliteVersion").textValue());
        JsonNode signatures = report.get("signatures");
        assertEquals(List.of("serving_default"), keys(signatures));
        JsonNode input =
                signatures.get("serving_default").get("inputs").elements().next();
        assertEquals("int8", input.get("dtype").textValue());
        assertEquals("[1,1]", input.get("shape").toString());
        assertEquals("[-1,1]", input.get("shapeSignature").toString());
        JsonNode q = input.get("quantization");
        assertEquals(1, q.get("scale").size());
        assertEquals(1, q.get("zeroPoint").size());
    }

    @Test
    void inspectUsesTheDefaultKeyForModelsWithoutSignatureDefs() {
        CliRun r = cli("inspect", model("xor_float.tflite"), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                List.of("<placeholder signature>"), keys(Json.parse(r.out()).get("signatures")));
        CliRun text = cli("inspect", model("xor_float.tflite"));
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().contains("signatures: {}"), text.out());
        assertTrue(text.out().contains("signature '<placeholder signature>'"), text.out());
        assertTrue(text.out().contains("dense_input: float32[1, 2]"), text.out());
    }

    @Test
    void inspectListsOperators() {
        CliRun r = cli("inspect", model("hello_world_float.tflite"), "--ops");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("FULLY_CONNECTED"), r.out());
        CliRun custom = cli("inspect", model("audio_preprocessor_custom_ops.tflite"), "--ops");
        assertEquals(0, custom.status(), custom.err());
        assertTrue(custom.out().contains("CUSTOM SignalWindow"), custom.out());
    }

    @Test
    void runWithNpyInputsWritesNpyOutputsAndAJsonSummary(@TempDir Path dir) throws Exception {
        Path x = dir.resolve("x.npy");
        ByteBuffer data = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0f)
                .putFloat(1.5708f)
                .putFloat(6f);
        Npy.write(x, new NpyArray("<f4", new long[] {3, 1}, data.array()));
        Path outDir = dir.resolve("out");
        CliRun r = cli(
                "run",
                model("hello_world_float.tflite"),
                "--signature",
                "serving_default",
                "--input",
                "dense_input=" + x,
                "--output-dir",
                outDir.toString(),
                "--json",
                "--xnnpack",
                "off");
        assertEquals(0, r.status(), r.err());
        JsonNode summary = Json.parse(r.out());
        assertEquals("serving_default", summary.get("signature").textValue());
        assertEquals(
                outDir.resolve("dense_2.npy").toString(),
                summary.get("outputs").get("dense_2").get("file").textValue());
        NpyArray y = Npy.read(outDir.resolve("dense_2.npy"));
        assertEquals("float32", y.dtypeName());
        assertArrayEquals(new long[] {3, 1}, y.shape());
        ByteBuffer ys = ByteBuffer.wrap(y.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.0264f, ys.getFloat(0), 1e-4f);
        assertEquals(0.9957f, ys.getFloat(4), 1e-4f);
        assertEquals(-0.2802f, ys.getFloat(8), 1e-4f);
    }

    @Test
    void runWithInlineJsonAndOutputFileNamesSanitized(@TempDir Path dir) throws Exception {
        CliRun r = cli(
                "run", model("xor_float.tflite"), "--input", "dense_input=[[1, 0]]", "--output-dir", dir.toString());
        assertEquals(0, r.status(), r.err());
        // The output is called activation_1/Sigmoid: the slash becomes '_'.
        NpyArray y = Npy.read(dir.resolve("activation_1_Sigmoid.npy"));
        assertEquals(
                0.9587f,
                ByteBuffer.wrap(y.data()).order(ByteOrder.LITTLE_ENDIAN).getFloat(0),
                1e-4f);
        assertTrue(r.out().contains("activation_1/Sigmoid: float32[1, 1]"), r.out());
    }

    @Test
    void badInputGivesOneLineAndANonZeroStatus(@TempDir Path dir) throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.npy"), new byte[] {1, 2, 3});
        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, new NpyArray("<i4", new long[] {1, 1}, new byte[4]));
        String sine = model("hello_world_float.tflite");
        Object[][] cases = {
            {new String[] {"run", dir.resolve("missing.tflite").toString(), "--input", "x=[1]"}, "does not exist"},
            {new String[] {"inspect", dir.toString()}, "is a directory"},
            {
                new String[] {"run", sine, "--signature", "encode", "--input", "dense_input=[[1]]"},
                "no signature 'encode'"
            },
            {
                new String[] {"run", sine, "--input", "y=[[1]]"},
                "no input 'y' in signature 'serving_default'; expected one of [dense_input]"
            },
            {new String[] {"run", sine}, "missing input 'dense_input'"},
            {new String[] {"run", sine, "--input", "dense_input=" + dir.resolve("none.npy")}, "does not exist"},
            {new String[] {"run", sine, "--input", "dense_input=" + garbage}, "dense_input"},
            {new String[] {"run", sine, "--input", "dense_input=" + ints}, "holds int32"},
            {
                new String[] {"run", model("mnist_dense_float.tflite"), "--input", "dense_input=[[1, 2, 3]]"},
                "after resizing input 'dense_input' from [1, 784] to [1, 3] (shape signature [-1, 784])"
            },
            {new String[] {"run", sine, "--input", "dense_input=[[1],[2,3]]"}, "ragged"},
            {
                new String[] {
                    "run", model("audio_preprocessor_custom_ops.tflite"), "--input", "audio_frame=" + zerosJson(480)
                },
                "SignalWindow"
            },
            {new String[] {"inspect", model("person_detect_micro_only.tflite")}, "quantized_dimension"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRun r = cli(args);
            assertEquals(1, r.status(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().startsWith("tflite-ffm: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains((String) c[1]), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
        CliRun verbose = cli("run", sine, "--input", "y=[[1]]", "--verbose");
        assertTrue(verbose.err().contains("at dev.tfliteffm"), "stack trace with --verbose: " + verbose.err());
    }

    @Test
    void inlineJsonIsCheckedAgainstTheInputsTypeAndNamesTheInput(@TempDir Path dir) throws Exception {
        String codec =
                Files.write(dir.resolve("codec.tflite"), SampleModels.codec()).toString();
        Object[][] cases = {
            {"x=[300]", "input 'x' is int8: element 0 (300) is out of range [-128, 127]"},
            {"x=[1, -129]", "input 'x' is int8: element 1 (-129) is out of range [-128, 127]"},
            {"x=[1.5]", "input 'x' is int8: element 0 is not an integer: 1.5"},
            {"x=[9223372036854775808]", "input 'x' is int8: element 0 (9223372036854775808) is out of range [-128, 127]"
            },
            {"x=[1e400]", "input 'x': not a JSON array: number at index [0] is beyond the range of float64"},
            {"x=[true]", "input 'x' is int8: element 0 is not a number: true"},
            {"x=[\"a\"]", "input 'x' is int8, given strings"},
            {"x=[[1],[2,3]]", "input 'x': not a JSON array: ragged array at index [1]: expected 1 elements, found 2"},
            {"x=[1,\"a\"]", "input 'x': not a JSON array: mixed element types: a number at index [0], a string"},
            {"x=[1,null]", "input 'x': not a JSON array: element at index [1] is null"},
            {"x=[1,]", "input 'x': not a JSON array: JSON error at line 1, column 4 (offset 3): "},
        };
        for (Object[] c : cases) {
            CliRun r = cli("run", codec, "--signature", "decode", "--input", (String) c[0]);
            assertEquals(1, r.status(), c[0] + " -> " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("tflite-ffm: " + c[1]), c[0] + " -> " + r.err());
        }
        // Floats: non-finite values as the strings the JSON output uses; numbers beyond float32's range are refused.
        CliRun r = cli("run", codec, "--signature", "encode", "--input", "x=[-0.0, 0.5, \"NaN\", \"-Infinity\"]");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("encoded_result: int8[4] "), r.out());
        CliRun tooLarge = cli("run", codec, "--signature", "encode", "--input", "x=[1, -1e39]");
        assertEquals(1, tooLarge.status(), tooLarge.err());
        assertTrue(
                tooLarge.err()
                        .startsWith(
                                "tflite-ffm: input 'x' is float32: element 1 (-1.0E39) is out of float32's" + " range"),
                tooLarge.err());
        // uint8 and uint64 take their whole range.
        String types = Files.write(dir.resolve("types.tflite"), SampleModels.allTypes())
                .toString();
        CliRun unsigned = cli(
                "run",
                types,
                "--signature",
                SampleModels.typeSignatureKey(dev.tfliteffm.modelwriter.TensorType.UINT64),
                "--input",
                "x=[18446744073709551615, 0]");
        assertEquals(0, unsigned.status(), unsigned.err());
    }

    /** A flat JSON array fills an input of the same element count in its current shape, as run(Map) does. */
    @Test
    void aFlatJsonArrayTakesTheInputsShape() {
        CliRun r = cli("run", model("xor_float.tflite"), "--input", "dense_input=[1, 0]");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("activation_1/Sigmoid: float32[1, 1] [0.958"), r.out());
        CliRun scalar = cli("run", model("hello_world_float.tflite"), "--input", "dense_input=1.5708");
        assertEquals(0, scalar.status(), scalar.err());
        assertTrue(scalar.out().startsWith("dense_2: float32[1, 1] [0.995"), scalar.out());
        CliRun batch = cli("run", model("hello_world_float.tflite"), "--input", "dense_input=[0, 1.5708]");
        assertEquals(1, batch.status(), batch.err());
        assertTrue(batch.err().contains("input 'dense_input' has shape [1, 1]"), batch.err());
    }

    @Test
    void outputsWhoseFileNamesClashGetDistinctFiles(@TempDir Path dir) throws Exception {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef x = g.input("x", TensorType.FLOAT32, 2);
        TensorRef sum = g.tensor("sum", TensorType.FLOAT32, 2);
        TensorRef product = g.tensor("product", TensorType.FLOAT32, 2);
        g.op(BuiltinOperator.ADD, List.of(x, x), List.of(sum));
        g.op(BuiltinOperator.MUL, List.of(x, x), List.of(product));
        g.outputs(sum, product);
        m.signature("serving_default", g).input("x", x).output("a/b", sum).output("a_b", product);
        String clash = Files.write(dir.resolve("clash.tflite"), m.build()).toString();
        Path out = dir.resolve("out");
        CliRun r = cli("run", clash, "--input", "x=[3, 4]", "--output-dir", out.toString());
        assertEquals(0, r.status(), r.err());
        float[] sums = floats(Npy.read(out.resolve("a_b-2.npy")));
        float[] products = floats(Npy.read(out.resolve("a_b.npy")));
        assertArrayEquals(new float[] {6, 8}, sums);
        assertArrayEquals(new float[] {9, 16}, products);
        assertTrue(r.out().contains("a/b: float32[2] -> " + out.resolve("a_b-2.npy")), r.out());
    }

    @Test
    void outputDirThatIsAFileOrEmptyIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        String sine = model("hello_world_float.tflite");
        CliRun r = cli("run", sine, "--input", "dense_input=[[1]]", "--output-dir", file.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("tflite-ffm: --output-dir " + file + " is a file, not a folder\n", r.err());
        CliRun below = cli(
                "run",
                sine,
                "--input",
                "dense_input=[[1]]",
                "--output-dir",
                file.resolve("sub").toString());
        assertEquals(1, below.status(), below.err());
        assertTrue(below.err().contains("is a file, not a folder"), below.err());
        CliRun empty = cli("run", sine, "--input", "dense_input=[[1]]", "--output-dir", "");
        assertEquals(2, empty.status(), empty.err());
        assertTrue(empty.err().startsWith("tflite-ffm: --output-dir is empty"), empty.err());
    }

    private static float[] floats(NpyArray npy) {
        java.nio.FloatBuffer b =
                ByteBuffer.wrap(npy.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void stringOutputsAreWrittenAsJson(@TempDir Path dir) throws Exception {
        String strings = Files.write(dir.resolve("strings.tflite"), SampleModels.strings())
                .toString();
        Path out = dir.resolve("out");
        CliRun r = cli(
                "run",
                strings,
                "--signature",
                "echo",
                "--input",
                "text=[\"a\", \"h\u00e9llo\", \"\u2028\"]",
                "--output-dir",
                out.toString(),
                "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                "[\n  \"a\",\n  \"h\u00e9llo\",\n  \"\\u2028\"\n]\n", Files.readString(out.resolve("echoed.json")));
        JsonNode echoed = Json.parse(r.out()).get("outputs").get("echoed");
        assertEquals("string", echoed.get("dtype").textValue());
        assertEquals("[3]", echoed.get("shape").toString());
        assertEquals(out.resolve("echoed.json").toString(), echoed.get("file").textValue());
    }

    private static String zerosJson(int n) {
        StringBuilder s = new StringBuilder("[[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "0" : ",0");
        }
        return s.append("]]").toString();
    }
}
