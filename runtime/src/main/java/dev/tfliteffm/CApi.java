package dev.tfliteffm;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.function.Consumer;

/**
 * The TFLite C functions the runtime calls, all through one downcall handle of one shape,
 * {@code long f(long, long, long, long)}.
 *
 * <p>Why: a fresh JVM spins code the first time it links each distinct function shape (5-15 ms each, measured
 * in {@code bench/README.md}), and a first result calls about 30 functions of 14 shapes. One shape is linked
 * once, and {@link TfLiteLibrary}'s version check links the same one, so a first result pays for it once.
 *
 * <p>Why it is sound: every function here takes at most four integer or pointer arguments and returns an integer,
 * a pointer or nothing. On each ABI the runtime runs on (System V x86-64, AArch64 including Apple's, Windows
 * x64) such arguments travel in the first four integer registers whatever their C width; a callee reads only
 * the registers of its own parameters, and the caller cleans up, so unused trailing arguments are harmless.
 * Values are passed widened ({@code int} sign-extended, {@code bool} as 0 or 1), which covers Apple's and
 * clang's rule that the caller extends narrow arguments; an {@code int} or {@code bool} result is the low 32
 * or 8 bits of the result register, read by {@link #asInt} and {@link #asBool}. Floating-point,
 * struct-by-value and variadic functions never come here: they use the generated bindings. {@code CApiTest}
 * checks each entry's {@link #signature} against the generated bindings' descriptors, and assertions
 * (on in the tests) check each call's argument count.
 *
 * <p>Pointers are passed as addresses: callers keep what they point to alive (their owner's state checks, or a
 * confined arena around the call), as the generated bindings' scope checks would.
 */
enum CApi {
    // Signatures: result(arguments), P pointer, I int32 (or a C enum), J int64 or size_t, Z bool, V void.
    MODEL_CREATE_WITH_ERROR_REPORTER("TfLiteModelCreateWithErrorReporter", "P(PJPP)"),
    MODEL_DELETE("TfLiteModelDelete", "V(P)"),

    INTERPRETER_OPTIONS_CREATE("TfLiteInterpreterOptionsCreate", "P()"),
    INTERPRETER_OPTIONS_DELETE("TfLiteInterpreterOptionsDelete", "V(P)"),
    INTERPRETER_OPTIONS_SET_NUM_THREADS("TfLiteInterpreterOptionsSetNumThreads", "V(PI)"),
    INTERPRETER_OPTIONS_SET_ERROR_REPORTER("TfLiteInterpreterOptionsSetErrorReporter", "V(PPP)"),
    INTERPRETER_OPTIONS_ENABLE_CANCELLATION("TfLiteInterpreterOptionsEnableCancellation", "I(PZ)"),
    INTERPRETER_OPTIONS_SET_TELEMETRY_PROFILER("TfLiteInterpreterOptionsSetTelemetryProfiler", "V(PP)"),
    INTERPRETER_OPTIONS_ADD_DELEGATE("TfLiteInterpreterOptionsAddDelegate", "V(PP)"),
    INTERPRETER_OPTIONS_ADD_OPERATOR("TfLiteInterpreterOptionsAddOperator", "V(PP)"),

    INTERPRETER_CREATE("TfLiteInterpreterCreate", "P(PP)"),
    INTERPRETER_DELETE("TfLiteInterpreterDelete", "V(P)"),
    INTERPRETER_GET_INPUT_TENSOR_COUNT("TfLiteInterpreterGetInputTensorCount", "I(P)"),
    INTERPRETER_GET_OUTPUT_TENSOR_COUNT("TfLiteInterpreterGetOutputTensorCount", "I(P)"),
    INTERPRETER_GET_INPUT_TENSOR("TfLiteInterpreterGetInputTensor", "P(PI)"),
    INTERPRETER_GET_OUTPUT_TENSOR("TfLiteInterpreterGetOutputTensor", "P(PI)"),
    INTERPRETER_GET_TENSOR("TfLiteInterpreterGetTensor", "P(PI)"),
    INTERPRETER_RESIZE_INPUT_TENSOR("TfLiteInterpreterResizeInputTensor", "I(PIPI)"),
    INTERPRETER_ALLOCATE_TENSORS("TfLiteInterpreterAllocateTensors", "I(P)"),
    INTERPRETER_INVOKE("TfLiteInterpreterInvoke", "I(P)"),
    INTERPRETER_RESET_VARIABLE_TENSORS("TfLiteInterpreterResetVariableTensors", "I(P)"),
    INTERPRETER_GET_SIGNATURE_COUNT("TfLiteInterpreterGetSignatureCount", "I(P)"),
    INTERPRETER_GET_SIGNATURE_KEY("TfLiteInterpreterGetSignatureKey", "P(PI)"),
    INTERPRETER_GET_SIGNATURE_RUNNER("TfLiteInterpreterGetSignatureRunner", "P(PP)"),

    SIGNATURE_RUNNER_DELETE("TfLiteSignatureRunnerDelete", "V(P)"),
    SIGNATURE_RUNNER_GET_INPUT_COUNT("TfLiteSignatureRunnerGetInputCount", "J(P)"),
    SIGNATURE_RUNNER_GET_OUTPUT_COUNT("TfLiteSignatureRunnerGetOutputCount", "J(P)"),
    SIGNATURE_RUNNER_GET_INPUT_NAME("TfLiteSignatureRunnerGetInputName", "P(PI)"),
    SIGNATURE_RUNNER_GET_OUTPUT_NAME("TfLiteSignatureRunnerGetOutputName", "P(PI)"),
    SIGNATURE_RUNNER_GET_INPUT_TENSOR("TfLiteSignatureRunnerGetInputTensor", "P(PP)"),
    SIGNATURE_RUNNER_GET_OUTPUT_TENSOR("TfLiteSignatureRunnerGetOutputTensor", "P(PP)"),
    SIGNATURE_RUNNER_RESIZE_INPUT_TENSOR("TfLiteSignatureRunnerResizeInputTensor", "I(PPPI)"),
    SIGNATURE_RUNNER_ALLOCATE_TENSORS("TfLiteSignatureRunnerAllocateTensors", "I(P)"),
    SIGNATURE_RUNNER_INVOKE("TfLiteSignatureRunnerInvoke", "I(P)"),

    TENSOR_NAME("TfLiteTensorName", "P(P)"),
    TENSOR_GET_DIMS_SIGNATURE("TfLiteTensorGetDimsSignature", "P(P)"),
    TENSOR_REALLOC("TfLiteTensorRealloc", "I(JP)"),
    INT_ARRAY_CREATE("TfLiteIntArrayCreate", "P(I)"),

    XNNPACK_DELEGATE_CREATE("TfLiteXNNPackDelegateCreate", "P(P)"),
    XNNPACK_DELEGATE_DELETE("TfLiteXNNPackDelegateDelete", "V(P)"),
    XNNPACK_WEIGHTS_CACHE_CREATE("TfLiteXNNPackDelegateWeightsCacheCreate", "P()"),
    XNNPACK_WEIGHTS_CACHE_DELETE("TfLiteXNNPackDelegateWeightsCacheDelete", "V(P)"),
    XNNPACK_WEIGHTS_CACHE_FINALIZE_SOFT("TfLiteXNNPackDelegateWeightsCacheFinalizeSoft", "Z(P)"),

    OPERATOR_CREATE("TfLiteOperatorCreate", "P(IPIP)"),
    OPERATOR_DELETE("TfLiteOperatorDelete", "V(P)"),
    OPERATOR_SET_INIT_WITH_DATA("TfLiteOperatorSetInitWithData", "I(PP)"),
    OPERATOR_SET_FREE_WITH_DATA("TfLiteOperatorSetFreeWithData", "I(PP)"),
    OPERATOR_SET_PREPARE_WITH_DATA("TfLiteOperatorSetPrepareWithData", "I(PP)"),
    OPERATOR_SET_INVOKE_WITH_DATA("TfLiteOperatorSetInvokeWithData", "I(PP)"),
    OPAQUE_TENSOR_NAME("TfLiteOpaqueTensorName", "P(P)"),
    OPAQUE_CONTEXT_RESIZE_TENSOR("TfLiteOpaqueContextResizeTensor", "I(PPP)"),
    OPAQUE_TENSOR_SET_ALLOCATION_TYPE_TO_DYNAMIC("TfLiteOpaqueTensorSetAllocationTypeToDynamic", "V(P)"),
    OPAQUE_TENSOR_GET_STRING_COUNT("TfLiteOpaqueTensorGetStringCount", "I(P)"),
    OPAQUE_TENSOR_GET_STRING("TfLiteOpaqueTensorGetString", "I(PIPP)"),
    OPAQUE_TENSOR_WRITE_STRINGS("TfLiteOpaqueTensorWriteStrings", "I(PPIP)"),

    /**
     * {@code tflite::LoggerOptions::SetMinimumLogSeverity(tflite::LogSeverity)}: C++, not in the C API (so not
     * in the generated bindings); looked up with {@link #find()}.
     */
    SET_MINIMUM_LOG_SEVERITY("_ZN6tflite13LoggerOptions21SetMinimumLogSeverityENS_11LogSeverityE", "V(I)");

    /** The one shape: the function's address, then four integer-register arguments; the result register. */
    static final FunctionDescriptor SHAPE = FunctionDescriptor.of(
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG);

    // In a holder: the enum's constants (and the test's) need no linking.
    private static final class Handle {
        static final MethodHandle CALL = Linker.nativeLinker().downcallHandle(SHAPE);
    }

    /** The exported symbol. */
    final String symbol;
    /** {@code result(arguments)} in the letters above; checked against the generated bindings by the tests. */
    final String signature;

    private final int arity;
    // Looked up on first call. A benign race: two threads may both look it up and store equal values.
    private MemorySegment address;

    CApi(String symbol, String signature) {
        this.symbol = symbol;
        this.signature = signature;
        this.arity = signature.length() - 3;
    }

    /** The function's address, or empty if the library does not export it. */
    java.util.Optional<MemorySegment> find() {
        return TfLiteLibrary.lookup().find(symbol);
    }

    private MemorySegment address() {
        MemorySegment a = address;
        if (a == null) {
            java.util.Optional<MemorySegment> found = find();
            if (found.isEmpty()) {
                throw new UnsatisfiedLinkError("TFLite library does not export " + symbol);
            }
            a = found.get();
            address = a;
        }
        return a;
    }

    /**
     * A cleanup for {@link MemorySegment#reinterpret(long, java.lang.foreign.Arena, Consumer)}: calls this
     * one-argument function (a {@code ...Delete}) with the segment's address.
     */
    Consumer<MemorySegment> deleter() {
        assert arity == 1 : this;
        return new Deleter(this);
    }

    // A class, not a lambda: each lambda costs a fresh JVM a class spun at its first use.
    private static final class Deleter implements Consumer<MemorySegment> {
        private final CApi function;

        Deleter(CApi function) {
            this.function = function;
        }

        @Override
        public void accept(MemorySegment segment) {
            function.call(segment.address());
        }
    }

    long call() {
        assert arity == 0 : this;
        return invoke(0, 0, 0, 0);
    }

    long call(long a) {
        assert arity == 1 : this;
        return invoke(a, 0, 0, 0);
    }

    long call(long a, long b) {
        assert arity == 2 : this;
        return invoke(a, b, 0, 0);
    }

    long call(long a, long b, long c) {
        assert arity == 3 : this;
        return invoke(a, b, c, 0);
    }

    long call(long a, long b, long c, long d) {
        assert arity == 4 : this;
        return invoke(a, b, c, d);
    }

    /** An {@code int} (or C enum, e.g. {@code TfLiteStatus}) result: the low 32 bits. */
    static int asInt(long result) {
        return (int) result;
    }

    /** A {@code bool} result: the low 8 bits. */
    static boolean asBool(long result) {
        return (result & 0xFF) != 0;
    }

    /** A pointer result as a zero-length segment ({@code NULL} for 0). */
    static MemorySegment asPointer(long result) {
        return MemorySegment.ofAddress(result);
    }

    private long invoke(long a, long b, long c, long d) {
        try {
            return (long) Handle.CALL.invokeExact(address(), a, b, c, d);
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
