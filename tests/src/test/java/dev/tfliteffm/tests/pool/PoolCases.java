package dev.tfliteffm.tests.pool;

import static dev.tfliteffm.tests.pool.PoolFixtures.XNNPACK_OFF;
import static dev.tfliteffm.tests.pool.PoolFixtures.assertSameOutputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.SharedModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link InterpreterPool}: lending, returning, replacing, closing (waiting and cancelling), and many threads at
 * once. Run in a child JVM by {@link PoolTest}.
 */
class PoolCases {

    private static final String MNIST = "mnist_dense_float.tflite";
    /** Tens of milliseconds an invoke without XNNPACK: long enough to close or cancel in the middle. */
    private static final String SLOW = "mobilenet_v2_int8_1x3x224x224.tflite";

    private static Model model(String name) {
        return Model.fromFile(SharedModels.model(name));
    }

    @Test
    void eagerPoolCreatesEveryInterpreterLazyPoolOnDemand() throws Exception {
        try (Model m = model(MNIST)) {
            try (InterpreterPool eager = InterpreterPool.builder(m).size(3).build()) {
                assertEquals(3, eager.created());
                assertTrue(eager.sharesWeights(), "XNNPACK is on by default, so the weights cache is shared");
            }
            try (InterpreterPool lazy =
                    InterpreterPool.builder(m).size(3).lazy(true).build()) {
                assertEquals(1, lazy.created(), "build() creates the first interpreter only");
                try (InterpreterPool.Lease a = lazy.borrow();
                        InterpreterPool.Lease b = lazy.borrow()) {
                    assertNotSame(a.interpreter(), b.interpreter());
                    assertEquals(2, lazy.created());
                    assertEquals(2, lazy.lent());
                }
                assertEquals(0, lazy.lent());
                try (InterpreterPool.Lease a = lazy.borrow()) {
                    assertEquals(2, lazy.created(), "a free interpreter is lent before a new one is made");
                }
            }
        }
    }

    @Test
    void borrowedInterpretersRunAndGoBack() throws Exception {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            Map<String, ?> input = Map.of("dense_input", new float[784]);
            Interpreter first;
            try (InterpreterPool.Lease lease = pool.borrow()) {
                first = lease.interpreter();
                assertEquals(
                        10, first.defaultRunner().run(input).get("activation_2").floats().length);
            }
            // LIFO: the interpreter just returned is lent next (warm caches).
            try (InterpreterPool.Lease lease = pool.borrow()) {
                assertSame(first, lease.interpreter());
            }
            NdArray viaFunction = pool.withInterpreter(
                    ip -> ip.runner("serving_default").run(input).get("activation_2"));
            assertEquals(10, viaFunction.floats().length);
            assertEquals(0, pool.lent());
        }
    }

    @Test
    void aLeaseReturnedTwiceIsHarmlessAndCannotBeUsedAfter() throws Exception {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 1, XNNPACK_OFF)) {
            InterpreterPool.Lease lease = pool.borrow();
            lease.close();
            lease.close();
            assertEquals(0, pool.lent());
            assertEquals(1, pool.created());
            ClosedException e = assertThrows(ClosedException.class, lease::interpreter);
            assertTrue(e.getMessage().contains("returned"), e.getMessage());
            // The pool still has exactly one interpreter to lend, once.
            try (InterpreterPool.Lease again = pool.borrow()) {
                assertThrows(TimeoutException.class, () -> pool.borrow(Duration.ofMillis(20)));
                assertNotNull(again.interpreter());
            }
        }
    }

    @Test
    void borrowWithATimeoutGivesUpWhenAllAreLent() throws Exception {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 2, XNNPACK_OFF)) {
            try (InterpreterPool.Lease a = pool.borrow(Duration.ZERO);
                    InterpreterPool.Lease b = pool.borrow()) {
                long start = System.nanoTime();
                assertThrows(TimeoutException.class, () -> pool.borrow(Duration.ofMillis(50)));
                assertTrue(System.nanoTime() - start >= 45_000_000L, "gave up before the timeout");
                assertThrows(TimeoutException.class, () -> pool.borrow(Duration.ZERO));
            }
            try (InterpreterPool.Lease a = pool.borrow(Duration.ZERO)) {
                assertNotNull(a.interpreter());
            }
            assertThrows(IllegalArgumentException.class, () -> pool.borrow(Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> pool.borrow(null));
        }
    }

    @Test
    void misuseIsRefusedInJava() {
        try (Model m = model(MNIST)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> InterpreterPool.builder(m).size(0));
            assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
            assertThrows(NullPointerException.class, () -> InterpreterPool.builder(null));
            assertThrows(
                    NullPointerException.class, () -> InterpreterPool.builder(m).options(null));
        }
        Model closed = model(MNIST);
        closed.close();
        assertThrows(
                ClosedException.class,
                () -> InterpreterPool.builder(closed).size(1).build());
    }

    @Test
    void borrowAfterCloseThrowsClosedException() throws Exception {
        try (Model m = model(MNIST)) {
            InterpreterPool pool =
                    InterpreterPool.builder(m).size(2).options(XNNPACK_OFF).build();
            pool.close();
            pool.close();
            pool.closeNow();
            assertTrue(pool.isClosed());
            assertEquals(0, pool.created());
            ClosedException e = assertThrows(ClosedException.class, pool::borrow);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(ClosedException.class, () -> pool.borrow(Duration.ofSeconds(1)));
            assertThrows(ClosedException.class, () -> pool.withInterpreter(ip -> 1));
        }
    }

    @Test
    void theModelMayBeClosedBeforeALazyPoolCreatesItsInterpreters() throws Exception {
        Model m = model(MNIST);
        try (InterpreterPool pool = InterpreterPool.builder(m)
                .size(2)
                .lazy(true)
                .options(XNNPACK_OFF)
                .build()) {
            m.close();
            try (InterpreterPool.Lease a = pool.borrow();
                    InterpreterPool.Lease b = pool.borrow()) {
                b.interpreter().defaultRunner().run(Map.of("dense_input", new float[784]));
            }
        }
    }

    @Test
    void closeWaitsForWorkInFlight() throws Exception {
        try (Model m = model(SLOW)) {
            InterpreterPool pool =
                    InterpreterPool.builder(m).size(1).options(XNNPACK_OFF).build();
            CountDownLatch borrowed = new CountDownLatch(1);
            AtomicInteger invokes = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread worker = Thread.ofPlatform().start(() -> {
                try (InterpreterPool.Lease lease = pool.borrow()) {
                    borrowed.countDown();
                    SignatureRunner r = lease.interpreter().defaultRunner();
                    for (int i = 0; i < 3; i++) {
                        r.invoke();
                        invokes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            borrowed.await();
            pool.close();
            // close() returned: the lease is back, so every invoke ran to its end.
            assertEquals(3, invokes.get());
            worker.join();
            assertEquals(null, failure.get());
            assertEquals(0, pool.created());
        }
    }

    @Test
    void closeNowCancelsRunningInvokes() throws Exception {
        try (Model m = model(SLOW)) {
            InterpreterPool pool =
                    InterpreterPool.builder(m).size(2).options(XNNPACK_OFF).build();
            CountDownLatch running = new CountDownLatch(2);
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    try (InterpreterPool.Lease lease = pool.borrow()) {
                        SignatureRunner r = lease.interpreter().defaultRunner();
                        r.allocateTensors();
                        running.countDown();
                        for (int i = 0; i < 1000; i++) { // about a minute if nothing stops it
                            r.invoke();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            running.await();
            long start = System.nanoTime();
            pool.closeNow();
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (Thread t : workers) {
                t.join();
            }
            assertTrue(millis < 5_000, "closeNow took " + millis + " ms");
            assertEquals(2, failures.size(), String.valueOf(failures));
            for (Throwable t : failures) {
                assertTrue(
                        t instanceof TfLiteException e && e.status() == TfLiteException.Status.CANCELLED,
                        String.valueOf(t));
            }
            assertTrue(pool.isClosed());
            assertEquals(0, pool.created());
        }
    }

    @Test
    void waitingBorrowersGetClosedExceptionWhenThePoolCloses() throws Exception {
        try (Model m = model(MNIST)) {
            InterpreterPool pool =
                    InterpreterPool.builder(m).size(1).options(XNNPACK_OFF).build();
            InterpreterPool.Lease held = pool.borrow();
            AtomicReference<Throwable> waiter = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    pool.borrow().close();
                } catch (Throwable e) {
                    waiter.set(e);
                }
            });
            Thread.sleep(50);
            Thread closer = Thread.ofPlatform().start(pool::close);
            t.join(10_000);
            assertTrue(waiter.get() instanceof ClosedException, String.valueOf(waiter.get()));
            assertTrue(closer.isAlive(), "close() must wait for the lease that is still out");
            held.close();
            closer.join(10_000);
            assertFalse(closer.isAlive());
            assertEquals(0, pool.created());
        }
    }

    @Test
    void interruptedBorrowerStopsWaiting() throws Exception {
        try (Model m = model(MNIST);
                InterpreterPool pool = InterpreterPool.create(m, 1, XNNPACK_OFF)) {
            try (InterpreterPool.Lease held = pool.borrow()) {
                AtomicReference<Throwable> waiter = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        pool.borrow().close();
                    } catch (Throwable e) {
                        waiter.set(e);
                    }
                });
                Thread.sleep(30);
                t.interrupt();
                t.join(10_000);
                assertTrue(waiter.get() instanceof InterruptedException, String.valueOf(waiter.get()));
            }
            assertEquals(0, pool.lent());
        }
    }

    @Test
    void discardedAndFailedInterpretersAreReplaced() throws Exception {
        try (Model m = model("simple_add_int8.tflite")) {
            Map<String, ?> input = Map.of("input_1", new byte[128 * 128], "input_2", new byte[128 * 128]);
            for (InterpreterOptions options : PoolFixtures.BOTH) {
                try (InterpreterPool pool = InterpreterPool.create(m, 1, options)) {
                    Interpreter discarded;
                    try (InterpreterPool.Lease lease = pool.borrow()) {
                        discarded = lease.interpreter();
                        lease.discard();
                    }
                    assertTrue(discarded.isClosed(), "a discarded interpreter is closed on return");
                    assertEquals(0, pool.created());

                    // An allocation that fails (shapes ADD cannot broadcast) may leave XNNPACK half-prepared:
                    // that interpreter is not lent again.
                    Interpreter failed;
                    try (InterpreterPool.Lease lease = pool.borrow()) {
                        failed = lease.interpreter();
                        assertNotSame(discarded, failed);
                        failed.resizeInput(0, 1, 3, 3, 1);
                        failed.resizeInput(1, 1, 4, 4, 1);
                        assertThrows(TfLiteException.class, failed::allocateTensors);
                    }
                    assertTrue(failed.isClosed(), PoolFixtures.describe(options));

                    // A failure TFLite recovers from (here: a bad input caught in Java) keeps the interpreter.
                    Interpreter kept;
                    try (InterpreterPool.Lease lease = pool.borrow()) {
                        kept = lease.interpreter();
                        assertThrows(
                                IllegalArgumentException.class,
                                () -> kept.defaultRunner()
                                        .run(Map.of("input_1", new float[3], "input_2", new float[3])));
                    }
                    assertFalse(kept.isClosed());

                    // The borrower closing its interpreter: the pool makes another.
                    try (InterpreterPool.Lease lease = pool.borrow()) {
                        assertSame(kept, lease.interpreter());
                        lease.interpreter().close();
                    }
                    NdArray y = pool.withInterpreter(
                            ip -> ip.defaultRunner().run(input).get("add"));
                    assertEquals(128 * 128, y.bytes().length);
                    assertEquals(1, pool.created());
                }
            }
        }
    }

    @Test
    void manyPlatformAndVirtualThreadsBorrowAtOnce() throws Exception {
        try (Model m = model(MNIST)) {
            for (InterpreterOptions options : PoolFixtures.BOTH) {
                List<Map<String, ?>> items;
                List<Map<String, NdArray>> expected = new ArrayList<>();
                try (Interpreter single = Interpreter.create(m, options)) {
                    items = PoolFixtures.randomItems(single.defaultRunner(), 24, 7);
                    for (Map<String, ?> item : items) {
                        expected.add(single.defaultRunner().run(item));
                    }
                }
                for (ThreadFactory threads : List.of(
                        Thread.ofPlatform().factory(), Thread.ofVirtual().factory())) {
                    try (InterpreterPool pool = InterpreterPool.builder(m)
                                    .size(3)
                                    .lazy(true)
                                    .options(options)
                                    .build();
                            ExecutorService executor = Executors.newThreadPerTaskExecutor(threads)) {
                        List<Future<Integer>> done = new ArrayList<>();
                        for (int t = 0; t < 12; t++) {
                            int thread = t;
                            done.add(executor.submit(() -> {
                                for (int round = 0; round < 20; round++) {
                                    int i = (thread * 7 + round) % items.size();
                                    Map<String, NdArray> out = pool.withInterpreter(
                                            ip -> ip.defaultRunner().run(items.get(i)));
                                    assertSameOutputs(expected.get(i), out, "item " + i + " on thread " + thread);
                                }
                                return thread;
                            }));
                        }
                        for (Future<Integer> f : done) {
                            f.get(2, TimeUnit.MINUTES);
                        }
                        assertEquals(0, pool.lent());
                        assertTrue(pool.created() <= 3, "a pool of 3 made " + pool.created());
                    }
                }
            }
        }
    }
}
