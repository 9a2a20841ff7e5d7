package dev.tfliteffm;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Hand-tuned downcalls for Java operators' callbacks, the path that runs on every invoke.
 *
 * <p>Pointers are passed and returned as {@code long}s, as {@link Natives} does: a downcall taking or returning
 * {@link MemorySegment}s makes a segment object per pointer, which is an allocation per call unless the JIT
 * removes it. All supported platforms are 64-bit, where a pointer and a {@code long} travel in the same
 * register. The pointers come from TFLite inside a callback, so they are alive for its length.
 */
final class OperatorNatives {

    private OperatorNatives() {}

    private static final ValueLayout.OfLong P = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private static final MethodHandle NODE_USER_DATA = downcall("TfLiteOpaqueNodeGetUserData", P, P);
    private static final MethodHandle NODE_INPUTS = downcall("TfLiteOpaqueNodeNumberOfInputs", I, P);
    private static final MethodHandle NODE_OUTPUTS = downcall("TfLiteOpaqueNodeNumberOfOutputs", I, P);
    private static final MethodHandle NODE_INPUT = downcall("TfLiteOpaqueNodeGetInput", P, P, P, I);
    private static final MethodHandle NODE_OUTPUT = downcall("TfLiteOpaqueNodeGetOutput", P, P, P, I);
    private static final MethodHandle TENSOR_TYPE = downcall("TfLiteOpaqueTensorType", I, P);
    private static final MethodHandle TENSOR_NUM_DIMS = downcall("TfLiteOpaqueTensorNumDims", I, P);
    private static final MethodHandle TENSOR_DIM = downcall("TfLiteOpaqueTensorDim", I, P, I);
    private static final MethodHandle TENSOR_BYTES = downcall("TfLiteOpaqueTensorByteSize", P, P);
    private static final MethodHandle TENSOR_DATA = downcall("TfLiteOpaqueTensorData", P, P);
    private static final MethodHandle TENSOR_ALLOCATION_TYPE = downcall("TfLiteOpaqueTensorGetAllocationType", I, P);

    /** A downcall returning {@code result} and taking {@code arguments}. */
    private static MethodHandle downcall(String name, ValueLayout result, ValueLayout... arguments) {
        // Critical: these functions only read fields; no upcall, no blocking, so no thread-state transition.
        MemorySegment address = TfLiteLibrary.lookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("TFLite library does not export " + name));
        return Linker.nativeLinker()
                .downcallHandle(address, FunctionDescriptor.of(result, arguments), Linker.Option.critical(false));
    }

    static long nodeUserData(long node) {
        try {
            return (long) NODE_USER_DATA.invokeExact(node);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int nodeInputCount(long node) {
        try {
            return (int) NODE_INPUTS.invokeExact(node);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int nodeOutputCount(long node) {
        try {
            return (int) NODE_OUTPUTS.invokeExact(node);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long nodeInput(long context, long node, int index) {
        try {
            return (long) NODE_INPUT.invokeExact(context, node, index);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long nodeOutput(long context, long node, int index) {
        try {
            return (long) NODE_OUTPUT.invokeExact(context, node, index);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int tensorType(long tensor) {
        try {
            return (int) TENSOR_TYPE.invokeExact(tensor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int tensorNumDims(long tensor) {
        try {
            return (int) TENSOR_NUM_DIMS.invokeExact(tensor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int tensorDim(long tensor, int index) {
        try {
            return (int) TENSOR_DIM.invokeExact(tensor, index);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long tensorByteSize(long tensor) {
        try {
            return (long) TENSOR_BYTES.invokeExact(tensor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long tensorData(long tensor) {
        try {
            return (long) TENSOR_DATA.invokeExact(tensor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int tensorAllocationType(long tensor) {
        try {
            return (int) TENSOR_ALLOCATION_TYPE.invokeExact(tensor);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        return CApi.unexpected(t);
    }
}
