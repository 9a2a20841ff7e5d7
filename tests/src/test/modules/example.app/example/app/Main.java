package example.app;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * Runs the sine model through the public API on the module path and reports, one {@code key=value} per line,
 * what ModulePathTest checks: the answer, the modules the classes came from, and whether the internal
 * bindings package is reachable from here (it must not be).
 */
public final class Main {

    private static final String BINDINGS_PACKAGE = "dev.tfliteffm.internal.bindings";

    private Main() {}

    /** Argument: the path of hello_world_float.tflite. */
    public static void main(String[] args) throws Exception {
        try (Model model = Model.fromFile(Path.of(args[0]));
                Interpreter interpreter = Interpreter.create(model)) {
            interpreter.allocateTensors();
            interpreter.input(0).copyFrom(new float[] {1.5708f});
            interpreter.invoke();
            System.out.println("y=" + interpreter.output(0).toFloatArray()[0]);
        }
        // TfLiteLibrary is reachable through `requires transitive dev.tfliteffm.nativelib` in dev.tfliteffm.
        TfLiteLibrary library = TensorFlowLite.library();
        System.out.println("library.source=" + library.source());
        System.out.println("app.module=" + Main.class.getModule().getName());
        System.out.println("runtime.module=" + TensorFlowLite.class.getModule().getName());
        System.out.println("nativelib.module=" + TfLiteLibrary.class.getModule().getName());

        Module bindings =
                ModuleLayer.boot().findModule("dev.tfliteffm.bindings").orElseThrow();
        System.out.println("bindings.exportedToApp=" + bindings.isExported(BINDINGS_PACKAGE, Main.class.getModule()));
        System.out.println("bindings.exportedToRuntime="
                + bindings.isExported(BINDINGS_PACKAGE, TensorFlowLite.class.getModule()));
        System.out.println("bindings.reflection=" + callBindingsReflectively());
    }

    // Core reflection reads every module, so only the package's export decides whether this call is allowed.
    private static String callBindingsReflectively() throws ReflectiveOperationException {
        try {
            Class.forName(BINDINGS_PACKAGE + ".TfLite")
                    .getMethod("TfLiteVersion")
                    .invoke(null);
            return "allowed";
        } catch (IllegalAccessException e) {
            return "denied";
        } catch (InvocationTargetException e) {
            return "allowed";
        }
    }
}
