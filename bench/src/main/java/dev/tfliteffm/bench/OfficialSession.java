package dev.tfliteffm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.Interpreter;

/**
 * Contender 3, the official TensorFlow Lite Java API ({@code org.tensorflow.lite.Interpreter}, JNI), as DJL
 * ships it for desktop Linux: the classes come from {@code ai.djl.tflite:tflite-engine} (which bundles them) and
 * the native library {@code libtensorflowlite_jni.so} from {@code ai.djl.tflite:tflite-native-cpu:2.6.2}. That
 * is <b>TFLite 2.6.2</b>, older than the 2.21.0 the other contenders run.
 *
 * <p>Inputs and outputs as the API takes them: Java arrays shaped as the tensors ({@code float[1][784]}), or
 * direct ByteBuffers in native order. XNNPACK is {@code Interpreter.Options.setUseXNNPACK}.
 */
public final class OfficialSession implements AutoCloseable {

    private static boolean loaded;

    /** Extracts DJL's JNI library from the class path (once per user) and {@code System.load}s it. */
    public static synchronized void loadNativeLibrary() {
        if (loaded) {
            return;
        }
        String resource = "native/lib/libtensorflowlite_jni.so";
        try (InputStream s = OfficialSession.class.getClassLoader().getResourceAsStream(resource)) {
            if (s == null) {
                throw new IllegalStateException(
                        resource + " is not on the class path (ai.djl.tflite:tflite-native-cpu:2.6.2:linux-x86_64)");
            }
            byte[] bytes = s.readAllBytes();
            Path dir = Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "tflite-ffm-bench-" + System.getProperty("user.name"),
                    "djl-tflite-2.6.2");
            Files.createDirectories(dir);
            Path lib = dir.resolve("libtensorflowlite_jni.so");
            if (!Files.isRegularFile(lib) || Files.size(lib) != bytes.length) {
                Path tmp = Files.createTempFile(dir, "lib", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(lib.toString());
            loaded = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Workload workload;
    private final Interpreter interpreter;
    private final boolean floatIn;
    private final boolean floatOut;
    private final Object inArray;
    private final Object outArray;
    private final Map<String, Object> inArrays = new HashMap<>();
    private final Map<String, Object> outArrays = new HashMap<>();
    private final ByteBuffer inBuffer;
    private final ByteBuffer outBuffer;
    private final FloatBuffer inFloats;
    private final FloatBuffer outFloats;
    private final Map<String, Object> inBuffers = new HashMap<>();
    private final Map<String, Object> outBuffers = new HashMap<>();
    private final float[] inF;
    private final byte[] inB;
    private final float[] outF;
    private final byte[] outB;

    public OfficialSession(Workload workload, boolean xnnpack, int threads) {
        this(workload, xnnpack, threads, true);
    }

    /** {@code arrays}: whether to build the shaped Java arrays (not needed by the ByteBuffer calls). */
    public OfficialSession(Workload workload, boolean xnnpack, int threads, boolean arrays) {
        loadNativeLibrary();
        this.workload = workload;
        Interpreter.Options options =
                new Interpreter.Options().setNumThreads(threads).setUseXNNPACK(xnnpack);
        this.interpreter = new Interpreter(workload.path().toFile(), options);
        this.floatIn = workload.inputType == Workload.Type.FLOAT32;
        this.floatOut = workload.outputType == Workload.Type.FLOAT32;
        this.inF = floatIn ? workload.floatInput().clone() : null;
        this.inB = floatIn ? null : workload.byteInput().clone();
        this.outF = floatOut ? new float[workload.outputElements()] : null;
        this.outB = floatOut ? null : new byte[workload.outputElements()];
        this.inArray =
                arrays ? shaped(floatIn ? float.class : byte.class, workload.inputShape, floatIn ? inF : inB) : null;
        this.outArray = arrays ? shaped(floatOut ? float.class : byte.class, workload.outputShape, null) : null;
        this.inBuffer = ByteBuffer.allocateDirect(workload.inputBytes()).order(ByteOrder.nativeOrder());
        this.outBuffer = ByteBuffer.allocateDirect(workload.outputBytes()).order(ByteOrder.nativeOrder());
        this.inFloats = inBuffer.asFloatBuffer();
        this.outFloats = outBuffer.asFloatBuffer();
        inArrays.put(workload.inputName, inArray);
        outArrays.put(workload.outputName, outArray);
        inBuffers.put(workload.inputName, inBuffer);
        outBuffers.put(workload.outputName, outBuffer);
    }

    /** Whether {@code runSignature} applies: the model has SignatureDefs. */
    public boolean hasSignatures() {
        return workload.signature != null;
    }

    /** A multi-dimensional Java array of {@code shape}, filled from the flat {@code data} if given. */
    private static Object shaped(Class<?> element, int[] shape, Object data) {
        Object array = Array.newInstance(element, shape);
        if (data != null) {
            int[] offset = {0};
            fill(array, data, offset);
        }
        return array;
    }

    private static void fill(Object array, Object data, int[] offset) {
        Object first = Array.get(array, 0);
        if (first.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                fill(Array.get(array, i), data, offset);
            }
        } else {
            int n = Array.getLength(array);
            System.arraycopy(data, offset[0], array, 0, n);
            offset[0] += n;
        }
    }

    /** {@code Interpreter.run(input, output)} with shaped Java arrays. */
    public Object run() {
        interpreter.run(inArray, outArray);
        return outArray;
    }

    /** {@code Interpreter.runSignature(inputs, outputs)} with shaped Java arrays. */
    public Object runSignatureArrays() {
        interpreter.runSignature(inArrays, outArrays, workload.signature);
        return outArray;
    }

    /** {@code Interpreter.runSignature} with direct ByteBuffers: the input array written into, the output read out of them. */
    public Object runSignatureBuffers() {
        if (floatIn) {
            inFloats.put(0, inF);
        } else {
            inBuffer.put(0, inB);
        }
        inBuffer.rewind();
        outBuffer.rewind();
        interpreter.runSignature(inBuffers, outBuffers, workload.signature);
        if (floatOut) {
            outFloats.get(0, outF);
            return outF;
        }
        outBuffer.get(0, outB);
        return outB;
    }

    /** {@code Interpreter.run} with direct ByteBuffers (for models without signatures). */
    public Object runBuffers() {
        if (floatIn) {
            inFloats.put(0, inF);
        } else {
            inBuffer.put(0, inB);
        }
        inBuffer.rewind();
        outBuffer.rewind();
        interpreter.run(inBuffer, outBuffer);
        if (floatOut) {
            outFloats.get(0, outF);
            return outF;
        }
        outBuffer.get(0, outB);
        return outB;
    }

    /** The flat output of the last array call. */
    public float[] lastArrayOutput() {
        float[] flat = new float[workload.outputElements()];
        int[] offset = {0};
        flatten(outArray, flat, offset);
        return flat;
    }

    private static void flatten(Object array, float[] flat, int[] offset) {
        Object first = Array.get(array, 0);
        if (first.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                flatten(Array.get(array, i), flat, offset);
            }
        } else {
            for (int i = 0; i < Array.getLength(array); i++) {
                flat[offset[0]++] = ((Number) Array.get(array, i)).floatValue();
            }
        }
    }

    /** The flat output of the last buffer call. */
    public float[] lastBufferOutput() {
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
    }
}
