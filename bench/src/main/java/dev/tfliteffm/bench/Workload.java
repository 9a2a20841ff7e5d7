package dev.tfliteffm.bench;

import dev.tfliteffm.modelwriter.MobileNetConfig;
import dev.tfliteffm.modelwriter.SampleModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The models every contender runs, with the one signature, input and output each benchmark uses, and the
 * deterministic input data they all write. Shared models are read in place from {@code ../shared/models}
 * (or {@code TFLITE_SHARED_MODELS}); the model writer's conv nets are written once into
 * {@code TFLITE_BENCH_MODELS} (default {@code bench/target/models}).
 */
public enum Workload {

    /** Tiny, overhead-bound: 3 FULLY_CONNECTED layers, 1 float in, 1 float out. */
    hello_world(
            "tiny",
            "hello_world_float.tflite",
            null,
            "serving_default",
            "dense_input",
            "dense_2",
            Type.FLOAT32,
            new int[] {1, 1},
            Type.FLOAT32,
            new int[] {1, 1}),
    /** Mid: dense MNIST classifier, 784 floats in, 10 out. */
    mnist_dense(
            "mid",
            "mnist_dense_float.tflite",
            null,
            "serving_default",
            "dense_input",
            "activation_2",
            Type.FLOAT32,
            new int[] {1, 784},
            Type.FLOAT32,
            new int[] {1, 10}),
    /** Large: an int8 MobileNet v2 (224×224, NCHW), no SignatureDefs: the placeholder signature. */
    mobilenet_v2_int8(
            "large",
            "mobilenet_v2_int8_1x3x224x224.tflite",
            null,
            null,
            "input.5",
            "Xq.1",
            Type.INT8,
            new int[] {1, 3, 224, 224},
            Type.INT8,
            new int[] {1, 1000}),
    /** Large: the model writer's float MobileNet-style conv net, {@link Convnet}. */
    convnet_float(
            "large",
            "convnet_float_" + convnetTag() + ".tflite",
            () -> SampleModels.mobileNetFloat(Convnet.CONFIG),
            "serving_default",
            "image",
            "probabilities",
            Type.FLOAT32,
            new int[] {1, Convnet.CONFIG.inputSize(), Convnet.CONFIG.inputSize(), 3},
            Type.FLOAT32,
            new int[] {1, Convnet.CONFIG.numClasses()}),
    /** Large: the int8 version of {@link #convnet_float} (float in and out, QUANTIZE/DEQUANTIZE inside). */
    convnet_int8(
            "large",
            "convnet_int8_" + convnetTag() + ".tflite",
            () -> SampleModels.mobileNetInt8(Convnet.CONFIG),
            "serving_default",
            "image",
            "probabilities",
            Type.FLOAT32,
            new int[] {1, Convnet.CONFIG.inputSize(), Convnet.CONFIG.inputSize(), 3},
            Type.FLOAT32,
            new int[] {1, Convnet.CONFIG.numClasses()});

    /** The conv nets' size: a few milliseconds per invoke on one core (see {@link Convnet}). */
    public static final MobileNetConfig CONVNET = Convnet.CONFIG;

    /**
     * The conv nets' size, overridable with {@code -Dbench.convnet.size}, {@code .alpha} and {@code .depth}
     * (a holder class, since enum constants cannot read the enum's own static fields).
     */
    public static final class Convnet {
        public static final MobileNetConfig CONFIG = MobileNetConfig.of(
                Integer.getInteger("bench.convnet.size", 192),
                Float.parseFloat(System.getProperty("bench.convnet.alpha", "0.75")),
                Integer.getInteger("bench.convnet.depth", 13));

        private Convnet() {}
    }

    /** Element types of the inputs and outputs used here. */
    public enum Type {
        FLOAT32(4),
        INT8(1);

        public final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }
    }

    public final String size;
    private final String fileName;
    private final Supplier<byte[]> generator;
    /** The signature key, or null for a model without SignatureDefs (the placeholder signature). */
    public final String signature;

    public final String inputName;
    public final String outputName;
    public final Type inputType;
    public final int[] inputShape;
    public final Type outputType;
    public final int[] outputShape;

    Workload(
            String size,
            String fileName,
            Supplier<byte[]> generator,
            String signature,
            String inputName,
            String outputName,
            Type inputType,
            int[] inputShape,
            Type outputType,
            int[] outputShape) {
        this.size = size;
        this.fileName = fileName;
        this.generator = generator;
        this.signature = signature;
        this.inputName = inputName;
        this.outputName = outputName;
        this.inputType = inputType;
        this.inputShape = inputShape;
        this.outputType = outputType;
        this.outputShape = outputShape;
    }

    private static String convnetTag() {
        return Convnet.CONFIG.inputSize() + "_" + Convnet.CONFIG.widthMultiplier() + "_" + Convnet.CONFIG.depth();
    }

    public int inputElements() {
        return Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
    }

    public int outputElements() {
        return Arrays.stream(outputShape).reduce(1, Math::multiplyExact);
    }

    public int inputBytes() {
        return inputElements() * inputType.bytes;
    }

    public int outputBytes() {
        return outputElements() * outputType.bytes;
    }

    /** Whether the model is one of the model writer's (generated here) rather than a shared file. */
    public boolean generated() {
        return generator != null;
    }

    /** A human description for tables. */
    public String description() {
        return switch (this) {
            case hello_world -> "hello_world_float (tiny)";
            case mnist_dense -> "mnist_dense_float (mid)";
            case mobilenet_v2_int8 -> "mobilenet_v2_int8 224 (large)";
            case convnet_float ->
                "conv net float " + CONVNET.inputSize() + "/" + CONVNET.widthMultiplier() + "/" + CONVNET.depth()
                        + " (large)";
            case convnet_int8 ->
                "conv net int8 " + CONVNET.inputSize() + "/" + CONVNET.widthMultiplier() + "/" + CONVNET.depth()
                        + " (large)";
        };
    }

    /** The model file, written first if it is a generated one that is not there yet. */
    public synchronized Path path() {
        if (generator == null) {
            Path p = sharedModels().resolve(fileName);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(
                        "model " + p + " not found; set TFLITE_SHARED_MODELS to the shared models folder");
            }
            return p;
        }
        Path p = generatedModels().resolve(fileName);
        if (!Files.isRegularFile(p)) {
            try {
                Files.createDirectories(p.getParent());
                Path tmp = Files.createTempFile(p.getParent(), fileName, ".tmp");
                Files.write(tmp, generator.get());
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    /** The folder of the shared models: {@code TFLITE_SHARED_MODELS}, else {@code shared/models} beside an enclosing folder. */
    public static Path sharedModels() {
        String env = System.getProperty("tflite.shared.models", System.getenv("TFLITE_SHARED_MODELS"));
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("models");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no shared/models folder found above " + Path.of("").toAbsolutePath() + "; set TFLITE_SHARED_MODELS");
    }

    /** Where generated models are written: {@code TFLITE_BENCH_MODELS}, else {@code target/models}. */
    public static Path generatedModels() {
        String env = System.getProperty("tflite.bench.models", System.getenv("TFLITE_BENCH_MODELS"));
        return Path.of(env != null && !env.isBlank() ? env : "target/models").toAbsolutePath();
    }

    private volatile float[] floatInput;
    private volatile byte[] byteInput;

    /** The input values, the same for every contender: pseudo-random, in [-1, 1) for floats. Shared: sessions take a copy (a shared array next to
     * another thread's output array would put both in one cache line). */
    public float[] floatInput() {
        float[] v = floatInput;
        if (v == null) {
            floatInput = v = makeFloatInput();
        }
        return v;
    }

    /** The input values of an int8 input. Shared: sessions take a copy. */
    public byte[] byteInput() {
        byte[] v = byteInput;
        if (v == null) {
            byteInput = v = makeByteInput();
        }
        return v;
    }

    private float[] makeFloatInput() {
        SplittableRandom r = new SplittableRandom(42);
        float[] v = new float[inputElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private byte[] makeByteInput() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] v = new byte[inputElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) r.nextInt(-128, 128);
        }
        return v;
    }

    /** The input as raw little-endian bytes (what the C loop and direct buffers get). */
    public byte[] rawInput() {
        if (inputType == Type.INT8) {
            return byteInput();
        }
        float[] f = floatInput();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(f.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        return b.array();
    }

    /** Parses a JMH parameter value. */
    public static Workload of(String name) {
        return valueOf(name.toLowerCase(Locale.ROOT));
    }
}
