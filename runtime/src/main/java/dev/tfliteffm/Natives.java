package dev.tfliteffm;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Hand-tuned downcalls for the hot path.
 *
 * <p>The generated bindings take {@link MemorySegment} handles, whose scope a downcall acquires and releases
 * (two atomic operations on a shared arena). On the invoke path the handle is passed as a plain address
 * instead: the owning object's own state check (see {@link Interpreter}) already guarantees it is alive.
 */
final class Natives {

    private Natives() {}

    private static final Linker LINKER = Linker.nativeLinker();

    private static final MethodHandle SIGNATURE_RUNNER_INVOKE =
            downcall("TfLiteSignatureRunnerInvoke", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle INTERPRETER_INVOKE =
            downcall("TfLiteInterpreterInvoke", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    /** A downcall handle to TFLite's {@code name}: the one place hand-tuned downcalls are linked. */
    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = TfLiteLibrary.lookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("TFLite library does not export " + name));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    static int signatureRunnerInvoke(long runner) {
        try {
            return (int) SIGNATURE_RUNNER_INVOKE.invokeExact(runner);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int interpreterInvoke(long interpreter) {
        try {
            return (int) INTERPRETER_INVOKE.invokeExact(interpreter);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Rethrows what {@code invokeExact} threw: runtime exceptions and errors as they are. */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
