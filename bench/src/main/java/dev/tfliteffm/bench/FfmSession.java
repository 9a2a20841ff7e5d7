package dev.tfliteffm.bench;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * Contender 1, this runtime: one interpreter over one model, running the workload's signature.
 *
 * <p>{@link #prepared()} is the documented zero-allocation path: the runner's tensors and their
 * {@code data()} segments are obtained once; each call copies the input array into the input segment, invokes,
 * and copies the output segment into the output array. {@link #run()} is the one-call {@code run(Map)} path, and
 * {@link #runInto()} the one-call path into the caller's array, {@code run(Map, Map)}.
 */
public final class FfmSession implements AutoCloseable {

    private final Workload workload;
    private final Model model;
    private final Interpreter interpreter;
    private final SignatureRunner runner;
    private final MemorySegment in;
    private final MemorySegment out;
    private final boolean floatIn;
    private final boolean floatOut;
    private final float[] inF;
    private final byte[] inB;
    private final float[] outF;
    private final byte[] outB;
    private final Map<String, Object> values;
    private final Map<String, Object> outputs;

    public FfmSession(Workload workload, boolean xnnpack, int threads) {
        this(workload, xnnpack, threads, true);
    }

    /** {@code cancellable}: the interpreter option (the runtime's default is on; the C loop has it off). */
    public FfmSession(Workload workload, boolean xnnpack, int threads, boolean cancellable) {
        this.workload = workload;
        this.model = Model.fromFile(workload.path());
        this.interpreter = Interpreter.create(
                model,
                InterpreterOptions.builder()
                        .threads(threads)
                        .xnnpack(xnnpack)
                        .cancellable(cancellable)
                        .build());
        this.runner = workload.signature == null ? interpreter.defaultRunner() : interpreter.runner(workload.signature);
        runner.allocateTensors();
        this.in = runner.input(workload.inputName).data();
        this.out = runner.output(workload.outputName).data();
        this.floatIn = workload.inputType == Workload.Type.FLOAT32;
        this.floatOut = workload.outputType == Workload.Type.FLOAT32;
        this.inF = floatIn ? workload.floatInput().clone() : null;
        this.inB = floatIn ? null : workload.byteInput().clone();
        this.outF = floatOut ? new float[workload.outputElements()] : null;
        this.outB = floatOut ? null : new byte[workload.outputElements()];
        // Built once: what run(Map) itself allocates is measured, not the caller's Map.of.
        this.values = Map.of(workload.inputName, floatIn ? inF : inB);
        this.outputs = Map.of(workload.outputName, floatOut ? outF : outB);
        if (in.byteSize() != workload.inputBytes() || out.byteSize() != workload.outputBytes()) {
            throw new IllegalStateException(workload + ": tensor sizes " + in.byteSize() + "/" + out.byteSize()
                    + " differ from the expected " + workload.inputBytes() + "/" + workload.outputBytes());
        }
    }

    /** Write the input through the segment, invoke, read the output through the segment. */
    public Object prepared() {
        if (floatIn) {
            MemorySegment.copy(inF, 0, in, ValueLayout.JAVA_FLOAT, 0, inF.length);
        } else {
            MemorySegment.copy(inB, 0, in, ValueLayout.JAVA_BYTE, 0, inB.length);
        }
        runner.invoke();
        if (floatOut) {
            MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, outF, 0, outF.length);
            return outF;
        }
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, outB, 0, outB.length);
        return outB;
    }

    /** One call: {@code runner.run(Map)}, returning the output's array (a fresh copy made by run). */
    public Object run() {
        NdArray result = runner.run(values).get(workload.outputName);
        return result.data();
    }

    /** One call into the output array: {@code runner.run(Map, Map)}, as the official API's runSignature. */
    public Object runInto() {
        runner.run(values, outputs);
        return floatOut ? outF : outB;
    }

    /** The output of the last call, as floats (dequantized by nothing: int8 outputs as their raw values). */
    public float[] lastOutput() {
        if (floatOut) {
            return outF.clone();
        }
        float[] f = new float[outB.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = outB[i];
        }
        return f;
    }

    @Override
    public void close() {
        interpreter.close();
        model.close();
    }
}
