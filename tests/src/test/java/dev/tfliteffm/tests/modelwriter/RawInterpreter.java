package dev.tfliteffm.tests.modelwriter;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads model bytes into a real TFLite interpreter through the generated bindings only (the runtime API is
 * written separately) and runs signatures. The model bytes live in a 16-byte aligned native segment for as long
 * as the interpreter, since {@code TfLiteModelCreate} does not copy them. TFLite's error messages are collected
 * (formatted by libc's vsnprintf) so tests can assert on them.
 */
final class RawInterpreter implements AutoCloseable {

    private static final MethodHandle VSNPRINTF;
    private static final MethodHandle REPORT;

    static {
        Linker linker = Linker.nativeLinker();
        VSNPRINTF = linker.downcallHandle(
                linker.defaultLookup().find("vsnprintf").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS));
        try {
            REPORT = MethodHandles.lookup()
                    .findVirtual(
                            RawInterpreter.class,
                            "report",
                            MethodType.methodType(
                                    void.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final List<String> errors = new ArrayList<>();
    private final MemorySegment model;
    private final MemorySegment options;
    private final MemorySegment interpreter;
    private final List<Runner> runners = new ArrayList<>();

    private RawInterpreter(byte[] tflite, Consumer<MemorySegment> configure) {
        MemorySegment bytes = arena.allocate(tflite.length, 16);
        bytes.copyFrom(MemorySegment.ofArray(tflite));
        model = TfLite.TfLiteModelCreate(bytes, tflite.length);
        if (model.equals(MemorySegment.NULL)) {
            arena.close();
            throw new IllegalStateException("TfLiteModelCreate refused the model");
        }
        options = TfLite.TfLiteInterpreterOptionsCreate();
        TfLite.TfLiteInterpreterOptionsSetNumThreads(options, 1);
        MemorySegment reporter = Linker.nativeLinker()
                .upcallStub(
                        REPORT.bindTo(this),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                        arena);
        TfLite.TfLiteInterpreterOptionsSetErrorReporter(options, reporter, MemorySegment.NULL);
        configure.accept(options);
        interpreter = TfLite.TfLiteInterpreterCreate(model, options);
    }

    /** An interpreter for these model bytes with the default (builtin) op resolver. */
    static RawInterpreter load(byte[] tflite) {
        return load(tflite, options -> {});
    }

    /** An interpreter for these model bytes; {@code configure} may change the options first (e.g. add custom ops). */
    static RawInterpreter load(byte[] tflite, Consumer<MemorySegment> configure) {
        RawInterpreter raw = new RawInterpreter(tflite, configure);
        if (raw.interpreter.equals(MemorySegment.NULL)) {
            String why = String.join("; ", raw.errors);
            raw.close();
            throw new IllegalStateException("TfLiteInterpreterCreate failed: " + why);
        }
        return raw;
    }

    /** The arena that lives as long as this interpreter (for upcall stubs and the like). */
    Arena arena() {
        return arena;
    }

    /** TFLite's error messages so far. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    MemorySegment handle() {
        return interpreter;
    }

    List<String> signatureKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < TfLite.TfLiteInterpreterGetSignatureCount(interpreter); i++) {
            keys.add(TfLite.TfLiteInterpreterGetSignatureKey(interpreter, i).getString(0));
        }
        return keys;
    }

    /** The signature runner for this key (kept until the interpreter closes). */
    Runner runner(String signatureKey) {
        MemorySegment runner =
                TfLite.TfLiteInterpreterGetSignatureRunner(interpreter, arena.allocateFrom(signatureKey));
        if (runner.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("No signature '" + signatureKey + "'; the model has " + signatureKeys());
        }
        Runner r = new Runner(runner);
        runners.add(r);
        return r;
    }

    /** Zeroes the variable tensors (TfLiteInterpreterResetVariableTensors). */
    void resetVariableTensors() {
        check(TfLite.TfLiteInterpreterResetVariableTensors(interpreter), "ResetVariableTensors");
    }

    @Override
    public void close() {
        for (Runner r : runners) {
            TfLite.TfLiteSignatureRunnerDelete(r.handle);
        }
        if (interpreter != null && !interpreter.equals(MemorySegment.NULL)) {
            TfLite.TfLiteInterpreterDelete(interpreter);
        }
        TfLite.TfLiteInterpreterOptionsDelete(options);
        TfLite.TfLiteModelDelete(model);
        arena.close();
    }

    private void check(int status, String what) {
        if (status != TfLite.kTfLiteOk()) {
            throw new IllegalStateException(what + " returned status " + status + ": " + String.join("; ", errors));
        }
    }

    @SuppressWarnings("unused") // called by TFLite through the upcall stub
    private void report(MemorySegment userData, MemorySegment format, MemorySegment args) {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment buffer = local.allocate(2048);
            int n = (int) VSNPRINTF.invokeExact(buffer, 2048L, format, args);
            synchronized (errors) {
                errors.add(
                        n < 0
                                ? format.reinterpret(2048).getString(0)
                                : buffer.getString(0).strip());
            }
        } catch (Throwable t) {
            errors.add("(unformattable error: " + t + ")");
        }
    }

    /** One signature runner: resize, allocate, set inputs, invoke, read outputs. */
    final class Runner {
        private final MemorySegment handle;

        private Runner(MemorySegment handle) {
            this.handle = handle;
        }

        List<String> inputNames() {
            List<String> names = new ArrayList<>();
            for (long i = 0; i < TfLite.TfLiteSignatureRunnerGetInputCount(handle); i++) {
                names.add(TfLite.TfLiteSignatureRunnerGetInputName(handle, (int) i)
                        .getString(0));
            }
            return names;
        }

        List<String> outputNames() {
            List<String> names = new ArrayList<>();
            for (long i = 0; i < TfLite.TfLiteSignatureRunnerGetOutputCount(handle); i++) {
                names.add(TfLite.TfLiteSignatureRunnerGetOutputName(handle, (int) i)
                        .getString(0));
            }
            return names;
        }

        Runner resize(String input, int... dims) {
            MemorySegment d = arena.allocateFrom(ValueLayout.JAVA_INT, dims);
            check(
                    TfLite.TfLiteSignatureRunnerResizeInputTensor(handle, arena.allocateFrom(input), d, dims.length),
                    "ResizeInputTensor(" + input + ")");
            return this;
        }

        /** AllocateTensors; returns the status rather than failing, for tests of failures. */
        int tryAllocate() {
            return TfLite.TfLiteSignatureRunnerAllocateTensors(handle);
        }

        Runner allocate() {
            check(tryAllocate(), "AllocateTensors");
            return this;
        }

        MemorySegment input(String name) {
            MemorySegment t = TfLite.TfLiteSignatureRunnerGetInputTensor(handle, arena.allocateFrom(name));
            if (t.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("No input '" + name + "'; inputs: " + inputNames());
            }
            return t;
        }

        MemorySegment output(String name) {
            MemorySegment t = TfLite.TfLiteSignatureRunnerGetOutputTensor(handle, arena.allocateFrom(name));
            if (t.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("No output '" + name + "'; outputs: " + outputNames());
            }
            return t;
        }

        /** Copies raw bytes into an input (its byte size must match, as TfLiteTensorCopyFromBuffer checks). */
        Runner set(String name, byte[] data) {
            try (Arena local = Arena.ofConfined()) {
                MemorySegment src = local.allocate(Math.max(1, data.length));
                src.copyFrom(MemorySegment.ofArray(data));
                check(TfLite.TfLiteTensorCopyFromBuffer(input(name), src, data.length), "CopyFromBuffer(" + name + ")");
            }
            return this;
        }

        Runner set(String name, float... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return set(name, b.array());
        }

        Runner set(String name, int... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(values);
            return set(name, b.array());
        }

        /**
         * Writes a string buffer into a string input: TFLite sizes string tensors by their content, so the bytes
         * are placed with TfLiteTensorRealloc rather than copied into a preallocated buffer.
         */
        Runner setStrings(String name, byte[] stringBuffer) {
            MemorySegment tensor = input(name);
            check(TfLite.TfLiteTensorRealloc(stringBuffer.length, tensor), "TfLiteTensorRealloc(" + name + ")");
            // TfLiteTensor.bytes follows the data pointer; TfLiteTensorRealloc updates it too.
            MemorySegment data = TfLite.TfLiteTensorData(tensor).reinterpret(stringBuffer.length);
            data.copyFrom(MemorySegment.ofArray(stringBuffer));
            return this;
        }

        int invokeStatus() {
            return TfLite.TfLiteSignatureRunnerInvoke(handle);
        }

        Runner invoke() {
            check(invokeStatus(), "Invoke");
            return this;
        }

        byte[] bytes(String output) {
            return bytesOf(output(output));
        }

        byte[] inputBytes(String input) {
            return bytesOf(input(input));
        }

        float[] floats(String output) {
            ByteBuffer b = ByteBuffer.wrap(bytes(output)).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }

        int[] ints(String output) {
            ByteBuffer b = ByteBuffer.wrap(bytes(output)).order(ByteOrder.LITTLE_ENDIAN);
            int[] out = new int[b.remaining() / 4];
            b.asIntBuffer().get(out);
            return out;
        }

        int[] shape(String output) {
            return dims(output(output));
        }

        int[] inputShape(String input) {
            return dims(input(input));
        }

        int type(String output) {
            return TfLite.TfLiteTensorType(output(output));
        }

        int inputType(String input) {
            return TfLite.TfLiteTensorType(input(input));
        }
    }

    static byte[] bytesOf(MemorySegment tensor) {
        long size = TfLite.TfLiteTensorByteSize(tensor);
        MemorySegment data = TfLite.TfLiteTensorData(tensor);
        if (size == 0 || data.equals(MemorySegment.NULL)) {
            return new byte[0];
        }
        return data.reinterpret(size).toArray(ValueLayout.JAVA_BYTE);
    }

    static int[] dims(MemorySegment tensor) {
        int[] dims = new int[TfLite.TfLiteTensorNumDims(tensor)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = TfLite.TfLiteTensorDim(tensor, i);
        }
        return dims;
    }
}
