package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module declarations at work. Surefire runs the suite on the class path, where module-info files mean
 * nothing; here a small application module that requires {@code dev.tfliteffm} ({@code src/test/modules/example.app})
 * is compiled against the runtime, bindings and native-libs modules and run on the module path in a child JVM,
 * with the platform jar on the class path (it is a module that needs JavaCPP's). It must get the sine model's
 * answer and must not reach the internal bindings: not by reflection at run time, and not at compile time for
 * a module that asks for them ({@code example.sneaky}).
 */
class ModulePathTest {

    // The modules that call restricted FFM methods: on the module path each needs native access by name.
    private static final String NATIVE_ACCESS = "dev.tfliteffm.nativelib,dev.tfliteffm.bindings,dev.tfliteffm";

    @Test
    void anApplicationModuleRunsTheSineModelThroughThePublicModule(@TempDir Path out) throws Exception {
        ModuleCompiler.Result compiled = ModuleCompiler.compile("example.app", libraryModules(), out);
        assertTrue(compiled.succeeded(), "example.app should compile against dev.tfliteffm:\n" + compiled.messages());
        List<String> modulePath =
                new ArrayList<>(libraryModules().stream().map(Path::toString).toList());
        modulePath.add(out.toString());
        List<String> java = List.of(
                "--enable-native-access=" + NATIVE_ACCESS,
                "-Dtflite.ffm.cache.dir=" + System.getProperty("tflite.ffm.cache.dir"),
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--class-path",
                PlatformJar.onClassPath().jar().toString(),
                "--module",
                "example.app/example.app.Main",
                SharedModels.model("hello_world_float.tflite").toString());
        ChildJvm.Result run = ChildJvm.result(ChildJvm.startJava(java, Map.of()), Duration.ofMinutes(2))
                .assertSuccess();
        Map<String, String> report = report(run.stdout());

        // ../shared/models/README.md: sin(1.5708) ≈ 0.9957 for this model.
        assertEquals(0.9957f, Float.parseFloat(report.getOrDefault("y", "NaN")), 1e-4f, run.toString());
        assertEquals("example.app", report.get("app.module"), run.toString());
        assertEquals("dev.tfliteffm", report.get("runtime.module"), "the runtime should run as its named module");
        assertEquals("dev.tfliteffm.nativelib", report.get("nativelib.module"), run.toString());
        assertEquals(
                "true",
                report.get("bindings.exportedToRuntime"),
                "dev.tfliteffm.bindings should export its package to the runtime: " + run);
        assertEquals(
                "false",
                report.get("bindings.exportedToApp"),
                "dev.tfliteffm.bindings should export its package to the runtime only: " + run);
        assertEquals(
                "denied",
                report.get("bindings.reflection"),
                "the application called the internal bindings by reflection: " + run);
        assertFalse(
                run.stderr().contains("restricted method"),
                "--enable-native-access=" + NATIVE_ACCESS + " should cover every caller of restricted methods:\n"
                        + run.stderr());
    }

    @Test
    void anApplicationModuleCannotCompileAgainstTheInternalBindings(@TempDir Path out) throws Exception {
        ModuleCompiler.Result compiled = ModuleCompiler.compile("example.sneaky", libraryModules(), out);
        assertFalse(compiled.succeeded(), "javac accepted a module that imports dev.tfliteffm.internal.bindings");
        assertTrue(
                compiled.codes().contains("compiler.err.package.not.visible")
                        && compiled.messages().contains("dev.tfliteffm.internal.bindings"),
                "expected 'package dev.tfliteffm.internal.bindings is not visible', got:\n" + compiled.messages());
    }

    /**
     * Where the runtime, bindings and native-libs modules and the runtime's one third-party module
     * (protobuf-java, which reads Flex ops' NodeDefs) are: their jars, or their classes folders.
     */
    private static List<Path> libraryModules() throws URISyntaxException {
        List<Path> modules = new ArrayList<>();
        for (Class<?> c : List.of(
                TensorFlowLite.class, TfLite.class, TfLiteLibrary.class, com.google.protobuf.CodedInputStream.class)) {
            modules.add(Path.of(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return modules;
    }

    /** The child's {@code key=value} lines. */
    private static Map<String, String> report(String stdout) {
        Map<String, String> values = new HashMap<>();
        for (String line : stdout.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
