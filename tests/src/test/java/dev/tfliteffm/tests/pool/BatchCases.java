package dev.tfliteffm.tests.pool;

import static dev.tfliteffm.tests.pool.PoolFixtures.XNNPACK_OFF;
import static dev.tfliteffm.tests.pool.PoolFixtures.assertEveryIndexOnce;
import static dev.tfliteffm.tests.pool.PoolFixtures.assertSameOutputs;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.BatchJob;
import dev.tfliteffm.BatchProgress;
import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.ClosedException;
import dev.tfliteffm.FailurePolicy;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchRunner} and {@link BatchJob}: order, every item's fate under failures, cancellation and
 * deadlines, back-pressure, progress, writers and readers. Run in a child JVM by {@link PoolTest}.
 */
class BatchCases {

    private static final String MNIST = "mnist_dense_float.tflite";
    private static final String SLOW = "mobilenet_v2_int8_1x3x224x224.tflite";

    private static Model model(String name) {
        return Model.fromFile(SharedModels.model(name));
    }

    /** Codec items of different lengths, so that they take different times and finish out of order. */
    private static List<Map<String, ?>> codecItems(int count) {
        List<Map<String, ?>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[1 + (i * 7919) % 3000];
            for (int j = 0; j < x.length; j++) {
                x[j] = (i + j) * 0.01f;
            }
            items.add(Map.of("x", x));
        }
        return items;
    }

    private static byte quantize(float x) {
        int q = Math.round(x / SampleModels.CODEC_SCALE) + SampleModels.CODEC_ZERO_POINT;
        return (byte) Math.max(-128, Math.min(127, q));
    }

    private static void assertEncoded(Map<String, ?> item, Map<String, NdArray> result) {
        float[] x = (float[]) item.get("x");
        byte[] encoded = result.get("encoded_result").bytes();
        assertEquals(x.length, encoded.length);
        for (int j = 0; j < x.length; j++) {
            assertEquals(quantize(x[j]), encoded[j]);
        }
    }

    @Test
    void orderedResultsComeInInputOrder() {
        List<Map<String, ?>> items = codecItems(300);
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 3, XNNPACK_OFF)) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner =
                    BatchRunner.builder(pool, "encode").build();
            try (BatchJob<Map<String, NdArray>> job = runner.start(items)) {
                long expected = 0;
                for (ItemResult<Map<String, NdArray>> r : job) {
                    assertEquals(expected, r.index());
                    assertEncoded(items.get((int) r.index()), r.value());
                    expected++;
                }
                assertEquals(items.size(), expected);
                assertTrue(job.isFinished());
                assertEquals(items.size(), job.progress().succeeded());
            }
        }
    }

    @Test
    void unorderedResultsCarryTheirIndex() {
        List<Map<String, ?>> items = codecItems(300);
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 3, XNNPACK_OFF)) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner =
                    BatchRunner.builder(pool, "encode").ordered(false).build();
            List<ItemResult<Map<String, NdArray>>> results;
            try (BatchJob<Map<String, NdArray>> job = runner.start(items.stream())) {
                results = job.stream().toList();
            }
            assertEveryIndexOnce(results, items.size());
            for (ItemResult<Map<String, NdArray>> r : results) {
                assertEncoded(items.get((int) r.index()), r.value());
            }
        }
    }

    @Test
    void everyItemsFateIsKnownWhenSomeFail() {
        List<Map<String, ?>> items = new ArrayList<>(codecItems(200));
        List<Integer> bad = List.of(0, 13, 14, 99, 199);
        items.set(0, Map.of("x", new int[3])); // wrong type
        items.set(13, Map.of("y", new float[3])); // unknown input
        items.set(14, Map.of()); // missing input
        items.set(99, Map.of("x", new float[][] {{1f}, {1f, 2f}})); // ragged
        items.set(199, Map.of("x", "not an array"));
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            for (boolean ordered : new boolean[] {true, false}) {
                List<ItemResult<Map<String, NdArray>>> results = BatchRunner.builder(pool, "encode")
                        .ordered(ordered)
                        .build()
                        .runAll(items);
                assertEveryIndexOnce(results, items.size());
                for (ItemResult<Map<String, NdArray>> r : results) {
                    int i = (int) r.index();
                    if (bad.contains(i)) {
                        assertFalse(r.succeeded(), "item " + i);
                        assertTrue(
                                r.error() instanceof IllegalArgumentException
                                        || r.error() instanceof dev.tfliteffm.TfLiteException,
                                "item " + i + ": " + r.error());
                        IllegalStateException e = assertThrows(IllegalStateException.class, r::value);
                        assertTrue(e.getMessage().startsWith("item " + i + " failed"), e.getMessage());
                    } else {
                        assertEncoded(items.get(i), r.value());
                    }
                }
            }
        }
    }

    @Test
    void stopPolicyTakesNoMoreItemsAfterAFailureButLosesNoneTaken() {
        AtomicLong pulled = new AtomicLong();
        Iterator<Map<String, ?>> source = IntStream.range(0, 100_000)
                .<Map<String, ?>>mapToObj(i -> {
                    pulled.incrementAndGet();
                    return i == 50 ? Map.of("x", new int[1]) : Map.of("x", new float[] {i});
                })
                .iterator();
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner = BatchRunner.builder(pool, "encode")
                    .failurePolicy(FailurePolicy.STOP)
                    .build();
            List<ItemResult<Map<String, NdArray>>> results = new ArrayList<>();
            try (BatchJob<Map<String, NdArray>> job = runner.start(source)) {
                job.forEach(results::add);
                assertEquals(pulled.get(), job.taken());
            }
            assertEveryIndexOnce(results, pulled.get());
            // Workers that were already taking an item when the failure was recorded take it (one each).
            assertTrue(pulled.get() <= 51 + runner.maxInFlight() + runner.workers(), "took " + pulled.get() + " items");
            assertEquals(1, results.stream().filter(r -> !r.succeeded()).count());
            assertFalse(results.get(50).succeeded());
        }
    }

    @Test
    void aFailingInputEndsTheJobWithAFailureAtItsIndex() {
        Iterator<Map<String, ?>> source = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, ?> next() {
                if (i == 37) {
                    throw new IllegalStateException("the input broke");
                }
                return Map.of("x", new float[] {i++});
            }
        };
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            List<ItemResult<Map<String, NdArray>>> results = new ArrayList<>();
            try (BatchJob<Map<String, NdArray>> job =
                    BatchRunner.builder(pool, "encode").build().start(source)) {
                job.forEach(results::add);
            }
            assertEveryIndexOnce(results, 38);
            assertEquals("the input broke", results.get(37).error().getMessage());
            assertTrue(results.subList(0, 37).stream().allMatch(ItemResult::succeeded));
        }
    }

    @Test
    void cancellingAccountsForEveryItemTaken() throws Exception {
        try (Model m = model(SLOW);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            Map<String, ?> image = Map.of("input.5", new byte[3 * 224 * 224]);
            for (boolean ordered : new boolean[] {true, false}) {
                // A queue the workers cannot fill before the cancel: with a small one, a consumer descheduled
                // between next() and cancel() (a loaded machine) let both workers block with nothing in flight,
                // so nothing was left to cancel.
                BatchRunner<Map<String, ?>, Map<String, NdArray>> runner = BatchRunner.builder(pool)
                        .ordered(ordered)
                        .queueCapacity(1000)
                        .build();
                List<ItemResult<Map<String, NdArray>>> results = new ArrayList<>();
                long taken;
                Stream<Map<String, ?>> images =
                        Stream.<Map<String, ?>>generate(() -> image).limit(10_000);
                try (BatchJob<Map<String, NdArray>> job = runner.start(images)) {
                    Iterator<ItemResult<Map<String, NdArray>>> it = job.iterator();
                    results.add(it.next());
                    results.add(it.next());
                    job.cancel();
                    it.forEachRemaining(results::add);
                    taken = job.taken();
                    assertTrue(job.isCancelled());
                    BatchProgress p = job.progress();
                    assertTrue(p.finished());
                    assertEquals(taken, p.done());
                }
                assertTrue(taken < 10_000);
                assertEveryIndexOnce(results, taken);
                long cancelled = results.stream()
                        .filter(r -> r.error() instanceof CancellationException)
                        .count();
                long succeeded = results.stream().filter(ItemResult::succeeded).count();
                assertEquals(taken, cancelled + succeeded, "every failure is a cancellation: " + results);
                assertTrue(succeeded >= 2);
                assertTrue(cancelled >= 1, "nothing was cancelled; taken " + taken + ", succeeded " + succeeded);
                // The interpreters are usable again.
                assertTrue(runner.runAll(List.of(image, image)).stream().allMatch(ItemResult::succeeded));
            }
        }
    }

    @Test
    void closingAJobMidwayCancelsItAndReturnsItsInterpreters() {
        try (Model m = model(SLOW);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            Map<String, ?> image = Map.of("input.5", new byte[3 * 224 * 224]);
            BatchJob<Map<String, NdArray>> job = BatchRunner.builder(pool)
                    .build()
                    .start(Stream.<Map<String, ?>>generate(() -> image).limit(10_000));
            assertTrue(job.iterator().next().succeeded());
            job.close();
            job.close();
            assertTrue(job.isFinished());
            assertEquals(0, pool.lent());
            assertEquals(job.taken(), job.progress().done());
        }
    }

    @Test
    void anInvokePastItsDeadlineFailsAndTheInterpreterGoesOn() {
        try (Model m = model(SLOW);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            Map<String, ?> image = Map.of("input.5", new byte[3 * 224 * 224]);
            List<Map<String, ?>> items = List.of(image, image, image, image);
            // An invoke takes tens of milliseconds without XNNPACK: 1 ms is always too short.
            BatchRunner<Map<String, ?>, Map<String, NdArray>> strict =
                    BatchRunner.builder(pool).itemTimeout(Duration.ofMillis(1)).build();
            List<ItemResult<Map<String, NdArray>>> results = strict.runAll(items);
            assertEveryIndexOnce(results, items.size());
            for (ItemResult<Map<String, NdArray>> r : results) {
                TimeoutException e = assertInstanceOf(TimeoutException.class, r.error());
                assertTrue(e.getMessage().contains("deadline"), e.getMessage());
                assertTrue(
                        e.getCause() instanceof dev.tfliteffm.TfLiteException t
                                && t.status() == dev.tfliteffm.TfLiteException.Status.CANCELLED,
                        String.valueOf(e.getCause()));
            }
            // The same interpreters, with a deadline they meet.
            BatchRunner<Map<String, ?>, Map<String, NdArray>> lenient = BatchRunner.builder(pool)
                    .itemTimeout(Duration.ofSeconds(30))
                    .build();
            assertTrue(lenient.runAll(items).stream().allMatch(ItemResult::succeeded));
            assertEquals(2, pool.created(), "no interpreter was replaced");
        }
    }

    @Test
    void aSlowConsumerHoldsBackTheInput() throws Exception {
        AtomicLong pulled = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        // Ten million items, made only as they are pulled.
        Iterator<Map<String, ?>> source = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, ?> next() {
                long ahead = pulled.incrementAndGet() - consumed.get();
                worst.accumulateAndGet(ahead, Math::max);
                return Map.of("dense_input", new float[784]);
            }
        };
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            for (int pack : new int[] {1, 4}) {
                pulled.set(0);
                consumed.set(0);
                worst.set(0);
                BatchRunner<Map<String, ?>, Map<String, NdArray>> runner =
                        BatchRunner.builder(pool).pack(pack).queueCapacity(3).build();
                long bound = runner.maxInFlight();
                assertEquals(2L * 2 * pack + 3, bound);
                Iterator<Map<String, ?>> tenMillion = Stream.iterate(0, i -> i + 1)
                        .limit(10_000_000)
                        .<Map<String, ?>>map(i -> source.next())
                        .iterator();
                try (BatchJob<Map<String, NdArray>> job = runner.start(tenMillion)) {
                    Iterator<ItemResult<Map<String, NdArray>>> it = job.iterator();
                    for (int i = 0; i < 200; i++) {
                        // Counted before the take: the take frees room, and a worker may pull at once.
                        consumed.incrementAndGet();
                        assertTrue(it.next().succeeded());
                        if (i % 50 == 0) {
                            Thread.sleep(20); // the consumer is slow: the workers must wait for it
                            assertTrue(
                                    pulled.get() - consumed.get() <= bound,
                                    "read " + (pulled.get() - consumed.get()) + " ahead, bound " + bound);
                        }
                    }
                }
                assertTrue(worst.get() <= bound, "the input was read " + worst.get() + " items ahead; bound " + bound);
                assertTrue(pulled.get() <= 200 + bound, "pulled " + pulled.get());
                assertEquals(0, pool.lent());
            }
        }
    }

    @Test
    void progressIsReportedPeriodicallyAndOnceAtTheEnd() {
        List<BatchProgress> reports = new CopyOnWriteArrayList<>();
        AtomicBoolean resultsEnded = new AtomicBoolean();
        AtomicBoolean lateReport = new AtomicBoolean();
        List<Map<String, ?>> items = new ArrayList<>(codecItems(400));
        items.set(5, Map.of("x", new int[1]));
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner = BatchRunner.builder(pool, "encode")
                    .progress(
                            p -> {
                                lateReport.compareAndSet(false, resultsEnded.get());
                                reports.add(p);
                            },
                            Duration.ofMillis(5))
                    .build();
            try (BatchJob<Map<String, NdArray>> job = runner.start(items)) {
                Iterator<ItemResult<Map<String, NdArray>>> it = job.iterator();
                while (it.hasNext()) {
                    it.next();
                    Thread.onSpinWait();
                }
                resultsEnded.set(true);
            }
        }
        assertFalse(lateReport.get(), "a report came after the results ended");
        BatchProgress last = reports.getLast();
        assertTrue(last.finished());
        assertEquals(1, reports.stream().filter(BatchProgress::finished).count());
        assertEquals(399, last.succeeded());
        assertEquals(1, last.failed());
        assertTrue(last.itemsPerSecond() > 0);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i).done() >= reports.get(i - 1).done(), "progress went back");
            assertTrue(reports.get(i).elapsed().compareTo(reports.get(i - 1).elapsed()) >= 0);
        }
    }

    @Test
    void writersAndReadersWorkOnTheTensorsDirectly() {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            List<Map<String, ?>> items;
            try (Interpreter single = Interpreter.create(m, XNNPACK_OFF)) {
                items = PoolFixtures.randomItems(single.defaultRunner(), 40, 11);
            }
            List<ItemResult<Map<String, NdArray>>> expected =
                    BatchRunner.builder(pool).build().runAll(items);
            for (int pack : new int[] {1, 8}) {
                // Items as float[]s written into the tensor; results read as the index of the largest output.
                BatchRunner<float[], Integer> direct = BatchRunner.builder(pool)
                        .pack(pack)
                        .<float[]>writer((x, in) -> MemorySegment.copy(x, 0, in.segment(0), JAVA_FLOAT, 0, x.length))
                        .<Integer>reader(out -> {
                            MemorySegment y = out.segment("activation_2");
                            int best = 0;
                            for (int i = 1; i < 10; i++) {
                                if (y.getAtIndex(JAVA_FLOAT, i) > y.getAtIndex(JAVA_FLOAT, best)) {
                                    best = i;
                                }
                            }
                            return best;
                        })
                        .build();
                List<float[]> raw = items.stream()
                        .map(it -> ((NdArray) it.get("dense_input")).floats())
                        .toList();
                List<ItemResult<Integer>> results = direct.runAll(raw);
                assertEveryIndexOnce(results, items.size());
                for (ItemResult<Integer> r : results) {
                    float[] y = expected.get((int) r.index())
                            .value()
                            .get("activation_2")
                            .floats();
                    int best = 0;
                    for (int i = 1; i < 10; i++) {
                        best = y[i] > y[best] ? i : best;
                    }
                    assertEquals(best, r.value(), "item " + r.index() + ", pack " + pack);
                }
                // A writer alone: results are the outputs copied, as run(Map) gives them (XNNPACK off: one by one).
                if (pack == 1) {
                    List<ItemResult<Map<String, NdArray>>> copied = BatchRunner.builder(pool)
                            .<float[]>writer((x, in) ->
                                    MemorySegment.copy(x, 0, in.segment("dense_input"), JAVA_FLOAT, 0, x.length))
                            .build()
                            .runAll(raw);
                    for (ItemResult<Map<String, NdArray>> r : copied) {
                        assertSameOutputs(expected.get((int) r.index()).value(), r.value(), "item " + r.index());
                    }
                }
            }
        }
    }

    @Test
    void aWriterThatThrowsFailsOnlyItsItem() {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 2, PoolFixtures.XNNPACK_ON)) {
            List<Map<String, ?>> items;
            try (Interpreter single = Interpreter.create(m, PoolFixtures.XNNPACK_ON)) {
                items = PoolFixtures.randomItems(single.defaultRunner(), 30, 12);
            }
            List<ItemResult<Map<String, NdArray>>> expected =
                    BatchRunner.builder(pool).build().runAll(items);
            List<float[]> raw = items.stream()
                    .map(it -> ((NdArray) it.get("dense_input")).floats())
                    .toList();
            for (int pack : new int[] {1, 8}) {
                List<ItemResult<Map<String, NdArray>>> results = BatchRunner.builder(pool)
                        .pack(pack)
                        .<float[]>writer((x, in) -> {
                            if (in.index() % 7 == 3) {
                                throw new java.io.IOException("cannot read item " + in.index());
                            }
                            MemorySegment.copy(x, 0, in.segment(0), JAVA_FLOAT, 0, x.length);
                        })
                        .build()
                        .runAll(raw);
                assertEveryIndexOnce(results, raw.size());
                for (ItemResult<Map<String, NdArray>> r : results) {
                    if (r.index() % 7 == 3) {
                        assertEquals("cannot read item " + r.index(), r.error().getMessage());
                    } else {
                        assertSameOutputs(
                                expected.get((int) r.index()).value(),
                                r.value(),
                                "item " + r.index() + ", pack " + pack);
                    }
                }
            }
        }
    }

    @Test
    void workersMayBeVirtualThreads() {
        List<Map<String, ?>> items = codecItems(100);
        try (Model m = Model.fromBytes(SampleModels.codec());
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            List<ItemResult<Map<String, NdArray>>> results = BatchRunner.builder(pool, "encode")
                    .workers(4)
                    .threadFactory(Thread.ofVirtual().factory())
                    .build()
                    .runAll(items);
            assertEveryIndexOnce(results, items.size());
            results.forEach(r -> assertEncoded(items.get((int) r.index()), r.value()));
        }
    }

    @Test
    void misuseIsRefusedWhenTheRunnerIsBuilt() throws Exception {
        try (Model m = model(SLOW);
                InterpreterPool pool = InterpreterPool.create(m, 1, XNNPACK_OFF)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool).pack(4).build());
            assertTrue(e.getMessage().contains("input 'input.5' has shape signature [1, 3, 224, 224]"), e.getMessage());
            assertTrue(e.getMessage().contains("-1"), e.getMessage());
            e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool, "nope").build());
            assertTrue(e.getMessage().contains("no signature 'nope'"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool).pack(0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool).workers(0));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool).itemTimeout(Duration.ZERO));
            assertThrows(NullPointerException.class, () -> BatchRunner.builder(null));
        }
        try (Model m = Model.fromBytes(SampleModels.dynamicShapes());
                InterpreterPool pool = InterpreterPool.create(m, 1, XNNPACK_OFF)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool, "flatten")
                            .<float[]>writer((x, in) -> {})
                            .build());
            assertTrue(e.getMessage().contains("[-1, -1]"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool, "flatten").pack(2).build());
        }
        try (Model m = model(MNIST)) {
            InterpreterPool pool = InterpreterPool.builder(m)
                    .size(1)
                    .options(dev.tfliteffm.InterpreterOptions.builder()
                            .cancellable(false)
                            .build())
                    .build();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BatchRunner.builder(pool)
                            .itemTimeout(Duration.ofSeconds(1))
                            .build());
            assertTrue(e.getMessage().contains("cancel"), e.getMessage());
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner =
                    BatchRunner.builder(pool).build();
            pool.close();
            assertThrows(ClosedException.class, () -> runner.start(List.of()));
        }
    }

    @Test
    void closingThePoolNowStopsItsJobs() throws Exception {
        try (Model m = model(SLOW)) {
            InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF);
            Map<String, ?> image = Map.of("input.5", new byte[3 * 224 * 224]);
            List<ItemResult<Map<String, NdArray>>> results = new ArrayList<>();
            BatchJob<Map<String, NdArray>> job = BatchRunner.builder(pool)
                    .build()
                    .start(Stream.<Map<String, ?>>generate(() -> image).limit(10_000));
            Iterator<ItemResult<Map<String, NdArray>>> it = job.iterator();
            results.add(it.next());
            Thread closer = Thread.ofPlatform().start(pool::closeNow);
            try {
                it.forEachRemaining(results::add);
            } catch (ClosedException stoppedTakingItems) {
                // allowed: a worker found the pool closed when it went for an interpreter
            }
            closer.join(30_000);
            assertFalse(closer.isAlive(), "closeNow did not return");
            assertTrue(pool.isClosed());
            assertEveryIndexOnce(results, job.taken());
            job.close();
        }
    }
}
