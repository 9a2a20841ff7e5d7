package dev.tfliteffm.tests.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.DataType;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Inputs and comparisons shared by the pool and batch tests. */
final class PoolFixtures {

    static final InterpreterOptions XNNPACK_OFF =
            InterpreterOptions.builder().xnnpack(false).build();
    static final InterpreterOptions XNNPACK_ON =
            InterpreterOptions.builder().xnnpack(true).build();
    static final List<InterpreterOptions> BOTH = List.of(XNNPACK_OFF, XNNPACK_ON);

    private PoolFixtures() {}

    /** A short name for messages. */
    static String describe(InterpreterOptions options) {
        return options.xnnpack() ? "XNNPACK on" : "XNNPACK off";
    }

    /**
     * {@code count} seeded random items for {@code runner}'s inputs, each shaped as the input's shape signature
     * with -1 replaced by 1 (uniform in [-1, 1) for floats, the whole range for integers).
     */
    static List<Map<String, ?>> randomItems(SignatureRunner runner, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, ?>> items = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Map<String, Object> item = new LinkedHashMap<>();
            for (String name : runner.inputNames()) {
                Tensor t = runner.input(name);
                int[] shape = t.shapeSignature();
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = shape[d] < 0 ? 1 : shape[d];
                }
                item.put(name, random(t.dataType(), shape, random));
            }
            items.add(item);
        }
        return items;
    }

    /** A random array of {@code type} and {@code shape}. */
    static NdArray random(DataType type, int[] shape, SplittableRandom random) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return switch (type) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) (random.nextDouble() * 2 - 1);
                }
                yield NdArray.of(a, shape);
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) random.nextInt(256);
                }
                yield NdArray.of(type, a, shape);
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) random.nextInt(65536);
                }
                yield NdArray.of(a, shape);
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextInt();
                }
                yield NdArray.of(a, shape);
            }
            default -> throw new AssertionError("no random inputs for " + type);
        };
    }

    /** Asserts that two output maps have the same names, types, shapes and bytes. */
    static void assertSameOutputs(Map<String, NdArray> expected, Map<String, NdArray> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": output names");
        for (Map.Entry<String, NdArray> e : expected.entrySet()) {
            NdArray a = actual.get(e.getKey());
            NdArray x = e.getValue();
            String where = what + ", output '" + e.getKey() + "'";
            assertEquals(x.dataType(), a.dataType(), where + ": type");
            assertArrayEquals(x.shape(), a.shape(), where + ": shape");
            assertArrayEquals(bytes(x), bytes(a), where + ": bytes");
        }
    }

    static byte[] bytes(NdArray a) {
        return a.dataType() == DataType.STRING
                ? String.join("\u0000", a.strings()).getBytes()
                : a.toBytes(ByteOrder.nativeOrder());
    }

    /** The largest difference between two float output maps, relative to the largest magnitude. */
    static double maxRelativeDifference(Map<String, NdArray> expected, Map<String, NdArray> actual) {
        double worst = 0;
        for (Map.Entry<String, NdArray> e : expected.entrySet()) {
            float[] x = e.getValue().floats();
            float[] y = actual.get(e.getKey()).floats();
            assertEquals(x.length, y.length);
            double scale = 1e-30;
            for (float v : x) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
            }
        }
        return worst;
    }

    /** Asserts that {@code results} holds exactly one result per index 0..count-1. */
    static <R> void assertEveryIndexOnce(List<ItemResult<R>> results, long count) {
        long[] seen = new long[Math.toIntExact(count)];
        for (ItemResult<R> r : results) {
            assertTrue(r.index() >= 0 && r.index() < count, "index " + r.index() + " out of 0.." + (count - 1));
            seen[(int) r.index()]++;
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(
                    1,
                    seen[i],
                    "results for item " + i + " (of " + count + "): "
                            + Arrays.toString(results.stream()
                                    .filter(r -> r.index() < 50)
                                    .map(ItemResult::index)
                                    .toArray()));
        }
        assertEquals(count, results.size(), "result count");
    }
}
