package dev.tfliteffm.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.cli.Json;
import dev.tfliteffm.cli.Main;
import dev.tfliteffm.cli.Npy;
import dev.tfliteffm.tests.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: inspect, run, version, and its one-line errors with exit status != 0. */
class CliTest {

    record Run(int status, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String model(String name) {
        return SharedModels.model(name).toString();
    }

    @Test
    void version() {
        Run r = cli("version");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("TensorFlow Lite 2.21.0\nlibrary: "), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectJsonHasTheDocumentedShape() {
        Run r = cli("inspect", model("hello_world_int8.tflite"), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> report = (Map<String, Object>) Json.parse(r.out());
        assertEquals("2.21.0", report.get("tfliteVersion"));
        Map<String, Object> signatures = (Map<String, Object>) report.get("signatures");
        assertEquals(List.of("serving_default"), List.copyOf(signatures.keySet()));
        Map<String, Object> input = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) signatures.get("serving_default")).get("inputs"))
                        .values()
                        .iterator()
                        .next();
        assertEquals("int8", input.get("dtype"));
        assertEquals(List.of(1L, 1L), input.get("shape"));
        assertEquals(List.of(-1L, 1L), input.get("shapeSignature"));
        Map<String, Object> q = (Map<String, Object>) input.get("quantization");
        assertEquals(1, ((List<Object>) q.get("scale")).size());
        assertEquals(1, ((List<Object>) q.get("zeroPoint")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectUsesTheDefaultKeyForModelsWithoutSignatureDefs() {
        Run r = cli("inspect", model("xor_float.tflite"), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> signatures =
                (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("signatures");
        assertEquals(List.of("<placeholder signature>"), List.copyOf(signatures.keySet()));
        Run text = cli("inspect", model("xor_float.tflite"));
        assertEquals(0, text.status(), text.err());
        assertTrue(
                text.out().contains("signatures: {}") && text.out().contains("signature '<placeholder signature>'"),
                text.out());
        assertTrue(text.out().contains("dense_input: float32[1, 2]"), text.out());
    }

    @Test
    void inspectListsOperators() {
        Run r = cli("inspect", model("hello_world_float.tflite"), "--ops");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("FULLY_CONNECTED"), r.out());
        Run custom = cli("inspect", model("audio_preprocessor_custom_ops.tflite"), "--ops");
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
        Npy.write(x, new Npy.NpyArray("<f4", new long[] {3, 1}, data.array()));
        Path outDir = dir.resolve("out");
        Run r = cli(
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
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) Json.parse(r.out());
        assertEquals("serving_default", summary.get("signature"));
        Npy.NpyArray y = Npy.read(outDir.resolve("dense_2.npy"));
        assertEquals("float32", y.dtypeName());
        assertArrayEquals(new long[] {3, 1}, y.shape());
        ByteBuffer ys = ByteBuffer.wrap(y.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.0264f, ys.getFloat(0), 1e-4f);
        assertEquals(0.9957f, ys.getFloat(4), 1e-4f);
        assertEquals(-0.2802f, ys.getFloat(8), 1e-4f);
    }

    @Test
    void runWithInlineJsonAndOutputFileNamesSanitized(@TempDir Path dir) throws Exception {
        Run r = cli(
                "run", model("xor_float.tflite"), "--input", "dense_input=[[1, 0]]", "--output-dir", dir.toString());
        assertEquals(0, r.status(), r.err());
        // The output is called activation_1/Sigmoid: the slash becomes '_'.
        Npy.NpyArray y = Npy.read(dir.resolve("activation_1_Sigmoid.npy"));
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
        Npy.write(ints, new Npy.NpyArray("<i4", new long[] {1, 1}, new byte[4]));
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
                "cannot run with input 'dense_input' from [1, 784] to [1, 3] (shape signature [-1, 784])"
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
            Run r = cli(args);
            assertEquals(1, r.status(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().startsWith("tflite-ffm: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains((String) c[1]), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
        Run verbose = cli("run", sine, "--input", "y=[[1]]", "--verbose");
        assertTrue(verbose.err().contains("at dev.tfliteffm"), "stack trace with --verbose: " + verbose.err());
    }

    @Test
    void usageErrorsExitWith2() {
        for (String[] args : new String[][] {
            {},
            {"frobnicate"},
            {"run"},
            {"inspect"},
            {"--threads", "zero", "version"},
            {"--xnnpack", "maybe", "version"},
            {"run", "m.tflite", "--input", "novalue"},
            {"version", "extra"}
        }) {
            Run r = cli(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertTrue(r.err().contains("usage: tflite-ffm"), r.err());
        }
        assertEquals(0, cli("help").status());
    }

    private static String zerosJson(int n) {
        StringBuilder s = new StringBuilder("[[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "0" : ",0");
        }
        return s.append("]]").toString();
    }
}
