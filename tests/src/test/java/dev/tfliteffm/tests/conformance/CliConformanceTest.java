package dev.tfliteffm.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.cli.Main;
import dev.tfliteffm.cli.Npy;
import dev.tfliteffm.tests.CReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tflite-ffm run} writes the same bytes as the C reference for the same {@code .npy} inputs, on every
 * shared model TFLite runs, for each signature, with XNNPACK off and on (one thread).
 */
class CliConformanceTest {

    @Test
    void cliRunWritesTheCReferencesBytes(@TempDir Path dir) throws Exception {
        int compared = 0;
        for (Path model : ConformanceModels.runnable()) {
            for (String key : ConformanceModels.signatureKeys(model)) {
                List<ConformanceInputs.InputSpec> specs = inputSpecs(model, key);
                // One seeded random set: the CLI path is what is under test, not the kernels.
                ConformanceInputs.InputSet set = ConformanceInputs.sets(specs, true).stream()
                        .filter(s -> !s.label().equals("zeros"))
                        .findFirst()
                        .orElseThrow();
                for (CReference.Config config : List.of(ConformanceModels.XNNPACK_OFF, ConformanceModels.XNNPACK_ON)) {
                    Path caseDir = Files.createTempDirectory(dir, model.getFileName() + "-");
                    List<String> args = new ArrayList<>(List.of(
                            "--xnnpack",
                            config.xnnpack() ? "on" : "off",
                            "--threads",
                            String.valueOf(config.threads()),
                            "run",
                            model.toString(),
                            "--output-dir",
                            caseDir.resolve("out").toString()));
                    if (key != null) {
                        args.addAll(List.of("--signature", key));
                    }
                    for (ConformanceInputs.InputSpec spec : specs) {
                        Path npy = caseDir.resolve(spec.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".npy");
                        int[] shape = set.shapes().getOrDefault(spec.name(), spec.shape());
                        Npy.write(
                                npy,
                                new Npy.NpyArray(
                                        spec.type().numpyName(),
                                        Arrays.stream(shape).asLongStream().toArray(),
                                        set.bytes().get(spec.name())));
                        args.addAll(List.of("--input", spec.name() + "=" + npy));
                    }
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int status = Main.run(
                            args.toArray(new String[0]),
                            new PrintStream(new ByteArrayOutputStream()),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
                    String what = model.getFileName() + " [" + key + "] " + config;
                    assertEquals(0, status, what + ": " + err);

                    CReference.Result c = CReference.run(
                                    model, key, config, List.of(new CReference.Invocation(set.bytes(), set.shapes())))
                            .assertSuccess();
                    for (CReference.Output expected : c.outputs().getFirst()) {
                        Path file = caseDir.resolve("out")
                                .resolve(expected.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".npy");
                        assertTrue(Files.isRegularFile(file), what + ": the CLI wrote no " + file.getFileName());
                        Npy.NpyArray actual = Npy.read(file);
                        assertEquals(expected.type().numpyName(), actual.dtypeName(), what + " " + expected.name());
                        assertArrayEquals(
                                Arrays.stream(expected.shape()).asLongStream().toArray(),
                                actual.shape(),
                                what + " " + expected.name());
                        assertArrayEquals(
                                expected.bytes(), actual.data(), what + " " + expected.name() + ": bytes differ");
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 14, "outputs compared: " + compared);
    }

    private static List<ConformanceInputs.InputSpec> inputSpecs(Path model, String key) {
        try (Model m = Model.fromFile(model);
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            SignatureRunner r = key == null ? ip.defaultRunner() : ip.runner(key);
            Map<String, ConformanceInputs.InputSpec> specs = new LinkedHashMap<>();
            for (String name : r.inputNames()) {
                Tensor t = r.input(name);
                specs.put(name, new ConformanceInputs.InputSpec(name, t.dataType(), t.shape(), t.shapeSignature()));
            }
            return List.copyOf(specs.values());
        }
    }
}
