package dev.tfliteffm.tests.javaops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ConcurrentUseException;
import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.JavaOperatorFactory;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.OperatorTensor;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.flex.FlexNodeDef;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Run in a child JVM by {@link JavaOperatorTest} (an upcall gone wrong could end the JVM): Java operators
 * resolve custom ops, report their exceptions as TFLite errors, live as long as their interpreters, serve many
 * interpreters on many threads, give the bytes of the builtin they replace, and allocate nothing per invoke.
 */
class JavaOperatorCases {

    private static final String MULTI_ADD_FLEX = "needs-java-ops/multi_add_flex.tflite";

    private static InterpreterOptions with(String name, JavaOperatorFactory factory) {
        return InterpreterOptions.builder().addOperator(name, factory).build();
    }

    // ---- a converter-made Flex model ---------------------------------------------------------------

    @Test
    void multiAddFlexRunsWithAJavaFlexAddV2() {
        List<FlexNodeDef> nodeDefs = new ArrayList<>();
        JavaOperatorFactory flexAddV2 = options -> {
            synchronized (nodeDefs) {
                nodeDefs.add(FlexNodeDef.parse(options));
            }
            return JavaOpModels.ADD.create(options);
        };
        try (Model m = Model.fromFile(SharedModels.model(MULTI_ADD_FLEX));
                Interpreter ip = Interpreter.create(m, with("FlexAddV2", flexAddV2))) {
            ip.allocateTensors();
            for (int i = 0; i < 4; i++) {
                ip.input(i).copyFrom(new float[] {i + 1});
            }
            ip.invoke();
            Map<String, Float> outputs = new java.util.TreeMap<>();
            for (int i = 0; i < ip.outputCount(); i++) {
                outputs.put(ip.output(i).name(), ip.output(i).toFloatArray()[0]);
            }
            assertEquals(Map.of("add_1", 6f, "add_3", 9f), outputs);
        }
        assertEquals(3, nodeDefs.size(), "one kernel per node");
        for (FlexNodeDef d : nodeDefs) {
            assertEquals("AddV2", d.op());
            assertEquals(DataType.FLOAT32, d.typeAttr("T", null));
        }
    }

    @Test
    void withoutTheOperatorTheFlexModelIsUnresolved() {
        try (Model m = Model.fromFile(SharedModels.model(MULTI_ADD_FLEX));
                Interpreter ip = Interpreter.create(m)) {
            TfLiteException e = assertThrows(TfLiteException.class, ip::allocateTensors);
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
            assertTrue(e.getMessage().contains("FlexAddV2"), e.getMessage());
        }
    }

    // ---- conformance: a Java op gives the builtin's bytes -------------------------------------------

    @Test
    void javaAddGivesTheBytesOfBuiltinAdd() {
        Random random = new Random(11);
        float[] a = new float[1000];
        float[] b = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 1e3f;
            b[i] = random.nextInt(10) == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextGaussian();
        }
        a[0] = Float.NaN;
        a[1] = Float.POSITIVE_INFINITY;
        b[1] = Float.NEGATIVE_INFINITY;
        a[2] = Float.MIN_VALUE;
        a[3] = -0f;
        b[3] = -0f;
        // XNNPACK off on both sides: the builtin reference is TFLite's own kernel.
        InterpreterOptions options = InterpreterOptions.builder()
                .xnnpack(false)
                .addOperator("JavaAdd", JavaOpModels.ADD)
                .build();
        byte[] builtin;
        byte[] javaOp;
        try (Model m = Model.fromBytes(JavaOpModels.add(null));
                Interpreter ip = Interpreter.create(m, options)) {
            builtin = ip.runner("add").run(Map.of("a", a, "b", b)).get("y").toBytes(ByteOrder.LITTLE_ENDIAN);
        }
        try (Model m = Model.fromBytes(JavaOpModels.add("JavaAdd"));
                Interpreter ip = Interpreter.create(m, options)) {
            javaOp = ip.runner("add").run(Map.of("a", a, "b", b)).get("y").toBytes(ByteOrder.LITTLE_ENDIAN);
        }
        assertArrayEquals(builtin, javaOp);
    }

    @Test
    void flexTwinGivesTheBytesOfTheBuiltinTwin() {
        // multi_add.tflite (builtin ADDs) and multi_add_flex.tflite (FlexAddV2) compute the same sums.
        Random random = new Random(3);
        float[][] inputs = new float[4][8 * 8 * 3];
        for (float[] in : inputs) {
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) random.nextGaussian() * 100;
            }
        }
        InterpreterOptions options = InterpreterOptions.builder()
                .xnnpack(false)
                .addOperator("FlexAddV2", JavaOpModels.ADD)
                .build();
        Map<String, NdArray> builtin;
        try (Model m = Model.fromFile(SharedModels.model("multi_add.tflite"));
                Interpreter ip = Interpreter.create(m, options)) {
            builtin = ip.runner("serving_default")
                    .run(Map.of(
                            "a",
                            NdArray.of(inputs[0], 1, 8, 8, 3),
                            "b",
                            NdArray.of(inputs[1], 1, 8, 8, 3),
                            "c",
                            NdArray.of(inputs[2], 1, 8, 8, 3),
                            "d",
                            NdArray.of(inputs[3], 1, 8, 8, 3)));
        }
        try (Model m = Model.fromFile(SharedModels.model(MULTI_ADD_FLEX));
                Interpreter ip = Interpreter.create(m, options)) {
            for (int i = 0; i < 4; i++) {
                ip.resizeInput(i, 1, 8, 8, 3);
            }
            ip.allocateTensors();
            for (int i = 0; i < 4; i++) {
                ip.input(i).copyFrom(inputs[i]);
            }
            ip.invoke();
            Map<String, float[]> flex = new java.util.HashMap<>();
            for (int i = 0; i < ip.outputCount(); i++) {
                flex.put(ip.output(i).name(), ip.output(i).toFloatArray());
            }
            assertArrayEquals(builtin.get("x").floats(), flex.get("add_1"));
            assertArrayEquals(builtin.get("y").floats(), flex.get("add_3"));
        }
    }

    // ---- errors ------------------------------------------------------------------------------------

    /** A unary op whose prepare or invoke throws while the flag says so. */
    private static JavaOperatorFactory failing(AtomicReference<String> failIn) {
        return options -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext context) {
                if ("prepare".equals(failIn.get())) {
                    throw new IllegalArgumentException("bad input shape "
                            + java.util.Arrays.toString(context.input(0).shape()));
                }
                context.output(0).resize(context.input(0).shape());
            }

            @Override
            public void invoke(OperatorContext context) {
                if ("invoke".equals(failIn.get())) {
                    throw new IllegalStateException("boom in invoke");
                }
                MemorySegment x = context.input(0).data();
                MemorySegment y = context.output(0).data();
                for (long i = 0; i < x.byteSize() / 4; i++) {
                    y.setAtIndex(JAVA_FLOAT, i, -x.getAtIndex(JAVA_FLOAT, i));
                }
            }
        };
    }

    @Test
    void anExceptionInPrepareFailsAllocationAndTheInterpreterRecovers() {
        AtomicReference<String> failIn = new AtomicReference<>("prepare");
        try (Model m = Model.fromBytes(JavaOpModels.unary("Negate", new byte[0]));
                Interpreter ip = Interpreter.create(
                        m,
                        with("Negate", failing(failIn)).toBuilder()
                                .xnnpack(false)
                                .build())) {
            SignatureRunner r = ip.runner("unary");
            TfLiteException e = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new float[] {1, 2})));
            assertEquals(TfLiteException.Status.ERROR, e.status());
            assertTrue(
                    e.getMessage()
                            .contains("Java operator Negate failed in prepare: "
                                    + "java.lang.IllegalArgumentException: bad input shape [2]"),
                    e.getMessage());
            assertTrue(
                    e.nativeMessages().stream().anyMatch(s -> s.contains("(Negate) failed to prepare")),
                    e.nativeMessages().toString());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            failIn.set(null);
            assertArrayEquals(
                    new float[] {-1, -2},
                    r.run(Map.of("x", new float[] {1, 2})).get("y").floats());
        }
        // With a delegate applied (XNNPACK, the default), a failed allocation leaves the interpreter unusable
        // (issue 12, item 2): later calls are refused, naming the failure.
        failIn.set("prepare");
        try (Model m = Model.fromBytes(JavaOpModels.unary("Negate", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Negate", failing(failIn)))) {
            SignatureRunner r = ip.runner("unary");
            TfLiteException e = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new float[] {1, 2})));
            failIn.set(null);
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> r.run(Map.of("x", new float[] {1, 2})));
            assertTrue(refused.getMessage().contains("create a new interpreter"), refused.getMessage());
            assertInstanceOf(TfLiteException.class, refused.getCause(), "the allocation's failure: " + e);
        }
    }

    @Test
    void anExceptionInInvokeFailsTheInvokeAndTheInterpreterRecovers() {
        AtomicReference<String> failIn = new AtomicReference<>("invoke");
        try (Model m = Model.fromBytes(JavaOpModels.unary("Negate", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Negate", failing(failIn)))) {
            SignatureRunner r = ip.runner("unary");
            TfLiteException e = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new float[] {1})));
            assertEquals(TfLiteException.Status.ERROR, e.status());
            assertTrue(
                    e.getMessage()
                            .contains("Java operator Negate failed in invoke: "
                                    + "java.lang.IllegalStateException: boom in invoke"),
                    e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("boom in invoke", e.getCause().getMessage());
            failIn.set(null);
            assertArrayEquals(
                    new float[] {-1},
                    r.run(Map.of("x", new float[] {1})).get("y").floats());
            // A later failure carries its own cause, not a stale one.
            failIn.set("invoke");
            TfLiteException again = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new float[] {1})));
            assertTrue(again.getCause() != e.getCause());
        }
    }

    @Test
    void aFailingFactoryIsReportedAtAllocation() {
        JavaOperatorFactory broken = options -> {
            throw new UnsupportedOperationException("no kernel for these options");
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("Broken", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Broken", broken))) {
            TfLiteException e = assertThrows(TfLiteException.class, ip::allocateTensors);
            assertTrue(
                    e.getMessage()
                            .contains("Java operator Broken could not be created: "
                                    + "java.lang.UnsupportedOperationException: no kernel for these options"),
                    e.getMessage());
            assertInstanceOf(UnsupportedOperationException.class, e.getCause());
        }
        try (Model m = Model.fromBytes(JavaOpModels.unary("Null", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Null", options -> null))) {
            TfLiteException e = assertThrows(TfLiteException.class, ip::allocateTensors);
            assertTrue(e.getMessage().contains("the factory of op Null returned null"), e.getMessage());
        }
    }

    @Test
    void reenteringTheInterpreterFromAnOpIsRefusedNotDeadlocked() {
        AtomicReference<Interpreter> self = new AtomicReference<>();
        JavaOperatorFactory reentrant = options -> context -> self.get().invoke();
        try (Model m = Model.fromBytes(JavaOpModels.unary("Reenter", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Reenter", reentrant))) {
            self.set(ip);
            ip.allocateTensors();
            TfLiteException e = assertThrows(TfLiteException.class, ip::invoke);
            assertInstanceOf(ConcurrentUseException.class, e.getCause());
        }
    }

    @Test
    void registrationMisuse() {
        InterpreterOptions.Builder b = InterpreterOptions.builder();
        assertThrows(NullPointerException.class, () -> b.addOperator(null, JavaOpModels.ADD));
        assertThrows(NullPointerException.class, () -> b.addOperator("X", null));
        assertThrows(IllegalArgumentException.class, () -> b.addOperator("", JavaOpModels.ADD));
        assertThrows(IllegalArgumentException.class, () -> b.addOperator("X", 0, JavaOpModels.ADD));
        b.addOperator("X", JavaOpModels.ADD);
        b.addOperator("X", 2, JavaOpModels.ADD);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.addOperator("X", 1, JavaOpModels.ADD));
        assertTrue(e.getMessage().contains("X version 1"), e.getMessage());
        assertEquals(2, b.build().operators().size());
        assertEquals(2, b.build().toBuilder().build().operators().size());
    }

    // ---- names -------------------------------------------------------------------------------------

    @Test
    void aBuiltinsNameReplacesNothing() {
        JavaOperatorFactory wrongAdd = options -> context -> {
            throw new AssertionError("a builtin ADD node must not reach the Java op named ADD");
        };
        InterpreterOptions options = with("ADD", wrongAdd);
        try (Model m = Model.fromBytes(JavaOpModels.add(null));
                Interpreter ip = Interpreter.create(m, options)) {
            assertArrayEquals(
                    new float[] {3},
                    ip.runner("add")
                            .run(Map.of("a", new float[] {1}, "b", new float[] {2}))
                            .get("y")
                            .floats());
        }
        // A custom node named ADD is what it serves.
        try (Model m = Model.fromBytes(JavaOpModels.add("ADD"));
                Interpreter ip = Interpreter.create(m, with("ADD", JavaOpModels.ADD))) {
            assertArrayEquals(
                    new float[] {3},
                    ip.runner("add")
                            .run(Map.of("a", new float[] {1}, "b", new float[] {2}))
                            .get("y")
                            .floats());
        }
    }

    @Test
    void theVersionMustMatchTheModels() {
        try (Model m = Model.fromBytes(JavaOpModels.add("JavaAdd"));
                Interpreter ip = Interpreter.create(
                        m,
                        InterpreterOptions.builder()
                                .addOperator("JavaAdd", 2, JavaOpModels.ADD)
                                .build())) {
            TfLiteException e =
                    assertThrows(TfLiteException.class, () -> ip.runner("add").allocateTensors());
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
        }
    }

    // ---- what a kernel sees ------------------------------------------------------------------------

    @Test
    void customOptionsReachTheFactoryAndTheContext() {
        byte[] options = {1, 2, 3, (byte) 0xff};
        AtomicReference<byte[]> seen = new AtomicReference<>();
        AtomicReference<byte[]> inPrepare = new AtomicReference<>();
        JavaOperatorFactory f = o -> {
            seen.set(o);
            return new JavaOperator() {
                @Override
                public void prepare(OperatorContext context) {
                    inPrepare.set(context.customOptions());
                    assertEquals("WithOptions", context.operatorName());
                    assertEquals(1, context.operatorVersion());
                    assertTrue(context.isPreparing());
                    assertEquals(1, context.inputCount());
                    assertEquals(1, context.outputCount());
                    assertEquals("x", context.input(0).name());
                    assertThrows(IllegalArgumentException.class, () -> context.input(1));
                    context.output(0).resize(context.input(0).shape());
                }

                @Override
                public void invoke(OperatorContext context) {
                    assertTrue(!context.isPreparing());
                }
            };
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("WithOptions", options));
                Interpreter ip = Interpreter.create(m, with("WithOptions", f))) {
            ip.runner("unary").run(Map.of("x", new float[] {1}));
        }
        assertArrayEquals(options, seen.get());
        assertArrayEquals(options, inPrepare.get());
    }

    @Test
    void inputViewsAreReadOnly() {
        JavaOperatorFactory writer = o -> context -> context.input(0).data().set(JAVA_FLOAT, 0, 1f);
        try (Model m = Model.fromBytes(JavaOpModels.unary("WriteInput", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("WriteInput", writer))) {
            TfLiteException e =
                    assertThrows(TfLiteException.class, () -> ip.runner("unary").run(Map.of("x", new float[] {1})));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("read-only"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void tensorsAndViewsAreRefusedOutsideTheirCallback() {
        AtomicReference<OperatorTensor> kept = new AtomicReference<>();
        AtomicReference<MemorySegment> keptView = new AtomicReference<>();
        JavaOperatorFactory keeper = o -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext context) {
                context.output(0).resize(context.input(0).shape());
            }

            @Override
            public void invoke(OperatorContext context) {
                kept.set(context.output(0));
                keptView.set(context.output(0).data());
            }
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("Keep", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Keep", keeper))) {
            ip.runner("unary").run(Map.of("x", new float[] {1, 2}));
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> kept.get().data());
            assertTrue(e.getMessage().contains("only during its prepare or invoke"), e.getMessage());
        }
        // The view belongs to the interpreter's arena: closed with it, never a read of freed memory.
        assertThrows(IllegalStateException.class, () -> keptView.get().get(JAVA_FLOAT, 0));
    }

    @Test
    void aDynamicOutputCanChangeShapeDuringInvoke() {
        // y = the first x[0] elements of x: the shape depends on the data.
        JavaOperatorFactory head = o -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext context) {
                context.output(0).makeDynamic();
            }

            @Override
            public void invoke(OperatorContext context) {
                MemorySegment x = context.input(0).data();
                int n = (int) x.get(JAVA_FLOAT, 0);
                OperatorTensor y = context.output(0);
                y.resize(n);
                MemorySegment.copy(x, 0, y.data(), 0, 4L * n);
            }
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("Head", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Head", head))) {
            SignatureRunner r = ip.runner("unary");
            assertArrayEquals(
                    new float[] {3, 7, 8},
                    r.run(Map.of("x", new float[] {3, 7, 8, 9, 10})).get("y").floats());
            assertArrayEquals(
                    new float[] {2, 5},
                    r.run(Map.of("x", new float[] {2, 5, 8, 9, 10})).get("y").floats());
        }
    }

    @Test
    void anOutputTypeCanBeSetInPrepare() {
        // The model declares y float32; the op makes it int32 and writes the rounded values.
        JavaOperatorFactory round = o -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext context) {
                OperatorTensor y = context.output(0);
                y.setDataType(DataType.INT32);
                y.resize(context.input(0).shape());
                assertEquals(DataType.INT32, y.dataType());
            }

            @Override
            public void invoke(OperatorContext context) {
                MemorySegment x = context.input(0).data();
                MemorySegment y = context.output(0).data();
                for (long i = 0; i < x.byteSize() / 4; i++) {
                    y.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, i, Math.round(x.getAtIndex(JAVA_FLOAT, i)));
                }
            }
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("Round", new byte[0]));
                Interpreter ip = Interpreter.create(m, with("Round", round))) {
            ip.allocateTensors();
            ip.input(0).copyFrom(new float[] {1.4f});
            ip.invoke();
            Tensor y = ip.output(0);
            assertEquals(DataType.INT32, y.dataType());
            assertArrayEquals(new int[] {1}, y.toIntArray());
        }
    }

    // ---- lifetime and threads ----------------------------------------------------------------------

    @Test
    void kernelsLiveExactlyAsLongAsTheirInterpreter() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        JavaOperatorFactory counted = o -> {
            created.incrementAndGet();
            JavaOperator add = JavaOpModels.ADD.create(o);
            return new JavaOperator() {
                @Override
                public void prepare(OperatorContext context) {
                    add.prepare(context);
                }

                @Override
                public void invoke(OperatorContext context) {
                    add.invoke(context);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        };
        InterpreterOptions options = with("FlexAddV2", counted);
        try (Model m = Model.fromFile(SharedModels.model(MULTI_ADD_FLEX))) {
            Interpreter first = Interpreter.create(m, options);
            Interpreter second = Interpreter.create(m, options);
            assertEquals(6, created.get(), "three nodes per interpreter");
            first.close();
            assertEquals(3, closed.get(), "the first interpreter's kernels, only");
            second.allocateTensors();
            second.invoke();
            second.close();
            assertEquals(6, closed.get());
        }
        assertEquals(created.get(), closed.get());
    }

    @Test
    void oneOperatorServesManyInterpretersOnManyThreads() throws Exception {
        InterpreterOptions options = with("JavaAdd", JavaOpModels.ADD);
        int interpreters = 8;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Model m = Model.fromBytes(JavaOpModels.add("JavaAdd"))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < interpreters; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    try (Interpreter ip = Interpreter.create(m, options)) {
                        SignatureRunner r = ip.runner("add");
                        int checked = 0;
                        for (int i = 0; i < 300; i++) {
                            float[] a = {id, i, id * i};
                            float[] b = {1, 2, 3 + (i % 5)};
                            float[] y = r.run(Map.of("a", a, "b", b)).get("y").floats();
                            assertArrayEquals(new float[] {id + 1, i + 2, id * i + 3 + (i % 5)}, y);
                            checked++;
                        }
                        return checked;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(300, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void anInterpreterMovesBetweenThreadsWithItsKernels() throws Exception {
        try (Model m = Model.fromBytes(JavaOpModels.add("JavaAdd"));
                Interpreter ip = Interpreter.create(m, with("JavaAdd", JavaOpModels.ADD))) {
            SignatureRunner r = ip.runner("add");
            for (int i = 0; i < 4; i++) {
                float v = i;
                Thread t = Thread.ofPlatform()
                        .start(() -> assertArrayEquals(
                                new float[] {v + 1},
                                r.run(Map.of("a", new float[] {v}, "b", new float[] {1}))
                                        .get("y")
                                        .floats()));
                t.join();
            }
        }
    }

    @Test
    void callbacksRunOnTheInvokingThread() throws Exception {
        List<Thread> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        JavaOperatorFactory recording = o -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext context) {
                seen.add(Thread.currentThread());
                context.output(0).resize(context.input(0).shape());
            }

            @Override
            public void invoke(OperatorContext context) {
                seen.add(Thread.currentThread());
            }
        };
        try (Model m = Model.fromBytes(JavaOpModels.unary("Record", new byte[0]));
                Interpreter ip = Interpreter.create(
                        m,
                        InterpreterOptions.builder()
                                .threads(2)
                                .addOperator("Record", recording)
                                .build())) {
            Thread worker = Thread.ofPlatform().start(() -> ip.runner("unary").run(Map.of("x", new float[] {1})));
            worker.join();
            assertTrue(seen.size() >= 2 && seen.stream().allMatch(t -> t == worker), seen.toString());
        }
    }

    // ---- allocation ---------------------------------------------------------------------------------

    @Test
    void thePreparedPathOfANumericOpAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        InterpreterOptions options = InterpreterOptions.builder()
                .xnnpack(false)
                .addOperator("JavaAdd", JavaOpModels.ADD)
                .build();
        try (Model m = Model.fromBytes(JavaOpModels.add("JavaAdd"));
                Interpreter ip = Interpreter.create(m, options)) {
            SignatureRunner r = ip.runner("add");
            r.resizeInput("a", 64);
            r.resizeInput("b", 64);
            r.allocateTensors();
            MemorySegment a = r.input("a").data();
            MemorySegment b = r.input("b").data();
            for (int i = 0; i < 64; i++) {
                a.setAtIndex(JAVA_FLOAT, i, i);
                b.setAtIndex(JAVA_FLOAT, i, 1);
            }
            for (int i = 0; i < 100_000; i++) {
                r.invoke(); // warm-up: let the JIT compile the upcall path
            }
            int n = 100_000;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                r.invoke();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(64f, r.output("y").data().getAtIndex(JAVA_FLOAT, 63));
            // Zero in practice; one-off JIT or class-loading effects allocate a few KB once, while one object per
            // invoke would be at least 16 bytes × n: the bound is one object per hundred invokes.
            assertTrue(allocated < 16L * n / 100, allocated + " bytes allocated by " + n + " invokes");
            System.out.println("JAVA-OP-ALLOCATION bytes=" + allocated + " invokes=" + n);
        }
    }

    // ---- the README's example ----------------------------------------------------------------------

    @Test
    void theReadmeSinhExample() throws Exception {
        assertArrayEquals(new float[] {0f, (float) Math.sinh(1), (float) Math.sinh(-2)}, ReadmeSinhExample.run());
    }

    @Test
    void theSameOptionsObjectIsReusable() {
        InterpreterOptions options = with("JavaAdd", JavaOpModels.ADD);
        assertSame(options.operators().getFirst().factory(), JavaOpModels.ADD);
    }
}
