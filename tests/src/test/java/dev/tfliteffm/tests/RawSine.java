package dev.tfliteffm.tests;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** Runs a float32[1,1] → float32[1,1] model (the sine model) through the raw generated bindings only. */
final class RawSine {

    private RawSine() {}

    static float invoke(Path model, float x) {
        float[] y = invoke(model, new float[] {x});
        return y[0];
    }

    static float[] invoke(Path model, float[] xs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = TfLite.TfLiteModelCreateFromFile(arena.allocateFrom(model.toString()));
            if (m.equals(MemorySegment.NULL)) {
                throw new AssertionError("TfLiteModelCreateFromFile failed for " + model);
            }
            MemorySegment options = TfLite.TfLiteInterpreterOptionsCreate();
            TfLite.TfLiteInterpreterOptionsSetNumThreads(options, 1);
            MemorySegment interpreter = TfLite.TfLiteInterpreterCreate(m, options);
            try {
                check(TfLite.TfLiteInterpreterAllocateTensors(interpreter), "AllocateTensors");
                MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT);
                MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT);
                float[] ys = new float[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    in.set(ValueLayout.JAVA_FLOAT, 0, xs[i]);
                    check(
                            TfLite.TfLiteTensorCopyFromBuffer(
                                    TfLite.TfLiteInterpreterGetInputTensor(interpreter, 0), in, 4),
                            "CopyFromBuffer");
                    check(TfLite.TfLiteInterpreterInvoke(interpreter), "Invoke");
                    check(
                            TfLite.TfLiteTensorCopyToBuffer(
                                    TfLite.TfLiteInterpreterGetOutputTensor(interpreter, 0), out, 4),
                            "CopyToBuffer");
                    ys[i] = out.get(ValueLayout.JAVA_FLOAT, 0);
                }
                return ys;
            } finally {
                TfLite.TfLiteInterpreterDelete(interpreter);
                TfLite.TfLiteInterpreterOptionsDelete(options);
                TfLite.TfLiteModelDelete(m);
            }
        }
    }

    private static void check(int status, String what) {
        if (status != TfLite.kTfLiteOk()) {
            throw new AssertionError(what + " returned status " + status);
        }
    }
}
