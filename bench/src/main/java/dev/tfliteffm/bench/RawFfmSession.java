package dev.tfliteffm.bench;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A prototype, not a contender: the TFLite C API called through FFM with nothing but what the hot path needs
 * (own downcall handles, the runner passed as a {@code long}, tensor data as global-scope segments, no state
 * checks), to measure how far this runtime's prepared path is from FFM's own floor and which of its safety
 * features cost what. Set up exactly as the C loop: one thread, XNNPACK as asked, cancellation as asked.
 */
public final class RawFfmSession implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout XNNPACK_OPTIONS = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("num_threads"),
            ValueLayout.JAVA_INT.withName("runtime_flags"),
            ValueLayout.JAVA_INT.withName("flags"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_BOOLEAN,
            MemoryLayout.paddingLayout(7),
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT,
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS);

    private static final MethodHandle MODEL_CREATE =
            handle("TfLiteModelCreateFromFile", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle MODEL_DELETE =
            handle("TfLiteModelDelete", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MethodHandle OPTIONS_CREATE =
            handle("TfLiteInterpreterOptionsCreate", FunctionDescriptor.of(ValueLayout.JAVA_LONG));
    private static final MethodHandle OPTIONS_DELETE =
            handle("TfLiteInterpreterOptionsDelete", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MethodHandle OPTIONS_THREADS = handle(
            "TfLiteInterpreterOptionsSetNumThreads",
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle OPTIONS_CANCELLATION = handle(
            "TfLiteInterpreterOptionsEnableCancellation",
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_BOOLEAN));
    private static final MethodHandle OPTIONS_DELEGATE = handle(
            "TfLiteInterpreterOptionsAddDelegate",
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle XNNPACK_DEFAULTS =
            handle("TfLiteXNNPackDelegateOptionsDefault", FunctionDescriptor.of(XNNPACK_OPTIONS));
    private static final MethodHandle XNNPACK_CREATE =
            handle("TfLiteXNNPackDelegateCreate", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle XNNPACK_DELETE =
            handle("TfLiteXNNPackDelegateDelete", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MethodHandle INTERPRETER_CREATE = handle(
            "TfLiteInterpreterCreate",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle INTERPRETER_DELETE =
            handle("TfLiteInterpreterDelete", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MethodHandle GET_RUNNER = handle(
            "TfLiteInterpreterGetSignatureRunner",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle RUNNER_DELETE =
            handle("TfLiteSignatureRunnerDelete", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    private static final MethodHandle RUNNER_ALLOCATE = handle(
            "TfLiteSignatureRunnerAllocateTensors", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle RUNNER_INPUT = handle(
            "TfLiteSignatureRunnerGetInputTensor",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle RUNNER_OUTPUT = handle(
            "TfLiteSignatureRunnerGetOutputTensor",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle TENSOR_DATA =
            handle("TfLiteTensorData", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle TENSOR_BYTES =
            handle("TfLiteTensorByteSize", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle INVOKE =
            handle("TfLiteSignatureRunnerInvoke", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle INVOKE_CRITICAL = handle(
            "TfLiteSignatureRunnerInvoke",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.critical(false));
    /**
     * The same function through a target address of global scope. {@code TfLiteLibrary} opens the bundled
     * library with {@code SymbolLookup.libraryLookup(path, Arena.ofShared())}, so its symbols belong to a shared
     * arena and every downcall to them acquires and releases that arena (two atomic updates of one shared
     * counter); a global-scope address skips that.
     */
    private static final MethodHandle INVOKE_GLOBAL = LINKER.downcallHandle(
            MemorySegment.ofAddress(TfLiteLibrary.lookup()
                    .find("TfLiteSignatureRunnerInvoke")
                    .orElseThrow()
                    .address()),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    private static final VarHandle USER;

    static {
        try {
            USER = MethodHandles.lookup().findVarHandle(RawFfmSession.class, "user", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor d, Linker.Option... options) {
        return LINKER.downcallHandle(TfLiteLibrary.lookup().find(name).orElseThrow(), d, options);
    }

    @SuppressWarnings("unused")
    private volatile Object user;

    private final long model;
    private final long options;
    private final long delegate;
    private final long interpreter;
    private final long runner;
    private final MemorySegment in;
    private final MemorySegment out;
    private final MemorySegment sharedIn;
    private final MemorySegment sharedOut;
    private final Arena shared = Arena.ofShared();
    private final boolean floatIn;
    private final boolean floatOut;
    private final float[] inF;
    private final byte[] inB;
    private final float[] outF;
    private final byte[] outB;

    public RawFfmSession(Workload workload, boolean xnnpack, boolean cancellable) {
        try (Arena temp = Arena.ofConfined()) {
            model = (long)
                    MODEL_CREATE.invokeExact(temp.allocateFrom(workload.path().toString()));
            options = (long) OPTIONS_CREATE.invokeExact();
            OPTIONS_THREADS.invokeExact(options, 1);
            OPTIONS_CANCELLATION.invokeExact(options, cancellable);
            if (xnnpack) {
                MemorySegment o =
                        (MemorySegment) XNNPACK_DEFAULTS.invokeExact((java.lang.foreign.SegmentAllocator) temp);
                o.set(ValueLayout.JAVA_INT, 0, 1);
                delegate = (long) XNNPACK_CREATE.invokeExact(o);
                OPTIONS_DELEGATE.invokeExact(options, delegate);
            } else {
                delegate = 0;
            }
            interpreter = (long) INTERPRETER_CREATE.invokeExact(model, options);
            MemorySegment key = workload.signature == null ? MemorySegment.NULL : temp.allocateFrom(workload.signature);
            runner = (long) GET_RUNNER.invokeExact(interpreter, key);
            if (runner == 0 || (int) RUNNER_ALLOCATE.invokeExact(runner) != 0) {
                throw new IllegalStateException("raw FFM: cannot prepare " + workload);
            }
            // After AllocateTensors, as the C loop does (tensor pointers can move while preparing).
            long inTensor = (long) RUNNER_INPUT.invokeExact(runner, temp.allocateFrom(workload.inputName));
            long outTensor = (long) RUNNER_OUTPUT.invokeExact(runner, temp.allocateFrom(workload.outputName));
            long inBytes = (long) TENSOR_BYTES.invokeExact(inTensor);
            long outBytes = (long) TENSOR_BYTES.invokeExact(outTensor);
            in = MemorySegment.ofAddress((long) TENSOR_DATA.invokeExact(inTensor))
                    .reinterpret(inBytes);
            out = MemorySegment.ofAddress((long) TENSOR_DATA.invokeExact(outTensor))
                    .reinterpret(outBytes);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        sharedIn = in.reinterpret(in.byteSize(), shared, null);
        sharedOut = out.reinterpret(out.byteSize(), shared, null);
        floatIn = workload.inputType == Workload.Type.FLOAT32;
        floatOut = workload.outputType == Workload.Type.FLOAT32;
        inF = floatIn ? workload.floatInput().clone() : null;
        inB = floatIn ? null : workload.byteInput().clone();
        outF = floatOut ? new float[workload.outputElements()] : null;
        outB = floatOut ? null : new byte[workload.outputElements()];
    }

    private static int invoke(long runner) {
        try {
            return (int) INVOKE.invokeExact(runner);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int invokeGlobal(long runner) {
        try {
            return (int) INVOKE_GLOBAL.invokeExact(runner);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int invokeCritical(long runner) {
        try {
            return (int) INVOKE_CRITICAL.invokeExact(runner);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private Object step(MemorySegment in, MemorySegment out, int kind) {
        if (floatIn) {
            MemorySegment.copy(inF, 0, in, ValueLayout.JAVA_FLOAT, 0, inF.length);
        } else {
            MemorySegment.copy(inB, 0, in, ValueLayout.JAVA_BYTE, 0, inB.length);
        }
        int status;
        if (kind == 0) {
            status = invoke(runner);
        } else if (kind == 1) {
            if (!USER.compareAndSet(this, null, Thread.currentThread())) {
                throw new IllegalStateException("busy");
            }
            try {
                status = invoke(runner);
            } finally {
                USER.setRelease(this, null);
            }
        } else if (kind == 2) {
            status = invokeCritical(runner);
        } else if (kind == 3) {
            status = invokeGlobal(runner);
        } else {
            // The runtime's prepared path with the proposed fix: claim, shared-arena views, global-scope target.
            if (!USER.compareAndSet(this, null, Thread.currentThread())) {
                throw new IllegalStateException("busy");
            }
            try {
                status = invokeGlobal(runner);
            } finally {
                USER.setRelease(this, null);
            }
        }
        if (status != 0) {
            throw new IllegalStateException("invoke failed: " + status);
        }
        if (floatOut) {
            MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, outF, 0, outF.length);
            return outF;
        }
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, outB, 0, outB.length);
        return outB;
    }

    /** Only the two copies (input in, output out), no invoke. */
    public Object copiesOnly() {
        if (floatIn) {
            MemorySegment.copy(inF, 0, in, ValueLayout.JAVA_FLOAT, 0, inF.length);
        } else {
            MemorySegment.copy(inB, 0, in, ValueLayout.JAVA_BYTE, 0, inB.length);
        }
        if (floatOut) {
            MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, outF, 0, outF.length);
            return outF;
        }
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, outB, 0, outB.length);
        return outB;
    }

    /** Only the downcall. */
    public int invokeOnly() {
        return invoke(runner);
    }

    /** The floor, copying element by element ({@code setAtIndex}/{@code getAtIndex}) instead of in bulk (float tensors). */
    public Object rawElementwise() {
        for (int i = 0; i < inF.length; i++) {
            in.setAtIndex(ValueLayout.JAVA_FLOAT, i, inF[i]);
        }
        if (invoke(runner) != 0) {
            throw new IllegalStateException("invoke failed");
        }
        for (int i = 0; i < outF.length; i++) {
            outF[i] = out.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }
        return outF;
    }

    /** The floor: global-scope segments, plain downcall. */
    public Object raw() {
        return step(in, out, 0);
    }

    /** + the runtime's one-user-at-a-time claim: a CAS and a release store around the downcall. */
    public Object rawClaim() {
        return step(in, out, 1);
    }

    /** + segments of a shared arena (as the runtime's views), without the claim. */
    public Object rawSharedViews() {
        return step(sharedIn, sharedOut, 0);
    }

    /** The floor through a global-scope target address (no per-call acquire of the library's shared arena). */
    public Object rawGlobal() {
        return step(in, out, 3);
    }

    /** A model of the runtime's prepared path after the proposed fix: claim + shared-arena views + global-scope target. */
    public Object runtimeFixed() {
        return step(sharedIn, sharedOut, 4);
    }

    /** The floor with a critical downcall (no thread-state transition; only sound for short, non-blocking calls with no upcalls). */
    public Object rawCritical() {
        return step(in, out, 2);
    }

    @Override
    public void close() {
        try {
            RUNNER_DELETE.invokeExact(runner);
            INTERPRETER_DELETE.invokeExact(interpreter);
            if (delegate != 0) {
                XNNPACK_DELETE.invokeExact(delegate);
            }
            OPTIONS_DELETE.invokeExact(options);
            MODEL_DELETE.invokeExact(model);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        shared.close();
    }
}
