package dev.tfliteffm.tests.pool;

import static dev.tfliteffm.tests.pool.PoolFixtures.assertEveryIndexOnce;
import static dev.tfliteffm.tests.pool.PoolFixtures.assertSameOutputs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.modelwriter.samples.MobileNetConfig;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packing several items into one invoke gives what running them one by one gives, on real models (the shared
 * ones with a dynamic batch dimension, and the model writer's samples), with XNNPACK off and on, compared
 * under the same settings. Run in a child JVM by {@link PoolTest}.
 *
 * <p>Byte for byte: everything with XNNPACK on, and integer models and element-wise float ops without it.
 * Without XNNPACK, TFLite's own float FULLY_CONNECTED and CONV_2D kernels give slightly different bits for a
 * batch than for one item; there packed results must agree within a tight tolerance, and they must differ from
 * one-by-one results no more than one-by-one results of different batch sizes differ among themselves.
 */
class PackingCases {

    /** A model, a signature, and whether TFLite's kernels without XNNPACK give the same bits for any batch. */
    private record Subject(String name, byte[] model, String signature, boolean exactWithoutXnnpack) {
        @Override
        public String toString() {
            return name + (signature == null ? "" : " '" + signature + "'");
        }
    }

    private static byte[] shared(String name) {
        try {
            return Files.readAllBytes(SharedModels.model(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Subject> subjects() {
        MobileNetConfig small = MobileNetConfig.of(64, 0.5f, 5);
        return List.of(
                new Subject("mnist_dense_float", shared("mnist_dense_float.tflite"), "serving_default", false),
                new Subject("hello_world_float", shared("hello_world_float.tflite"), "serving_default", false),
                new Subject("hello_world_int8", shared("hello_world_int8.tflite"), "serving_default", true),
                new Subject("simple_add_int8", shared("simple_add_int8.tflite"), "serving_default", true),
                new Subject("codec", SampleModels.codec(), "encode", true),
                new Subject("codec", SampleModels.codec(), "decode", true),
                new Subject("dynamic shapes", SampleModels.dynamicShapes(), "scale_rows", true),
                new Subject("MobileNet float 64/0.5/5", SampleModels.mobileNetFloat(small), "serving_default", false),
                new Subject("MobileNet int8 64/0.5/5", SampleModels.mobileNetInt8(small), "serving_default", true));
    }

    @Test
    void packedResultsEqualOneByOneResults() {
        List<String> report = new ArrayList<>();
        for (Subject s : subjects()) {
            for (InterpreterOptions options : PoolFixtures.BOTH) {
                String what = s + ", " + PoolFixtures.describe(options);
                try (Model m = Model.fromBytes(s.model());
                        Interpreter single = Interpreter.create(m, options);
                        InterpreterPool pool = InterpreterPool.create(m, 2, options)) {
                    SignatureRunner runner = single.runner(s.signature());
                    List<Map<String, ?>> items =
                            PoolFixtures.randomItems(runner, 23, s.name().hashCode());
                    // One by one, on a single interpreter through run(Map): the reference.
                    List<Map<String, NdArray>> expected = new ArrayList<>();
                    for (Map<String, ?> item : items) {
                        expected.add(runner.run(item));
                    }
                    List<ItemResult<Map<String, NdArray>>> unpacked =
                            BatchRunner.builder(pool, s.signature()).build().runAll(items);
                    for (ItemResult<Map<String, NdArray>> r : unpacked) {
                        assertSameOutputs(
                                expected.get((int) r.index()), r.value(), what + ", unpacked item " + r.index());
                    }
                    for (int k : new int[] {4, 16}) { // 23 items: the last pack is partial (3 and 7)
                        List<ItemResult<Map<String, NdArray>>> packed = BatchRunner.builder(pool, s.signature())
                                .pack(k)
                                .build()
                                .runAll(items);
                        assertEveryIndexOnce(packed, items.size());
                        double worst = 0;
                        for (ItemResult<Map<String, NdArray>> r : packed) {
                            String where = what + ", pack " + k + ", item " + r.index();
                            Map<String, NdArray> x = expected.get((int) r.index());
                            if (options.xnnpack() || s.exactWithoutXnnpack()) {
                                assertSameOutputs(x, r.value(), where);
                            } else {
                                for (String name : x.keySet()) {
                                    assertArrayEquals(
                                            x.get(name).shape(),
                                            r.value().get(name).shape(),
                                            where);
                                }
                                worst = Math.max(worst, PoolFixtures.maxRelativeDifference(x, r.value()));
                            }
                        }
                        if (!(options.xnnpack() || s.exactWithoutXnnpack())) {
                            assertTrue(worst < 1e-4, what + ", pack " + k + ": relative difference " + worst);
                            report.add(what + ", pack " + k + ": largest relative difference " + worst);
                        }
                    }
                }
            }
        }
        System.out.println("Packed float results without XNNPACK (TFLite's kernels are not batch-invariant):");
        report.forEach(line -> System.out.println("  " + line));
    }

    @Test
    void anItemThatFailsItsChecksFailsAlone() {
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"))) {
            for (InterpreterOptions options : PoolFixtures.BOTH) {
                try (Interpreter single = Interpreter.create(m, options);
                        InterpreterPool pool = InterpreterPool.create(m, 2, options)) {
                    List<Map<String, ?>> items =
                            new ArrayList<>(PoolFixtures.randomItems(single.defaultRunner(), 20, 5));
                    List<Map<String, NdArray>> expected = new ArrayList<>();
                    for (Map<String, ?> item : items) {
                        expected.add(single.defaultRunner().run(item));
                    }
                    float[] flat = ((NdArray) items.get(1).get("dense_input")).floats();
                    items.set(1, Map.of("dense_input", flat)); // flat: fits
                    items.set(2, Map.of("dense_input", NdArray.of(flat, 784))); // no batch dimension
                    items.set(3, Map.of("dense_input", NdArray.of(new float[784 * 2], 2, 784))); // two items in one
                    items.set(5, Map.of()); // missing input
                    Map<String, Object> extra = new LinkedHashMap<>(items.get(6));
                    extra.put("other", new float[1]);
                    items.set(6, extra); // unknown input
                    items.set(7, Map.of("dense_input", new int[784])); // wrong type
                    items.set(11, Map.of("dense_input", new float[783])); // wrong size
                    List<Integer> bad = List.of(2, 3, 5, 6, 7, 11);
                    List<ItemResult<Map<String, NdArray>>> results =
                            BatchRunner.builder(pool).pack(8).build().runAll(items);
                    assertEveryIndexOnce(results, items.size());
                    for (ItemResult<Map<String, NdArray>> r : results) {
                        int i = (int) r.index();
                        if (bad.contains(i)) {
                            IllegalArgumentException e =
                                    assertInstanceOf(IllegalArgumentException.class, r.error(), "item " + i);
                            assertFalse(e.getMessage().isBlank());
                            if (i == 2 || i == 3) {
                                assertTrue(e.getMessage().contains("expected [1, 784]"), e.getMessage());
                            }
                        } else if (options.xnnpack()) {
                            assertSameOutputs(expected.get(i), r.value(), "item " + i);
                        } else {
                            assertEquals(1, r.value().get("activation_2").shape()[0]);
                        }
                    }
                }
            }
        }
    }
}
