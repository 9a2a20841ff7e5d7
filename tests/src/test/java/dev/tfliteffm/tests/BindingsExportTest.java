package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every function the generated bindings bind is exported by every bundled platform library. */
class BindingsExportTest {

    /** Function names of the bindings: jextract gives each bound function a {@code NAME$address()} accessor. */
    static Set<String> boundFunctions() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c = TfLite.class; c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && m.getName().endsWith("$address")
                        && m.getParameterCount() == 0) {
                    names.add(m.getName().substring(0, m.getName().length() - "$address".length()));
                }
            }
        }
        return names;
    }

    @Test
    void bindingsCoverTheCApiAndNothingElse() {
        Set<String> names = boundFunctions();
        assertTrue(names.size() > 150, "only " + names.size() + " functions bound");
        for (String expected : new String[] {
            "TfLiteVersion",
            "TfLiteModelCreate",
            "TfLiteInterpreterCreate",
            "TfLiteSignatureRunnerInvoke",
            "TfLiteTensorGetDimsSignature",
            "TfLiteXNNPackDelegateCreate",
            "TfLiteXNNPackDelegateOptionsDefault",
            "TfLiteExternalDelegateCreate",
            "TfLiteInterpreterCancel"
        }) {
            assertTrue(names.contains(expected), expected + " is not bound");
        }
        // TFLite API only: no libc declarations leaked in.
        for (String name : names) {
            assertTrue(name.startsWith("TfLite"), "not a TFLite function: " + name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64"})
    void everyBoundFunctionIsExported(String platform) throws Exception {
        assertTrue(TfLiteLibrary.PLATFORMS_WITH_C_API.contains(platform));
        Set<String> exported = exports(platform);
        assertTrue(exported.contains("TfLiteVersion"), platform + ": the export table reader found no TfLiteVersion");
        Set<String> missing = new TreeSet<>(boundFunctions());
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), platform + " does not export " + missing);
    }

    /**
     * JavaCPP's windows-x86_64 DLL exports its JNI functions only, so FFM cannot reach the C API in it; the
     * loader passes over it with a note. Should a later jar export the C API, this test says so.
     */
    @Test
    void windowsJarExportsNoCApi() throws Exception {
        Set<String> exported = exports("windows-x86_64");
        assertTrue(exported.contains("JNI_OnLoad"), "the export table reader found no JNI_OnLoad in the DLL");
        assertTrue(
                exported.stream().noneMatch(n -> n.startsWith("TfLite")),
                "the windows-x86_64 DLL now exports the C API: add it to TfLiteLibrary.PLATFORMS_WITH_C_API and jextract.sh");
        assertTrue(!TfLiteLibrary.PLATFORMS_WITH_C_API.contains("windows-x86_64"));
    }

    private static Set<String> exports(String platform) throws Exception {
        Path jar = Path.of(
                System.getProperty("natives.dir"),
                "tensorflow-lite-" + System.getProperty("bytedeco.tflite.version") + "-" + platform + ".jar");
        assertTrue(Files.isRegularFile(jar), "platform jar missing: " + jar);
        return ExportTable.exportedFunctionsInJar(jar, TfLiteLibrary.bundledResource(platform));
    }
}
