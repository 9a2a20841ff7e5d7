package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.Interpreter;

/**
 * The compat module at work on the module path: an application module written for the official API
 * ({@code src/test/modules/example.official}, which requires {@code dev.tfliteffm.compat} only) compiles against it
 * and runs the sine model in a child JVM, with native access granted to the runtime's three modules as the README
 * says; the compat module itself needs none.
 */
class CompatModulePathTest {

    private static final String NATIVE_ACCESS = "dev.tfliteffm.nativelib,dev.tfliteffm.bindings,dev.tfliteffm";

    @Test
    void anOfficialApiApplicationRunsOnTheModulePath(@TempDir Path out) throws Exception {
        List<Path> modules = new ArrayList<>();
        for (Class<?> c : List.of(
                Interpreter.class,
                TensorFlowLite.class,
                TfLite.class,
                TfLiteLibrary.class,
                com.google.protobuf.CodedInputStream.class)) { // protobuf: the runtime reads Flex NodeDefs
            modules.add(Path.of(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        ModuleCompiler.Result compiled = ModuleCompiler.compile("example.official", modules, out);
        assertTrue(compiled.succeeded(), "example.official should compile:\n" + compiled.messages());
        List<String> modulePath =
                new ArrayList<>(modules.stream().map(Path::toString).toList());
        modulePath.add(out.toString());
        List<String> java = List.of(
                "--enable-native-access=" + NATIVE_ACCESS,
                "-Dtflite.ffm.cache.dir=" + System.getProperty("tflite.ffm.cache.dir"),
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--class-path",
                PlatformJar.onClassPath().jar().toString(),
                "--module",
                "example.official/example.official.Main",
                SharedModels.model("hello_world_float.tflite").toString());
        ChildJvm.Result run = ChildJvm.result(ChildJvm.startJava(java, Map.of()), Duration.ofMinutes(2))
                .assertSuccess();
        Map<String, String> report = new HashMap<>();
        for (String line : run.stdout().split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                report.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        // ../shared/models/README.md: sin(1.5708) ≈ 0.9957 for this model.
        assertEquals(0.9957f, Float.parseFloat(report.getOrDefault("y", "NaN")), 1e-4f, run.toString());
        assertEquals("serving_default", report.get("signatures"), run.toString());
        assertEquals("dev.tfliteffm.compat", report.get("api.module"), run.toString());
        assertEquals("example.official", report.get("app.module"), run.toString());
        assertFalse(run.stderr().contains("restricted method"), run.stderr());
    }
}
