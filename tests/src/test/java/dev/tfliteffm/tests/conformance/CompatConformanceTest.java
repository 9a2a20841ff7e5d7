package dev.tfliteffm.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.DataType;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.Interpreter;

/**
 * The official API on this runtime ({@code org.tensorflow.lite}, module {@code dev.tfliteffm.compat}) gives byte
 * for byte what the runtime's own {@code SignatureRunner.run(Map)} gives, on every runnable shared model, each
 * signature (the primary subgraph by index for models without signatures), with XNNPACK off and on; inputs as
 * direct Buffers and as shaped Java arrays.
 */
class CompatConformanceTest {

    record Case(Path model, String key, boolean xnnpack) {
        @Override
        public String toString() {
            return model.getFileName() + " [" + (key == null ? "primary subgraph" : key) + "] xnnpack "
                    + (xnnpack ? "on" : "off");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Path model : ConformanceModels.runnable()) {
            for (String key : ConformanceModels.signatureKeys(model)) {
                for (boolean xnnpack : new boolean[] {false, true}) {
                    cases.add(Arguments.of(new Case(model, key, xnnpack)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBytesAsRunMap(Case c) {
        try (Model model = Model.fromFile(c.model());
                dev.tfliteffm.Interpreter runtime = dev.tfliteffm.Interpreter.create(
                        model,
                        InterpreterOptions.builder()
                                .threads(1)
                                .xnnpack(c.xnnpack())
                                .build());
                // One compat interpreter per input kind: models with state (the LSTM) then see the same runs.
                Interpreter compatBuffers = compat(c);
                Interpreter compatArrays = compat(c)) {
            SignatureRunner runner = c.key() == null ? runtime.defaultRunner() : runtime.runner(c.key());
            for (long seed = 1; seed <= 2; seed++) {
                Map<String, NdArray> inputs = inputs(runner, seed);
                Map<String, NdArray> expected = runner.run(inputs);
                Map<String, byte[]> viaBuffers = runCompat(compatBuffers, c.key(), inputs, expected, true);
                Map<String, byte[]> viaArrays = runCompat(compatArrays, c.key(), inputs, expected, false);
                for (Map.Entry<String, NdArray> e : expected.entrySet()) {
                    byte[] want = e.getValue().toBytes(ByteOrder.nativeOrder());
                    assertArrayEquals(want, viaBuffers.get(e.getKey()), c + " output " + e.getKey() + " (Buffers)");
                    assertArrayEquals(want, viaArrays.get(e.getKey()), c + " output " + e.getKey() + " (arrays)");
                }
            }
        }
    }

    private static Interpreter compat(Case c) {
        return new Interpreter(
                c.model().toFile(), new Interpreter.Options().setNumThreads(1).setUseXNNPACK(c.xnnpack()));
    }

    /** Deterministic inputs of each input's current shape: floats in [-1, 1), integers over their range. */
    private static Map<String, NdArray> inputs(SignatureRunner runner, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NdArray> inputs = new LinkedHashMap<>();
        for (String name : runner.inputNames()) {
            Tensor t = runner.input(name);
            int n = Math.toIntExact(t.elementCount());
            byte[] bytes = new byte[n * t.dataType().byteSize()];
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                switch (t.dataType()) {
                    case FLOAT32 -> b.putFloat((float) (random.nextDouble() * 2 - 1));
                    case INT32 -> b.putInt(random.nextInt(-1000, 1000));
                    case INT64 -> b.putLong(random.nextLong(-1000, 1000));
                    case INT16 -> b.putShort((short) random.nextInt());
                    case INT8, UINT8 -> b.put((byte) random.nextInt());
                    default -> throw new AssertionError("no inputs of type " + t.dataType() + " in the shared models");
                }
            }
            inputs.put(
                    name,
                    NdArray.fromBytes(
                            t.dataType(),
                            java.lang.foreign.MemorySegment.ofArray(bytes),
                            ByteOrder.nativeOrder(),
                            t.shape()));
        }
        return inputs;
    }

    /** Runs the compat interpreter on the same inputs, as direct Buffers or shaped arrays; the outputs' bytes. */
    private static Map<String, byte[]> runCompat(
            Interpreter compat,
            String key,
            Map<String, NdArray> inputs,
            Map<String, NdArray> expected,
            boolean buffers) {
        Map<String, Object> in = new HashMap<>();
        for (Map.Entry<String, NdArray> e : inputs.entrySet()) {
            in.put(e.getKey(), buffers ? directBuffer(e.getValue()) : shaped(e.getValue()));
        }
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, NdArray> e : expected.entrySet()) {
            NdArray a = e.getValue();
            boolean scalar = a.shape().length == 0; // the official API copies scalars only into Buffers
            out.put(
                    e.getKey(),
                    buffers || scalar
                            ? ByteBuffer.allocateDirect(a.toBytes(ByteOrder.nativeOrder()).length)
                                    .order(ByteOrder.nativeOrder())
                            : Array.newInstance(javaType(a.dataType()), a.shape()));
        }
        if (key != null) {
            compat.runSignature(in, out, key);
        } else {
            // The default runner names the primary subgraph's inputs and outputs after their tensors.
            assertEquals(in.size(), compat.getInputTensorCount());
            Object[] byIndex = new Object[in.size()];
            for (int i = 0; i < byIndex.length; i++) {
                byIndex[i] = in.get(compat.getInputTensor(i).name());
            }
            Map<Integer, Object> outByIndex = new HashMap<>();
            for (int i = 0; i < compat.getOutputTensorCount(); i++) {
                outByIndex.put(i, out.get(compat.getOutputTensor(i).name()));
            }
            compat.runForMultipleInputsOutputs(byIndex, outByIndex);
        }
        Map<String, byte[]> bytes = new HashMap<>();
        for (Map.Entry<String, Object> e : out.entrySet()) {
            bytes.put(e.getKey(), bytesOf(e.getValue()));
        }
        return bytes;
    }

    private static ByteBuffer directBuffer(NdArray a) {
        byte[] bytes = a.toBytes(ByteOrder.nativeOrder());
        return ByteBuffer.allocateDirect(bytes.length)
                .order(ByteOrder.nativeOrder())
                .put(bytes)
                .rewind();
    }

    /** A Java array of the array's shape (a boxed scalar for shape []), filled from its data. */
    private static Object shaped(NdArray a) {
        Object flat = a.data();
        if (a.shape().length == 0) {
            return Array.get(flat, 0);
        }
        Object array = Array.newInstance(javaType(a.dataType()), a.shape());
        fill(array, flat, new int[] {0});
        return array;
    }

    private static void fill(Object array, Object flat, int[] at) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                fill(row, flat, at);
            }
        } else {
            int n = Array.getLength(array);
            System.arraycopy(flat, at[0], array, 0, n);
            at[0] += n;
        }
    }

    private static Class<?> javaType(DataType type) {
        return switch (type) {
            case FLOAT32 -> float.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case INT16 -> short.class;
            case INT8, UINT8 -> byte.class;
            default -> throw new AssertionError("no Java array type for " + type);
        };
    }

    /** The bytes of an output Buffer (from 0 to its position) or nested array, in native order. */
    private static byte[] bytesOf(Object output) {
        if (output instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.position()];
            b.get(0, bytes);
            return bytes;
        }
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.nativeOrder());
        put(output, b);
        byte[] bytes = new byte[b.position()];
        b.get(0, bytes);
        return bytes;
    }

    private static void put(Object array, ByteBuffer b) {
        switch (array) {
            case Object[] rows -> {
                for (Object row : rows) {
                    put(row, b);
                }
            }
            case float[] a -> b.asFloatBuffer().put(a).position();
            case int[] a -> b.asIntBuffer().put(a);
            case long[] a -> b.asLongBuffer().put(a);
            case short[] a -> b.asShortBuffer().put(a);
            case byte[] a -> b.put(a);
            default -> throw new AssertionError(array.getClass());
        }
        if (!(array instanceof Object[]) && !(array instanceof byte[])) {
            b.position(b.position() + Array.getLength(array) * elementBytes(array));
        }
    }

    private static int elementBytes(Object array) {
        return switch (array) {
            case float[] ignored -> 4;
            case int[] ignored -> 4;
            case long[] ignored -> 8;
            case short[] ignored -> 2;
            default -> 1;
        };
    }
}
