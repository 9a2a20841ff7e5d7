package dev.tfliteffm.bench;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.SignatureRunner;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Contender 2, JavaCPP's JNI build of the same TFLite 2.21.0 library (C++ API: FlatBufferModel,
 * InterpreterBuilder, Interpreter, SignatureRunner).
 *
 * <p>XNNPACK: TFLite's {@code BuiltinOpResolver} applies its default XNNPACK delegate (with the interpreter's
 * thread count) when tensors are first allocated; {@code BuiltinOpResolverWithoutDefaultDelegates} does not.
 * JavaCPP's presets do not map {@code TfLiteXNNPackDelegateCreate}, so that is how it is switched.
 *
 * <p>Every JavaCPP object is kept in a field for the session's life and fenced in {@link #close()}: JavaCPP
 * frees native objects when their Java peers are collected, and TFLite crashes in Invoke when the model goes.
 */
public final class JavaCppSession implements AutoCloseable {

    private final Workload workload;
    private final FlatBufferModel model;
    private final OpResolver resolver;
    private final InterpreterBuilder builder;
    private final Interpreter interpreter;
    private final SignatureRunner runner;
    private final TfLiteTensor inTensor;
    private final TfLiteTensor outTensor;
    private final boolean floatIn;
    private final boolean floatOut;
    private final float[] inF;
    private final byte[] inB;
    private final float[] outF;
    private final byte[] outB;
    // Hand-tuned: NIO views of the tensors' buffers, made once.
    private final ByteBuffer inBytes;
    private final ByteBuffer outBytes;
    private final FloatBuffer inFloats;
    private final FloatBuffer outFloats;
    private final String signature;

    public JavaCppSession(Workload workload, boolean xnnpack, int threads) {
        this.workload = workload;
        this.model = FlatBufferModel.BuildFromFile(workload.path().toString());
        if (model == null || model.isNull()) {
            throw new IllegalStateException("JavaCPP could not load " + workload.path());
        }
        this.resolver = xnnpack ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
        this.builder = new InterpreterBuilder(model, resolver);
        check(builder.SetNumThreads(threads), "SetNumThreads");
        this.interpreter = new Interpreter((Pointer) null);
        check(builder.apply(interpreter), "InterpreterBuilder");
        this.signature = workload.signature;
        // A null key gives TFLite's placeholder signature for a model without SignatureDefs.
        this.runner = interpreter.GetSignatureRunner(signature);
        if (runner == null || runner.isNull()) {
            throw new IllegalStateException("JavaCPP: no signature runner '" + signature + "' in " + workload);
        }
        check(runner.AllocateTensors(), "AllocateTensors");
        this.inTensor = runner.input_tensor(workload.inputName);
        this.outTensor = runner.output_tensor(workload.outputName);
        if (inTensor.bytes() != workload.inputBytes() || outTensor.bytes() != workload.outputBytes()) {
            throw new IllegalStateException(workload + ": tensor sizes " + inTensor.bytes() + "/" + outTensor.bytes());
        }
        this.floatIn = workload.inputType == Workload.Type.FLOAT32;
        this.floatOut = workload.outputType == Workload.Type.FLOAT32;
        this.inF = floatIn ? workload.floatInput().clone() : null;
        this.inB = floatIn ? null : workload.byteInput().clone();
        this.outF = floatOut ? new float[workload.outputElements()] : null;
        this.outB = floatOut ? null : new byte[workload.outputElements()];
        this.inBytes =
                inTensor.data().raw().capacity(inTensor.bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
        this.outBytes = outTensor
                .data()
                .raw()
                .capacity(outTensor.bytes())
                .asByteBuffer()
                .order(ByteOrder.nativeOrder());
        this.inFloats = inBytes.asFloatBuffer();
        this.outFloats = outBytes.asFloatBuffer();
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException("JavaCPP TFLite " + what + " failed with status " + status);
        }
    }

    /** Best hand-tuned form: cached tensors and NIO views of their buffers; one JNI call (Invoke) per step. */
    public Object tuned() {
        if (floatIn) {
            inFloats.put(0, inF);
        } else {
            inBytes.put(0, inB);
        }
        check(runner.Invoke(), "Invoke");
        if (floatOut) {
            outFloats.get(0, outF);
            return outF;
        }
        outBytes.get(0, outB);
        return outB;
    }

    /** Idiomatic form: tensors looked up by name and data pointers fetched per call, as JavaCPP's samples do. */
    public Object idiomatic() {
        TfLiteTensor input = runner.input_tensor(workload.inputName);
        if (floatIn) {
            input.data().f().put(inF);
        } else {
            input.data().int8().put(inB);
        }
        check(runner.Invoke(), "Invoke");
        TfLiteTensor output = runner.output_tensor(workload.outputName);
        if (floatOut) {
            output.data().f().get(outF);
            return outF;
        }
        output.data().int8().get(outB);
        return outB;
    }

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
        // Deleting the interpreter first, then the model: the order TFLite needs.
        interpreter.deallocate();
        Reference.reachabilityFence(runner);
        Reference.reachabilityFence(inTensor);
        Reference.reachabilityFence(outTensor);
        builder.deallocate();
        resolver.deallocate();
        model.deallocate();
    }
}
