package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Java operators as TFLite custom ops ({@code TfLiteOperator}, 2.21's C API).
 *
 * <p><b>Stubs.</b> Four upcall stubs serve every op of every interpreter: TFLite's {@code ...WithData}
 * callbacks receive the operator's user data, here a {@link HandleTable} handle of the interpreter's
 * {@link Binding}; init returns a handle of the node's {@link OperatorKernel}, which TFLite keeps as the node's
 * user data and gives back to prepare, invoke and free. The stubs live in the global arena, like a C
 * function: nothing native can outlive them. Pointers cross as {@code long}s (see {@link OperatorNatives}),
 * so a callback allocates no segment objects.
 *
 * <p><b>Lifetime.</b> Per interpreter, each registration gets its {@code TfLiteOperator}, its custom name (the
 * operator keeps the pointer) and its binding, all tied to the interpreter's arena and registered before the
 * interpreter itself, so they are freed after it (an arena runs cleanups in reverse order): TFLite's free
 * callbacks, which run while the interpreter is deleted, still find them.
 *
 * <p><b>Errors.</b> No exception leaves an upcall (it would end the JVM). What an operator throws is reported
 * through {@code TfLiteOpaqueContextReportError}, so it reaches the interpreter's error reporter and the
 * {@link TfLiteException} of the call that failed, and the callback returns {@code kTfLiteError}.
 */
final class JavaOperators {

    /** One registration within one interpreter. */
    record Binding(OperatorRegistration registration, ErrorReporter reporter, Arena arena) {}

    // Made on first use: System.getLogger starts the logging backend, which a start without messages skips.
    private static final class Log {
        static final System.Logger LOGGER = System.getLogger("dev.tfliteffm");
    }

    private static final int ERROR = 1;

    private static final HandleTable<Binding> BINDINGS = new HandleTable<>();
    private static final HandleTable<OperatorKernel> KERNELS = new HandleTable<>();

    private static final MemorySegment INIT;
    private static final MemorySegment FREE;
    private static final MemorySegment PREPARE;
    private static final MemorySegment INVOKE;
    private static final MemorySegment PERCENT_S = Arena.global().allocateFrom("%s");
    private static final TfLite.TfLiteOpaqueContextReportError REPORT_ERROR =
            TfLite.TfLiteOpaqueContextReportError.makeInvoker(ValueLayout.ADDRESS);

    static {
        ValueLayout.OfLong p = ValueLayout.JAVA_LONG;
        INIT = stub("init", FunctionDescriptor.of(p, p, p, p, p));
        FREE = stub("free", FunctionDescriptor.ofVoid(p, p, p));
        PREPARE = stub("prepare", FunctionDescriptor.of(ValueLayout.JAVA_INT, p, p, p));
        INVOKE = stub("invoke", FunctionDescriptor.of(ValueLayout.JAVA_INT, p, p, p));
    }

    private JavaOperators() {}

    private static MemorySegment stub(String name, FunctionDescriptor descriptor) {
        try {
            MethodType type = descriptor.toMethodType();
            MethodHandle target = MethodHandles.lookup().findStatic(JavaOperators.class, name, type);
            return Linker.nativeLinker().upcallStub(target, descriptor, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Adds {@code registrations} to the native options of an interpreter being created, with everything they
     * need tied to {@code arena} (the interpreter's, before its handle is made).
     *
     * @throws TfLiteException if TFLite cannot create an operator
     */
    static void register(
            MemorySegment nativeOptions,
            List<OperatorRegistration> registrations,
            ErrorReporter reporter,
            Arena arena) {
        for (OperatorRegistration r : registrations) {
            long handle = BINDINGS.put(new Binding(r, reporter, arena));
            MemorySegment.NULL.reinterpret(arena, ignored -> BINDINGS.remove(handle));
            MemorySegment name = arena.allocateFrom(r.name());
            MemorySegment op = CApi.asPointer(
                    CApi.OPERATOR_CREATE.call(TfLite.kTfLiteBuiltinCustom(), name.address(), r.version(), handle));
            if (op.equals(MemorySegment.NULL)) {
                throw new TfLiteException(
                        TfLiteException.Status.ERROR,
                        "TFLite could not create the operator " + r.name() + " v" + r.version());
            }
            op = op.reinterpret(arena, CApi.OPERATOR_DELETE.deleter());
            long opAddress = op.address();
            int status = CApi.asInt(CApi.OPERATOR_SET_INIT_WITH_DATA.call(opAddress, INIT.address()))
                    | CApi.asInt(CApi.OPERATOR_SET_FREE_WITH_DATA.call(opAddress, FREE.address()))
                    | CApi.asInt(CApi.OPERATOR_SET_PREPARE_WITH_DATA.call(opAddress, PREPARE.address()))
                    | CApi.asInt(CApi.OPERATOR_SET_INVOKE_WITH_DATA.call(opAddress, INVOKE.address()));
            if (status != 0) {
                throw new TfLiteException(
                        TfLiteException.Status.of(status), "TFLite refused the callbacks of operator " + r.name());
            }
            CApi.INTERPRETER_OPTIONS_ADD_OPERATOR.call(nativeOptions.address(), opAddress);
        }
    }

    // ---- the upcalls: each catches everything ------------------------------------------------------

    /** {@code void* init(void* user_data, TfLiteOpaqueContext*, const char* buffer, size_t length)}. */
    private static long init(long userData, long context, long buffer, long length) {
        try {
            Binding binding = BINDINGS.get(userData);
            if (binding == null) {
                return 0;
            }
            byte[] options = buffer == 0 || length <= 0
                    ? new byte[0]
                    : MemorySegment.ofAddress(buffer).reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
            return KERNELS.put(new OperatorKernel(binding, options));
        } catch (Throwable t) {
            // Nothing to return but "no kernel": prepare then reports it.
            return 0;
        }
    }

    /** {@code TfLiteStatus prepare(void* user_data, TfLiteOpaqueContext*, TfLiteOpaqueNode*)}. */
    private static int prepare(long userData, long context, long node) {
        return run(userData, context, node, true);
    }

    /** {@code TfLiteStatus invoke(void* user_data, TfLiteOpaqueContext*, TfLiteOpaqueNode*)}. */
    private static int invoke(long userData, long context, long node) {
        return run(userData, context, node, false);
    }

    private static int run(long userData, long context, long node, boolean preparing) {
        try {
            OperatorKernel kernel = KERNELS.get(OperatorNatives.nodeUserData(node));
            if (kernel == null) {
                Binding binding = BINDINGS.get(userData);
                reportError(
                        context,
                        "Java operator "
                                + (binding == null
                                        ? "?"
                                        : binding.registration().name()) + " has no kernel: its init failed");
                return ERROR;
            }
            return kernel.run(context, node, preparing);
        } catch (Throwable t) {
            try {
                reportError(context, "Java operator failed: " + t);
            } catch (Throwable ignored) {
                // Out of options (e.g. out of memory); the status still says it failed.
            }
            return ERROR;
        }
    }

    /** {@code void free(void* user_data, TfLiteOpaqueContext*, void* data)}. */
    private static void free(long userData, long context, long data) {
        try {
            OperatorKernel kernel = KERNELS.remove(data);
            if (kernel != null) {
                kernel.close();
            }
        } catch (Throwable t) {
            try {
                Log.LOGGER.log(System.Logger.Level.WARNING, "closing a Java operator failed", t);
            } catch (Throwable ignored) {
                // Nothing more to do.
            }
        }
    }

    /** Reports {@code message} through TFLite's context, i.e. to the interpreter's error reporter. */
    static void reportError(long context, String message) {
        try (Arena temp = Arena.ofConfined()) {
            REPORT_ERROR.apply(MemorySegment.ofAddress(context), PERCENT_S, temp.allocateFrom(message));
        }
    }
}
