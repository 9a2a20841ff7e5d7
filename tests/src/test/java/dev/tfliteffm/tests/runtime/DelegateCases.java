package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.Delegate;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.CHeaders;
import dev.tfliteffm.tests.SharedModels;
import dev.tfliteffm.tools.Gcc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** External delegate plugins, with a plugin built by gcc at test time. Run in a child JVM by {@link DelegateTest}. */
class DelegateCases {

    static Path plugin;
    // Held open for the whole class, so the plugin's counters survive the delegate's dlclose.
    static SymbolLookup pluginSymbols;

    @BeforeAll
    static void buildPlugin() throws Exception {
        Path dir = Files.createTempDirectory("plugin");
        Path source = SharedModels.repositoryRoot().resolve("tests/src/test/c/test_delegate_plugin.c");
        plugin = dir.resolve("libtestplugin.so");
        List<String> gcc = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", plugin.toString()));
        gcc.addAll(CHeaders.includeArgs());
        gcc.add(source.toString());
        Gcc.run(gcc);
        pluginSymbols = SymbolLookup.libraryLookup(plugin, Arena.ofShared());
    }

    private static int counter(String name) throws Throwable {
        MethodHandle h = Linker.nativeLinker()
                .downcallHandle(pluginSymbols.find(name).orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        return (int) h.invokeExact();
    }

    @Test
    void pluginDelegateIsAppliedAndOutlivesItsOwnerHandle() throws Throwable {
        int before = counter("test_plugin_prepare_calls");
        Delegate delegate = Delegate.external(plugin, Map.of("alpha", "1", "beta", "two"));
        try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ip = Interpreter.create(
                        m,
                        InterpreterOptions.builder()
                                .xnnpack(false)
                                .addDelegate(delegate)
                                .build())) {
            delegate.close();
            float y = ip.runner("serving_default")
                    .run(Map.of("dense_input", new float[] {1.5708f}))
                    .get("dense_2")
                    .floats()[0];
            assertEquals(0.9957f, y, 1e-4f);
            assertTrue(counter("test_plugin_prepare_calls") > before, "the delegate's Prepare ran");
            assertEquals(0, counter("test_plugin_destroyed"), "the interpreter still holds the delegate");
        }
        assertEquals(1, counter("test_plugin_destroyed"), "destroyed once the interpreter closed");
        delegate.close();
        assertThrows(ClosedException.class, () -> {
            try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"))) {
                Interpreter.create(
                        m, InterpreterOptions.builder().addDelegate(delegate).build());
            }
        });
    }

    /** Issue 12, item 2: after an allocation failed with a user delegate applied, the interpreter is refused. */
    @Test
    void anAllocationThatFailedWithAPluginDelegateLeavesTheInterpreterUnusable() {
        try (Delegate delegate = Delegate.external(plugin, Map.of());
                Model m = Model.fromFile(SharedModels.model("multi_add.tflite"));
                Interpreter ip = Interpreter.create(
                        m,
                        InterpreterOptions.builder()
                                .xnnpack(false)
                                .addDelegate(delegate)
                                .build())) {
            ip.runner("serving_default").resizeInput("a", 1, 8, 8, 4); // not broadcastable with b's [1, 8, 8, 3]
            TfLiteException failed = assertThrows(
                    TfLiteException.class, () -> ip.runner("serving_default").allocateTensors());
            assertTrue(failed.getMessage().contains("the interpreter is now unusable"), failed.getMessage());
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> ip.runner("serving_default"));
            assertTrue(refused.getMessage().contains("create a new interpreter"), refused.getMessage());
        }
    }

    @Test
    void pluginThatRefusesGivesItsMessage() {
        TfLiteException e = assertThrows(TfLiteException.class, () -> Delegate.external(plugin, Map.of("fail", "yes")));
        assertEquals(TfLiteException.Status.DELEGATE_ERROR, e.status());
        assertEquals(List.of("test plugin refused: fail=yes"), e.nativeMessages());
    }

    @Test
    void notAPlugin() throws Exception {
        Path other =
                Gcc.sharedLibrary(Files.createTempDirectory("other"), "libother.so", "int f(void) { return 1; }\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Delegate.external(other, Map.of()));
        assertTrue(e.getMessage().contains("does not export tflite_plugin_create_delegate"), e.getMessage());
        Path text = Files.writeString(Files.createTempDirectory("text").resolve("libtext.so"), "text");
        IllegalArgumentException notALibrary =
                assertThrows(IllegalArgumentException.class, () -> Delegate.external(text, Map.of()));
        assertTrue(notALibrary.getMessage().contains("not a loadable library"), notALibrary.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> Delegate.external(Path.of("/nonexistent/lib.so"), Map.of()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
