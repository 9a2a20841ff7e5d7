package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 3: {@code run(Map)} writes values straight into the tensors and returns its copies in a small
 * unmodifiable map, and {@code run(Map, Map)} fills the caller's outputs. Whatever form the values take (flat,
 * nested, segment, NdArray), the outputs are byte for byte those of the prepared path; results stay as they were
 * after later calls; shapes follow resizes.
 */
class RunMapTest {

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** The same signature on two interpreters of one model: one for run(Map), one for the prepared path. */
    private record Pair(Model model, Interpreter mapped, Interpreter prepared, String key) implements AutoCloseable {
        static Pair of(String file, String key) {
            Model m = Model.fromFile(SharedModels.model(file));
            return new Pair(m, Interpreter.create(m), Interpreter.create(m), key);
        }

        SignatureRunner runner() {
            return mapped.runner(key);
        }

        /** Each output's bytes through the prepared path: resize, allocate, write the views, invoke, read them. */
        Map<String, byte[]> expected(Map<String, NdArray> inputs) {
            SignatureRunner r = prepared.runner(key);
            inputs.forEach((name, value) -> r.resizeInput(name, value.shape()));
            r.allocateTensors();
            inputs.forEach((name, value) -> {
                byte[] bytes = value.toBytes(NATIVE);
                MemorySegment.copy(
                        MemorySegment.ofArray(bytes), 0, r.input(name).data(), 0, bytes.length);
            });
            r.invoke();
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String name : r.outputNames()) {
                out.put(name, r.output(name).data().toArray(ValueLayout.JAVA_BYTE));
            }
            return out;
        }

        @Override
        public void close() {
            mapped.close();
            prepared.close();
            model.close();
        }
    }

    @Test
    void everyFormOfValueGivesThePreparedPathsBytes() {
        Random random = new Random(15);
        check("hello_world_float.tflite", "serving_default", random);
        check("mnist_dense_float.tflite", "serving_default", random);
        check("multi_add.tflite", "serving_default", random);
        check("simple_add_int8.tflite", "serving_default", random);
        check("multi_signature_def.tflite", "add", random); // rank-0 inputs
        check("multi_signature_def.tflite", "sub", random); // a signature off the primary subgraph
    }

    private static void check(String file, String key, Random random) {
        try (Pair p = Pair.of(file, key)) {
            SignatureRunner r = p.runner();
            Map<String, NdArray> inputs = new LinkedHashMap<>();
            for (String name : r.inputNames()) {
                Tensor t = r.input(name);
                inputs.put(name, randomArray(t.dataType(), t.shape(), random));
            }
            Map<String, byte[]> expected = p.expected(inputs);
            List<Function<NdArray, Object>> forms = List.of(
                    a -> a,
                    NdArray::data,
                    RunMapTest::nested,
                    a -> MemorySegment.ofArray(a.toBytes(NATIVE)),
                    a -> Arena.ofAuto().allocateFrom(ValueLayout.JAVA_BYTE, a.toBytes(NATIVE)));
            for (int f = 0; f < forms.size(); f++) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, NdArray> e : inputs.entrySet()) {
                    values.put(e.getKey(), forms.get(f).apply(e.getValue()));
                }
                String what = file + " '" + key + "', form " + f;
                Map<String, NdArray> out = r.run(values);
                assertEquals(r.outputNames(), List.copyOf(out.keySet()), what);
                for (String name : r.outputNames()) {
                    assertArrayEquals(expected.get(name), out.get(name).toBytes(NATIVE), what + ", " + name);
                    assertArrayEquals(r.output(name).shape(), out.get(name).shape(), what + ", " + name);
                }
                // The same through run(Map, Map), into flat arrays, nested arrays and segments.
                Map<String, Object> flat = new LinkedHashMap<>();
                Map<String, Object> nested = new LinkedHashMap<>();
                Map<String, Object> segments = new LinkedHashMap<>();
                for (String name : r.outputNames()) {
                    NdArray o = out.get(name);
                    flat.put(name, Array.newInstance(o.data().getClass().componentType(), (int) o.elementCount()));
                    if (o.shape().length > 0) {
                        nested.put(name, Array.newInstance(o.data().getClass().componentType(), o.shape()));
                    }
                    segments.put(name, Arena.ofAuto().allocate(expected.get(name).length));
                }
                r.run(values, flat);
                r.run(values, nested);
                r.run(values, segments);
                for (String name : r.outputNames()) {
                    DataType type = out.get(name).dataType();
                    int[] shape = out.get(name).shape();
                    assertArrayEquals(
                            expected.get(name),
                            NdArray.of(type, flat.get(name), shape).toBytes(NATIVE));
                    if (nested.containsKey(name)) {
                        assertArrayEquals(
                                expected.get(name),
                                NdArray.of(type, flatten(nested.get(name)), shape)
                                        .toBytes(NATIVE),
                                what + ", nested " + name);
                    }
                    assertArrayEquals(
                            expected.get(name), ((MemorySegment) segments.get(name)).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }

    @Test
    void resultsStayAsTheyWereAfterLaterCalls() {
        try (Pair p = Pair.of("hello_world_float.tflite", "serving_default")) {
            SignatureRunner r = p.runner();
            Map<String, NdArray> first = r.run(Map.of("dense_input", new float[] {1.5708f}));
            float[] kept = first.get("dense_2").floats().clone();
            Map<String, NdArray> second = r.run(Map.of("dense_input", new float[] {3.1416f}));
            float[] filled = new float[1];
            r.run(Map.of("dense_input", new float[] {4.7124f}), Map.of("dense_2", filled));
            r.run(Map.of("dense_input", NdArray.of(RuntimeTest.SINE_X, 5, 1))); // a resize, reallocation
            assertArrayEquals(kept, first.get("dense_2").floats());
            assertArrayEquals(new int[] {1, 1}, first.get("dense_2").shape());
            assertNotSame(first.get("dense_2").floats(), second.get("dense_2").floats());
            assertEquals(0.9957f, first.get("dense_2").floats()[0], 1e-4f);
            assertEquals(-0.0050f, second.get("dense_2").floats()[0], 1e-4f);
            assertEquals(-1.0057f, filled[0], 1e-4f);
        }
    }

    @Test
    void shapesFollowResizesBetweenCalls() {
        float[] x = RuntimeTest.SINE_X;
        float[] y = RuntimeTest.SINE_Y;
        try (Pair p = Pair.of("hello_world_float.tflite", "serving_default")) {
            SignatureRunner r = p.runner();
            List<Map<String, NdArray>> results = new ArrayList<>();
            results.add(r.run(Map.of("dense_input", new float[] {x[1]})));
            results.add(r.run(Map.of("dense_input", NdArray.of(x, 5, 1))));
            results.add(r.run(Map.of("dense_input", new float[][] {{x[0]}, {x[4]}})));
            results.add(r.run(Map.of("dense_input", new float[] {x[2], x[3]}))); // flat: the current [2, 1]
            results.add(r.run(Map.of("dense_input", NdArray.of(new float[] {x[3]}, 1, 1))));
            results.add(r.run(Map.of("dense_input", new float[] {x[1]})));
            int[][] shapes = {{1, 1}, {5, 1}, {2, 1}, {2, 1}, {1, 1}, {1, 1}};
            float[][] values = {{y[1]}, y, {y[0], y[4]}, {y[2], y[3]}, {y[3]}, {y[1]}};
            for (int i = 0; i < results.size(); i++) {
                NdArray out = results.get(i).get("dense_2");
                assertArrayEquals(shapes[i], out.shape(), "call " + i);
                assertArrayEquals(values[i], out.floats(), 1e-4f, "call " + i);
            }
            // Caller-given outputs follow too: [3, 1] now, nested or flat.
            float[][] nested = new float[3][1];
            r.run(Map.of("dense_input", new float[][] {{x[0]}, {x[1]}, {x[2]}}), Map.of("dense_2", nested));
            assertArrayEquals(new float[] {y[0], y[1], y[2]}, flatten(nested), 1e-4f);
            float[] flat = new float[1];
            r.run(Map.of("dense_input", new float[][] {{x[4]}}), Map.of("dense_2", flat));
            assertArrayEquals(new float[] {y[4]}, flat, 1e-4f);
        }
    }

    @Test
    void stringsThroughBothCalls() {
        String[][] text = {{"a", "b"}, {"c", "d"}, {"é", "日本"}};
        String[] flatText = {"a", "b", "c", "d", "é", "日本"};
        try (Model m = Model.fromBytes(OddModels.stringMatrix());
                Interpreter ip = Interpreter.create(m);
                Interpreter reference = Interpreter.create(m)) {
            SignatureRunner prepared = reference.runner("flatten");
            prepared.resizeInput("text", 3, 2);
            prepared.allocateTensors();
            prepared.input("text").copyFrom(flatText);
            prepared.invoke();
            byte[][] expected = prepared.output("flat").toBytesArray();

            SignatureRunner r = ip.runner("flatten");
            for (Object value : new Object[] {
                text, NdArray.ofStrings(flatText, 3, 2), NdArray.ofStrings(utf8(flatText), 3, 2), utf8(flatText)
            }) {
                NdArray out = r.run(Map.of("text", value)).get("flat");
                assertArrayEquals(new int[] {6}, out.shape());
                assertArrayEquals(expected, out.byteStrings());
            }
            String[] strings = new String[6];
            byte[][] bytes = new byte[6][];
            r.run(Map.of("text", text), Map.of("flat", strings));
            r.run(Map.of("text", text), Map.of("flat", bytes));
            assertArrayEquals(flatText, strings);
            assertArrayEquals(expected, bytes);
            IllegalArgumentException shortArray = assertThrows(
                    IllegalArgumentException.class, () -> r.run(Map.of("text", text), Map.of("flat", new String[5])));
            assertTrue(shortArray.getMessage().contains("[6]"), shortArray.getMessage());
            IllegalArgumentException segment = assertThrows(
                    IllegalArgumentException.class,
                    () -> r.run(Map.of("text", text), Map.of("flat", MemorySegment.ofArray(new byte[8]))));
            assertTrue(segment.getMessage().contains("output 'flat' is string"), segment.getMessage());
        }
    }

    @Test
    void theResultIsAnUnmodifiableMapInOutputOrder() {
        try (Pair p = Pair.of("multi_add.tflite", "serving_default")) {
            SignatureRunner r = p.runner();
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : r.inputNames()) {
                values.put(name, new float[8 * 8 * 3]);
            }
            Map<String, NdArray> out = r.run(values);
            assertEquals(r.outputNames(), List.copyOf(out.keySet()));
            assertEquals(r.outputNames().size(), out.size());
            assertEquals(new LinkedHashMap<>(out), out);
            assertEquals(out, new LinkedHashMap<>(out));
            assertEquals(new LinkedHashMap<>(out).hashCode(), out.hashCode());
            assertEquals(new LinkedHashMap<>(out).toString(), out.toString());
            String first = r.outputNames().getFirst();
            assertTrue(out.containsKey(first));
            assertFalse(out.containsKey("nope"));
            assertNull(out.get("nope"));
            assertThrows(UnsupportedOperationException.class, () -> out.put(first, out.get(first)));
            assertThrows(UnsupportedOperationException.class, () -> out.remove(first));
            assertThrows(UnsupportedOperationException.class, out::clear);
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> out.entrySet().iterator().next().setValue(null));
        }
    }

    @Test
    void callerOutputsAreCheckedAndNamedInErrors() {
        try (Pair p = Pair.of("hello_world_float.tflite", "serving_default")) {
            SignatureRunner r = p.runner();
            Map<String, ?> in = Map.of("dense_input", new float[] {1.5708f});
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> r.run(in, Map.of("y", new float[1])));
            assertEquals(
                    "no output 'y' in signature 'serving_default'; expected one of [dense_2]", unknown.getMessage());
            IllegalArgumentException type =
                    assertThrows(IllegalArgumentException.class, () -> r.run(in, Map.of("dense_2", new int[1])));
            assertTrue(
                    type.getMessage().contains("output 'dense_2' is float32")
                            && type.getMessage().contains("use a float[]"),
                    type.getMessage());
            IllegalArgumentException notAnArray =
                    assertThrows(IllegalArgumentException.class, () -> r.run(in, Map.of("dense_2", "text")));
            assertTrue(notAnArray.getMessage().contains("java.lang.String"), notAnArray.getMessage());
            IllegalArgumentException length =
                    assertThrows(IllegalArgumentException.class, () -> r.run(in, Map.of("dense_2", new float[2])));
            assertTrue(
                    length.getMessage().contains("output 'dense_2' has shape [1, 1] of float32")
                            && length.getMessage().contains("float[] of length 1"),
                    length.getMessage());
            IllegalArgumentException shape =
                    assertThrows(IllegalArgumentException.class, () -> r.run(in, Map.of("dense_2", new float[2][1])));
            assertTrue(shape.getMessage().contains("has shape [1, 1]"), shape.getMessage());
            IllegalArgumentException rank = assertThrows(
                    IllegalArgumentException.class, () -> r.run(in, Map.of("dense_2", new float[1][1][1])));
            assertTrue(rank.getMessage().contains("rank 3"), rank.getMessage());
            IllegalArgumentException bytes = assertThrows(
                    IllegalArgumentException.class,
                    () -> r.run(in, Map.of("dense_2", MemorySegment.ofArray(new byte[8]))));
            assertTrue(
                    bytes.getMessage().contains("4 bytes") && bytes.getMessage().contains("8 bytes"),
                    bytes.getMessage());
            IllegalArgumentException readOnly = assertThrows(
                    IllegalArgumentException.class,
                    () -> r.run(
                            in,
                            Map.of("dense_2", MemorySegment.ofArray(new byte[4]).asReadOnly())));
            assertTrue(readOnly.getMessage().contains("read-only"), readOnly.getMessage());
            Map<String, Object> nullOutput = new java.util.HashMap<>();
            nullOutput.put("dense_2", null);
            NullPointerException npe = assertThrows(NullPointerException.class, () -> r.run(in, nullOutput));
            assertTrue(npe.getMessage().contains("output 'dense_2'"), npe.getMessage());
            assertThrows(NullPointerException.class, () -> r.run(in, null));

            // A class refused before anything changes: the resize the value asked for did not happen.
            assertThrows(
                    IllegalArgumentException.class,
                    () -> r.run(Map.of("dense_input", new float[5][1]), Map.of("dense_2", new int[5])));
            assertArrayEquals(new int[] {1, 1}, r.input("dense_input").shape());
            // No outputs asked for: it runs, and the outputs are read where they are.
            r.run(in, Map.of());
            assertEquals(0.9957f, r.output("dense_2").toFloatArray()[0], 1e-4f);
        }
    }

    @Test
    void nestedValuesAreCheckedBeforeAnythingIsWritten() {
        try (Pair p = Pair.of("hello_world_float.tflite", "serving_default")) {
            SignatureRunner r = p.runner();
            r.run(Map.of("dense_input", new float[] {1f}));
            for (Object[] bad : new Object[][] {
                {new Object[] {new float[] {1f}, new int[] {1}}, "'dense_input' mixes int[] and float[] rows"},
                {new float[][] {{1f}, null}, "'dense_input' has a null row at depth 0"},
                {new float[][] {{1f}, {1f, 2f}}, "ragged nested array: 2 elements at depth 1 where the first row has 1"
                },
                {new Object[] {new float[] {1f}, "x"}, "has a String at depth 1 where an array was expected"},
                {new float[0][], "empty or null nested array"}
            }) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> r.run(Map.of("dense_input", bad[0])));
                assertTrue(e.getMessage().contains((String) bad[1]), e.getMessage());
                assertArrayEquals(new int[] {1, 1}, r.input("dense_input").shape(), "not resized: " + bad[1]);
            }
        }
    }

    @Test
    void packedBatchItemsTakeNestedArraysWithoutAFlatCopy() {
        // The batch runner's packed path writes each item through the same InputValue as run(Map).
        Random random = new Random(3);
        List<Map<String, ?>> flat = new ArrayList<>();
        List<Map<String, ?>> nested = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] x = new float[784];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextFloat();
            }
            flat.add(Map.of("dense_input", x));
            nested.add(Map.of("dense_input", new float[][] {x}));
        }
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Interpreter single = Interpreter.create(m);
                InterpreterPool pool = InterpreterPool.create(m, 1, InterpreterOptions.defaults())) {
            List<ItemResult<Map<String, NdArray>>> packed =
                    BatchRunner.builder(pool, "serving_default").pack(4).build().runAll(nested);
            assertEquals(flat.size(), packed.size());
            for (ItemResult<Map<String, NdArray>> r : packed) {
                assertTrue(r.succeeded(), String.valueOf(r));
                Map<String, NdArray> expected = single.runner("serving_default").run(flat.get((int) r.index()));
                NdArray out = r.value().get("activation_2");
                assertArrayEquals(new int[] {1, 10}, out.shape());
                assertArrayEquals(
                        expected.get("activation_2").toBytes(NATIVE), out.toBytes(NATIVE), "item " + r.index());
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static NdArray randomArray(DataType type, int[] shape, Random random) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return switch (type) {
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = random.nextFloat() * 2 - 1;
                }
                yield NdArray.of(f, shape);
            }
            case INT8 -> {
                byte[] b = new byte[n];
                random.nextBytes(b);
                yield NdArray.of(b, shape);
            }
            default -> throw new AssertionError("no random " + type);
        };
    }

    /** The array as a nested Java array of its shape (a rank-0 array stays flat). */
    private static Object nested(NdArray a) {
        int[] shape = a.shape();
        if (shape.length == 0) {
            return a.data();
        }
        Object nested = Array.newInstance(a.data().getClass().componentType(), shape);
        fill(nested, a.data(), new int[1]);
        return nested;
    }

    private static void fill(Object nested, Object flat, int[] at) {
        if (nested.getClass().componentType().isPrimitive()) {
            int n = Array.getLength(nested);
            System.arraycopy(flat, at[0], nested, 0, n);
            at[0] += n;
            return;
        }
        for (int i = 0; i < Array.getLength(nested); i++) {
            fill(Array.get(nested, i), flat, at);
        }
    }

    /** A nested primitive array's values in row-major order, in a flat array of its component type. */
    private static Object flatten(Object nested) {
        List<Object> rows = new ArrayList<>();
        collect(nested, rows);
        Class<?> component = rows.getFirst().getClass().componentType();
        int n = rows.stream().mapToInt(Array::getLength).sum();
        Object flat = Array.newInstance(component, n);
        int at = 0;
        for (Object row : rows) {
            System.arraycopy(row, 0, flat, at, Array.getLength(row));
            at += Array.getLength(row);
        }
        return flat;
    }

    private static float[] flatten(float[][] nested) {
        return (float[]) flatten((Object) nested);
    }

    private static void collect(Object nested, List<Object> rows) {
        if (nested.getClass().componentType().isPrimitive()) {
            rows.add(nested);
            return;
        }
        for (int i = 0; i < Array.getLength(nested); i++) {
            collect(Array.get(nested, i), rows);
        }
    }

    private static byte[][] utf8(String[] strings) {
        byte[][] out = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            out[i] = strings[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }
}
