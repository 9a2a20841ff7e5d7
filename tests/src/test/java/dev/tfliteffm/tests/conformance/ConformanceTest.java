package dev.tfliteffm.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.Quantization;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.CReference;
import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance: the Java runtime gives the C API's results bit for bit on real models ({@link ByteForByteCases},
 * in a child JVM per model), the known answers of ../shared/models/README.md, and clear exceptions where
 * TFLite refuses a model or a file, in the same places where the C API refuses them.
 */
class ConformanceTest {

    static List<CReference.Config> bothXnnpackSettings() {
        return List.of(ConformanceModels.XNNPACK_OFF, ConformanceModels.XNNPACK_ON);
    }

    // ---- the models are there, and the byte-for-byte comparison runs every case ----------------------------

    @Test
    void theSharedModelsAreThereAndEachRunnableOneHasItsCases() {
        List<Path> all = ConformanceModels.all(); // at least 8, the two refused ones among them
        List<Path> runnable = ConformanceModels.runnable();
        assertEquals(
                all.size() - ConformanceModels.NOT_RUNNABLE.size(), runnable.size(), "runnable models: " + runnable);
        for (Path model : runnable) {
            assertTrue(
                    ConformanceModels.cases(model).size() >= ConformanceModels.CONFIGS.size(),
                    model + ": " + ConformanceModels.cases(model));
        }
    }

    static List<String> runnableModels() {
        return ConformanceModels.runnable().stream()
                .map(p -> p.getFileName().toString())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableModels")
    void javaGivesTheCApisBytesInEverySignatureAndConfiguration(String model) throws Exception {
        int expected = ConformanceModels.cases(SharedModels.model(model)).size();
        // The child uses the reference this JVM compiled, rather than compiling its own; a crash report goes to
        // the build folder, not the working directory.
        String toolOptions = (System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "") + " -XX:ErrorFile="
                        + Path.of("target", "hs_err_pid%p.log").toAbsolutePath())
                .strip();
        Process p = ChildJvm.start(
                ChildJUnit.class,
                Map.of(
                        ByteForByteCases.MODEL_PROPERTY,
                        model,
                        CReference.EXECUTABLE_PROPERTY,
                        CReference.executable().toString()),
                Map.of("JAVA_TOOL_OPTIONS", toolOptions),
                ChildJvm.classPath(),
                ByteForByteCases.class.getName());
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(2)).assertSuccess();
        assertTrue(
                r.stdout().contains("CHILD-JUNIT tests=" + expected + " failed=0"),
                "expected " + expected + " comparisons, all passing:\n" + r.stdout());
    }

    @Test
    void withoutTheSharedModelsTheComparisonFailsAndSaysWhereTheyBelong(@TempDir Path empty) throws Exception {
        Process p = ChildJvm.start(
                ChildJUnit.class,
                Map.of(),
                Map.of("TFLITE_SHARED_MODELS", empty.toString()),
                ChildJvm.classPath(),
                ByteForByteCases.class.getName());
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(2));
        assertNotEquals(0, r.exitCode(), "no models must fail, not pass with zero cases:\n" + r.stdout());
        assertTrue(
                r.stdout()
                        .contains("expected at least " + ConformanceModels.MINIMUM_MODEL_COUNT + " .tflite models in "
                                + empty),
                r.stdout());
    }

    // ---- known answers -------------------------------------------------------------------------------------

    // The README gives these to 4 decimals; TFLite's values differ from them by up to 4.3e-5 (e.g. 0.99567264 for
    // 0.9957, 0.9538568 for 0.9539), so the README's "±1e-5" does not hold for the rounded figures. They are
    // compared within 5e-5: half a unit of the 4th decimal, which is what rounding allows.
    private static final double ROUNDED_TO_4_DECIMALS = 5e-5;
    private static final float[] SINE_X = {0f, 1.5708f, 3.1416f, 4.7124f, 6.0f};
    private static final float[] SINE_Y = {0.0264f, 0.9957f, -0.0050f, -1.0057f, -0.2802f};
    private static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final float[] XOR_Y = {0.0171f, 0.9539f, 0.9587f, 0.0518f};

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothXnnpackSettings")
    void sineFloatKnownAnswers(CReference.Config config) {
        try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ip = Interpreter.create(m, config.javaOptions())) {
            SignatureRunner r = ip.runner("serving_default");
            for (int i = 0; i < SINE_X.length; i++) {
                float y = r.run(Map.of("dense_input", new float[] {SINE_X[i]}))
                        .get("dense_2")
                        .floats()[0];
                assertEquals(SINE_Y[i], y, ROUNDED_TO_4_DECIMALS, "sine(" + SINE_X[i] + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothXnnpackSettings")
    void xorFloatKnownAnswers(CReference.Config config) {
        try (Model m = Model.fromFile(SharedModels.model("xor_float.tflite"));
                Interpreter ip = Interpreter.create(m, config.javaOptions())) {
            SignatureRunner r = ip.defaultRunner();
            for (int i = 0; i < XOR_X.length; i++) {
                float y = r.run(Map.of(r.inputNames().getFirst(), XOR_X[i]))
                        .get(r.outputNames().getFirst())
                        .floats()[0];
                assertEquals(XOR_Y[i], y, ROUNDED_TO_4_DECIMALS, "xor" + Arrays.toString(XOR_X[i]));
            }
        }
    }

    /**
     * The int8 sine model through quantize, run, dequantize with the parameters {@link dev.tfliteffm.Tensor#quantization()}
     * reads, over x in [0, 2π] (the range it was trained on).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bothXnnpackSettings")
    void sineInt8ThroughQuantizeRunDequantize(CReference.Config config) {
        try (Model mf = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter floatModel = Interpreter.create(mf, config.javaOptions());
                Model mq = Model.fromFile(SharedModels.model("hello_world_int8.tflite"));
                Interpreter int8Model = Interpreter.create(mq, config.javaOptions())) {
            SignatureRunner f = floatModel.runner("serving_default");
            SignatureRunner q = int8Model.runner("serving_default");
            Quantization in = q.input("dense_input").quantization();
            Quantization out = q.output("dense_2").quantization();
            assertTrue(
                    in.isQuantized() && !in.isPerChannel() && out.isQuantized() && !out.isPerChannel(), in + " " + out);
            // The int8 model is the float one after post-training quantization: its two 16-unit hidden layers are
            // requantized to 8 bits, and those roundings add up to as much as 14 steps of the output scale
            // (0.0083): measured 0.114 from the float model at worst (x near 4.15 and 4.6). 16 steps keeps a
            // margin and still catches a misread scale or zero point, which is off by far more (the input's zero
            // point is -128: a wrong sign clamps every x). Against sin(x), add the float model's own error
            // (measured 0.050 at worst).
            double fromFloatModel = 16 * out.scale();
            double fromSine = 0.06 + fromFloatModel;
            for (int i = 0; i <= 628; i += 4) {
                float x = i / 100f;
                long quantized = Math.clamp(Math.round(x / in.scale()) + in.zeroPoint(), -128, 127);
                byte qy = q.run(Map.of("dense_input", new byte[] {(byte) quantized}))
                        .get("dense_2")
                        .bytes()[0];
                double y = (qy - out.zeroPoint()) * out.scale();
                float yFloat = f.run(Map.of("dense_input", new float[] {x}))
                        .get("dense_2")
                        .floats()[0];
                assertEquals(yFloat, y, fromFloatModel, "int8 model vs float model at x=" + x);
                assertEquals(Math.sin(x), y, fromSine, "int8 model vs sin at x=" + x);
            }
        }
    }

    // ---- models the stock runtime refuses: the same refusal as the C API, as a TfLiteException --------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothXnnpackSettings")
    void aModelWithACustomOpFailsWithUnresolvedOpsNamingIt(CReference.Config config) {
        Path model = SharedModels.model("audio_preprocessor_custom_ops.tflite");
        byte[] silence;
        try (Model m = Model.fromFile(model);
                Interpreter ip = Interpreter.create(m, config.javaOptions())) {
            SignatureRunner r = ip.runner("serving_default");
            Tensor frame = r.input("audio_frame");
            silence = new byte
                    [Math.toIntExact(frame.elementCount() * frame.dataType().byteSize())];
            TfLiteException e = assertThrows(TfLiteException.class, r::allocateTensors);
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("Encountered unresolved custom op: SignalWindow."), e.getMessage());
            if (config.xnnpack()) {
                // A failed allocation with a delegate applied leaves the interpreter unusable (issue 12, item 2).
                IllegalStateException refused =
                        assertThrows(IllegalStateException.class, () -> r.run(Map.of("audio_frame", new short[480])));
                assertEquals(e, refused.getCause());
            } else {
                TfLiteException run =
                        assertThrows(TfLiteException.class, () -> r.run(Map.of("audio_frame", new short[480])));
                assertEquals(TfLiteException.Status.UNRESOLVED_OPS, run.status(), run.getMessage());
            }
        }
        // The C API fails in the same place: the first allocation.
        CReference.Result c = CReference.run(
                model, "serving_default", config, List.of(new CReference.Invocation(Map.of("audio_frame", silence))));
        assertEquals(1, c.exitCode(), c.stderr());
        assertTrue(
                c.stderr().contains("Encountered unresolved custom op: SignalWindow.")
                        && c.stderr().contains("TfLiteSignatureRunnerAllocateTensors failed"),
                c.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothXnnpackSettings")
    void aModelForTheMicroRuntimeOnlyFailsWithTfLitesQuantizationMessage(CReference.Config config) {
        Path model = SharedModels.model("person_detect_micro_only.tflite");
        // Java's model validator refuses it at load, for the reason TFLite gives later.
        TfLiteException refused = assertThrows(TfLiteException.class, () -> Model.fromFile(model));
        assertEquals(TfLiteException.Status.INVALID_MODEL, refused.status());
        assertTrue(
                refused.getMessage().contains("subgraph 0, tensor 33: quantized_dimension 3 is out of range"),
                refused.getMessage());
        // Without the validator, Java fails where C does, with TFLite's message.
        String before = System.getProperty("tflite.ffm.model.validate");
        System.setProperty("tflite.ffm.model.validate", "false");
        try (Model m = Model.fromFile(model)) {
            TfLiteException e = assertThrows(TfLiteException.class, () -> Interpreter.create(m, config.javaOptions()));
            assertEquals(TfLiteException.Status.ERROR, e.status());
            assertTrue(
                    e.getMessage().startsWith("TFLite could not create an interpreter for the model file " + model),
                    e.getMessage());
            assertTrue(
                    e.nativeMessages().contains("quantized_dimension must be in range [0, 1). Was 3."),
                    e.nativeMessages().toString());
        } finally {
            if (before == null) {
                System.clearProperty("tflite.ffm.model.validate");
            } else {
                System.setProperty("tflite.ffm.model.validate", before);
            }
        }
        CReference.Result c = CReference.run(model, null, config, List.of());
        assertEquals(1, c.exitCode(), c.stderr());
        assertTrue(
                c.stderr().contains("quantized_dimension must be in range [0, 1). Was 3.")
                        && c.stderr().contains("TfLiteInterpreterCreate failed"),
                c.stderr());
    }

    // ---- files that are not models -----------------------------------------------------------------------

    @Test
    void anEmptyFile(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tflite"));
        assertRefusedByBoth(empty, "model file " + empty + " is empty");
    }

    @Test
    void aTruncatedModel(@TempDir Path dir) throws IOException {
        byte[] sine = Files.readAllBytes(SharedModels.model("hello_world_float.tflite"));
        Path truncated = Files.write(dir.resolve("truncated.tflite"), Arrays.copyOf(sine, sine.length / 2));
        TfLiteException e =
                assertRefusedByBoth(truncated, "model file " + truncated + " is not a valid TensorFlow Lite model");
        assertFalse(e.nativeMessages().isEmpty(), "TFLite's own reason is kept");
    }

    @Test
    void randomBytes(@TempDir Path dir) throws IOException {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        Path file = Files.write(dir.resolve("random.tflite"), random);
        assertRefusedByBoth(file, "model file " + file + " is not a valid TensorFlow Lite model");
    }

    @Test
    void aDirectory(@TempDir Path dir) {
        assertRefusedByBoth(dir, "model file " + dir + " is a directory, not a .tflite file");
    }

    @Test
    void aMissingPath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.tflite");
        assertRefusedByBoth(missing, "model file " + missing + " does not exist");
    }

    // Capabilities that let root read any file: without them, permission bits apply to root as well.
    private static final List<String> WITHOUT_READ_OVERRIDE =
            List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search");

    /**
     * A model without read permission. Root reads it anyway (tests often run as root): then Java must load it as
     * the C API does, and the refusal is checked in processes without the capabilities that let root read it.
     */
    @Test
    void aModelWithoutReadPermission(@TempDir Path dir) throws Exception {
        Path file = Files.copy(SharedModels.model("hello_world_float.tflite"), dir.resolve("unreadable.tflite"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String refusal = "model file " + file + " is not readable (permission denied)";
        if (!Files.isReadable(file)) {
            assertRefusedByBoth(file, refusal);
            return;
        }
        // Readable in spite of its permissions (root): the OS decides, and Java agrees with C.
        try (Model m = Model.fromFile(file);
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            assertEquals(
                    0.9957f,
                    ip.runner("serving_default")
                            .run(Map.of("dense_input", new float[] {1.5708f}))
                            .get("dense_2")
                            .floats()[0],
                    ROUNDED_TO_4_DECIMALS);
        }
        CReference.run(file, null, ConformanceModels.XNNPACK_OFF, List.of()).assertSuccess();
        if (!canDropReadOverride()) {
            // Without setpriv (or the right to drop capabilities) there is no unprivileged process to try: the
            // checks above are what can be verified.
            return;
        }
        String probe = runWithoutReadOverride(List.of(
                ChildJvm.javaExecutable(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dtflite.ffm.cache.dir=" + System.getProperty("tflite.ffm.cache.dir", ""),
                "-cp",
                String.join(java.io.File.pathSeparator, ChildJvm.classPath()),
                LoadProbe.class.getName(),
                file.toString()));
        assertEquals("INVALID_MODEL: " + refusal, probe.strip());
        CReference.Result c = CReference.run(
                WITHOUT_READ_OVERRIDE, file, null, ConformanceModels.XNNPACK_OFF, List.of(), Duration.ofMinutes(1));
        assertEquals(1, c.exitCode(), c.stderr());
        assertTrue(c.stderr().contains("TfLiteModelCreateFromFile failed"), c.stderr());
    }

    /** Loads the model named by {@code args[0]}; prints "loaded", or the exception's status and message. */
    public static final class LoadProbe {
        public static void main(String[] args) {
            try (Model m = Model.fromFile(Path.of(args[0]))) {
                System.out.println("loaded");
            } catch (TfLiteException e) {
                System.out.println(e.status() + ": " + e.getMessage());
            }
        }
    }

    private static boolean canDropReadOverride() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(concat(WITHOUT_READ_OVERRIDE, List.of("true")))
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noSetpriv) {
            return false;
        }
    }

    private static String runWithoutReadOverride(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(concat(WITHOUT_READ_OVERRIDE, command))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("the probe failed: " + command + "\n" + output);
        }
        // The JVM may add warnings before it: the probe's line is the last.
        List<String> lines = output.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Java refuses {@code file} with INVALID_MODEL and {@code message} (before TFLite's reasons), and so does C. */
    private static TfLiteException assertRefusedByBoth(Path file, String message) {
        TfLiteException e = assertThrows(TfLiteException.class, () -> Model.fromFile(file));
        assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
        assertTrue(e.getMessage().startsWith(message), "expected '" + message + "...', got: " + e.getMessage());
        CReference.Result c = CReference.run(file, null, ConformanceModels.XNNPACK_OFF, List.of());
        assertEquals(1, c.exitCode(), "the C API refuses it too:\n" + c.stdout() + c.stderr());
        assertTrue(c.stderr().contains("TfLiteModelCreateFromFile failed"), c.stderr());
        return e;
    }
}
