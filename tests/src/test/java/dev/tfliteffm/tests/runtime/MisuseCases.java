package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.ConcurrentUseException;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Misuse that would crash a careless binding: concurrent use, use after close, use after the owner arena
 * closed, stale views, cancellation. Run in a child JVM by {@link MisuseTest}, so a crash fails that test.
 */
class MisuseCases {

    private static final InterpreterOptions SLOW =
            InterpreterOptions.builder().xnnpack(false).build();

    /** Runs mobilenet (tens of ms an invoke without XNNPACK) in a loop on another thread until told to stop. */
    private static final class Busy implements AutoCloseable {
        final Thread thread;
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stop;

        Busy(SignatureRunner runner) {
            thread = new Thread(
                    () -> {
                        try {
                            runner.allocateTensors();
                            started.countDown();
                            while (!stop) {
                                runner.invoke();
                            }
                        } catch (Throwable t) {
                            failure.set(t);
                            started.countDown();
                        }
                    },
                    "busy-invoker");
            thread.start();
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void secondThreadFailsFastWhileAnInvokeRuns() throws Exception {
        try (Model m = Model.fromFile(SharedModels.model("mobilenet_v2_int8_1x3x224x224.tflite"));
                Interpreter ip = Interpreter.create(m, SLOW)) {
            SignatureRunner r = ip.defaultRunner();
            Tensor input = r.input(r.inputNames().getFirst());
            try (Busy busy = new Busy(r)) {
                busy.started.await();
                Thread.sleep(20);
                for (Runnable use : new Runnable[] {
                    r::invoke,
                    () -> input.copyFrom(new byte[3 * 224 * 224]),
                    input::shape,
                    () -> r.resizeInput(r.inputNames().getFirst(), 1, 3, 224, 224),
                    ip::allocateTensors,
                    ip::close
                }) {
                    ConcurrentUseException e = assertThrows(ConcurrentUseException.class, use::run);
                    assertTrue(e.getMessage().contains("thread 'busy-invoker'"), e.getMessage());
                }
                assertFalse(ip.isClosed(), "close() refused during another thread's invoke must leave it open");
            }
            // Once free, any thread may use it.
            r.invoke();
        }
    }

    @Test
    void cancelFromAnotherThreadStopsAnInvoke() throws Exception {
        try (Model m = Model.fromFile(SharedModels.model("mobilenet_v2_int8_1x3x224x224.tflite"));
                Interpreter ip = Interpreter.create(m, SLOW)) {
            SignatureRunner r = ip.defaultRunner();
            Busy busy = new Busy(r);
            busy.started.await();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (busy.failure.get() == null && System.nanoTime() < deadline) {
                r.cancel();
                Thread.sleep(2);
            }
            busy.close();
            Throwable t = busy.failure.get();
            assertNotNull(t, "the invoke loop was never cancelled");
            assertTrue(
                    t instanceof TfLiteException e && e.status() == TfLiteException.Status.CANCELLED,
                    String.valueOf(t));
            // A cancelled interpreter runs again.
            r.invoke();
        }
    }

    @Test
    void closeWhileAnotherThreadCancelsIsSafe() throws Exception {
        for (int round = 0; round < 20; round++) {
            Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
            Interpreter ip = Interpreter.create(m);
            Thread canceller = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    ip.cancel();
                }
            });
            canceller.start();
            ip.close();
            canceller.join();
            m.close();
            ip.cancel();
        }
    }

    @Test
    void useAfterTheOwnerArenaClosed() {
        SignatureRunner r;
        Tensor x;
        MemorySegment view;
        try (Arena arena = Arena.ofConfined()) {
            Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"), arena);
            Interpreter ip = Interpreter.create(m, InterpreterOptions.defaults(), arena);
            r = ip.runner("serving_default");
            x = r.input("dense_input");
            r.allocateTensors();
            view = x.data();
        }
        assertThrows(ClosedException.class, r::invoke);
        assertThrows(ClosedException.class, x::data);
        assertThrows(ClosedException.class, () -> r.run(Map.of("dense_input", new float[] {1f})));
        assertThrows(IllegalStateException.class, () -> view.set(ValueLayout.JAVA_FLOAT, 0, 1f));
    }

    /**
     * Issue 12, item 11f: closing the owner arena while another thread was in a call logged a warning and left the
     * interpreter open for good. The close now waits for the call to return, then closes.
     */
    @Test
    void closingTheOwnerArenaWaitsForACallOnAnotherThread() throws Exception {
        try (Model m = Model.fromFile(SharedModels.model("mobilenet_v2_int8_1x3x224x224.tflite"))) {
            Arena owner = Arena.ofConfined();
            Interpreter ip = Interpreter.create(m, SLOW, owner);
            SignatureRunner r = ip.defaultRunner();
            Busy busy = new Busy(r);
            busy.started.await();
            Thread.sleep(20); // inside an invoke of tens of milliseconds
            owner.close();
            assertTrue(ip.isClosed(), "closed once the other thread's call returned");
            busy.close();
            assertTrue(busy.failure.get() instanceof ClosedException, String.valueOf(busy.failure.get()));
            assertThrows(ClosedException.class, r::invoke);
        }
    }

    @Test
    void modelFromASegmentWhoseArenaClosesStaysValid() {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(SharedModels.model("hello_world_float.tflite"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Model m;
        try (Arena arena = Arena.ofConfined()) {
            m = Model.fromSegment(arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes));
        }
        // The model copied the bytes: the user's arena is gone, the model is not.
        try (m;
                Interpreter ip = Interpreter.create(m)) {
            float y = ip.runner("serving_default")
                    .run(Map.of("dense_input", new float[] {1.5708f}))
                    .get("dense_2")
                    .floats()[0];
            assertEquals(0.9957f, y, 1e-4f);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment closedLater = arena.allocate(16);
            arena.close();
            assertThrows(ClosedException.class, () -> Model.fromSegment(closedLater));
        } catch (IllegalStateException alreadyClosed) {
            // try-with-resources closing an already closed arena: expected
        }
    }

    @Test
    void staleViewsAfterResizeThrowInsteadOfReadingFreedMemory() {
        try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            r.allocateTensors();
            MemorySegment in = r.input("dense_input").data();
            MemorySegment out = r.output("dense_2").data();
            r.resizeInput("dense_input", 1000, 1);
            assertThrows(IllegalStateException.class, () -> in.get(ValueLayout.JAVA_FLOAT, 0));
            r.allocateTensors();
            assertThrows(IllegalStateException.class, () -> out.get(ValueLayout.JAVA_FLOAT, 0));
            MemorySegment fresh = r.input("dense_input").data();
            assertEquals(4000, fresh.byteSize());
            assertThrows(IndexOutOfBoundsException.class, () -> fresh.get(ValueLayout.JAVA_FLOAT, 4000));
        }
    }

    /**
     * Regression: TFLite moves its TfLiteTensor structs when kernels add tensors (blazeface during its first
     * allocation, mobilenet also during its first invoke without XNNPACK). Tensors must find theirs again
     * rather than read the freed ones (this crashed the JVM, or gave shapes of garbage).
     */
    @Test
    void tensorsFollowStructsThatTfLiteMoves() {
        try (Model m = Model.fromFile(SharedModels.model("blazeface_front_float.tflite"));
                Interpreter ip = Interpreter.create(m, SLOW)) {
            SignatureRunner r = ip.defaultRunner();
            Tensor in = r.input(r.inputNames().getFirst());
            assertEquals(
                    java.util.List.of(1, 128, 128, 3),
                    java.util.Arrays.stream(in.shape()).boxed().toList());
            float[] image = new float[128 * 128 * 3];
            for (int i = 0; i < image.length; i++) {
                image[i] = (i % 255) / 127.5f - 1f;
            }
            var first = r.run(Map.of(r.inputNames().getFirst(), image));
            assertEquals(
                    java.util.List.of(1, 128, 128, 3),
                    java.util.Arrays.stream(in.shape()).boxed().toList());
            // The prepared path over the same interpreter gives the same bytes.
            in.copyFrom(image);
            r.invoke();
            for (String name : r.outputNames()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        first.get(name).floats(), r.output(name).toFloatArray(), name);
            }
        }
        try (Model m = Model.fromFile(SharedModels.model("mobilenet_v2_int8_1x3x224x224.tflite"));
                Interpreter ip = Interpreter.create(m, SLOW)) {
            SignatureRunner r = ip.defaultRunner();
            Tensor in = r.input(r.inputNames().getFirst());
            r.allocateTensors();
            MemorySegment view = in.data();
            r.invoke();
            assertEquals(
                    java.util.List.of(1, 3, 224, 224),
                    java.util.Arrays.stream(in.shape()).boxed().toList());
            assertEquals(3 * 224 * 224, in.byteSize());
            assertEquals(3 * 224 * 224, in.data().byteSize());
            // Buffers did not move with the structs, so the view taken before the first invoke still works.
            assertEquals(in.data().address(), view.address());
            view.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
    }

    @Test
    void moreDimensionsThanXnnpackTakesAreRefusedNotACrash() {
        // TFLite 2.21's XNNPACK delegate aborts the process ("stack smashing detected") when it reshapes an
        // input to rank 7 or more.
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ip.resizeInput(0, 1, 1, 1, 1, 1, 1, 784));
            assertTrue(e.getMessage().contains("at most 6 dimensions"), e.getMessage());
            float[][][][][][][] rank7 = new float[1][1][1][1][1][1][784];
            assertThrows(
                    IllegalArgumentException.class, () -> ip.defaultRunner().run(Map.of("dense_input", rank7)));
            ip.resizeInput(0, 1, 1, 1, 1, 1, 784); // rank 6 is fine
            ip.allocateTensors();
        }
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Interpreter ip = Interpreter.create(m, SLOW)) {
            ip.resizeInput(0, 1, 1, 1, 1, 1, 1, 784); // without XNNPACK TFLite's kernels take it
            ip.allocateTensors();
        }
    }
}
