package dev.tfliteffm.bench;

import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.Interpreter;

/**
 * The official Java API's array paths, written against {@code org.tensorflow.lite} and nothing else: the same calls
 * as {@link OfficialSession#run()} and {@link OfficialSession#runSignatureArrays()}. Compiled against DJL's copy of
 * the official classes (which only declares them); {@link CompatLoader} loads this class next to the compat module's
 * {@code org.tensorflow.lite}, where the same bytecode runs on tflite-ffm.
 */
public final class ApiSession implements ApiSteps {

    private final Workload workload;
    private final Interpreter interpreter;
    private final Object inArray;
    private final Object outArray;
    private final Map<String, Object> inArrays = new HashMap<>();
    private final Map<String, Object> outArrays = new HashMap<>();

    public ApiSession(Workload workload, boolean xnnpack, int threads) {
        this.workload = workload;
        Interpreter.Options options =
                new Interpreter.Options().setNumThreads(threads).setUseXNNPACK(xnnpack);
        this.interpreter = new Interpreter(workload.path().toFile(), options);
        boolean floatIn = workload.inputType == Workload.Type.FLOAT32;
        boolean floatOut = workload.outputType == Workload.Type.FLOAT32;
        this.inArray = shaped(
                floatIn ? float.class : byte.class,
                workload.inputShape,
                floatIn ? workload.floatInput().clone() : workload.byteInput().clone());
        this.outArray = shaped(floatOut ? float.class : byte.class, workload.outputShape, null);
        inArrays.put(workload.inputName, inArray);
        outArrays.put(workload.outputName, outArray);
    }

    @Override
    public Object run() {
        interpreter.run(inArray, outArray);
        return outArray;
    }

    @Override
    public Object runSignature() {
        interpreter.runSignature(inArrays, outArrays, workload.signature);
        return outArray;
    }

    @Override
    public float[] lastOutput() {
        float[] flat = new float[workload.outputElements()];
        flatten(outArray, flat, new int[] {0});
        return flat;
    }

    @Override
    public void close() {
        interpreter.close();
    }

    /** A multi-dimensional array of {@code shape}, filled from the flat {@code data} if given. */
    private static Object shaped(Class<?> element, int[] shape, Object data) {
        Object array = Array.newInstance(element, shape);
        if (data != null) {
            fill(array, data, new int[] {0});
        }
        return array;
    }

    private static void fill(Object array, Object data, int[] offset) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                fill(row, data, offset);
            }
        } else {
            int n = Array.getLength(array);
            System.arraycopy(data, offset[0], array, 0, n);
            offset[0] += n;
        }
    }

    private static void flatten(Object array, float[] flat, int[] offset) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                flatten(row, flat, offset);
            }
        } else {
            for (int i = 0; i < Array.getLength(array); i++) {
                flat[offset[0]++] = ((Number) Array.get(array, i)).floatValue();
            }
        }
    }
}
