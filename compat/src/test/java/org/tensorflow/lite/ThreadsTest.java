package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import dev.tfliteffm.ConcurrentUseException;
import dev.tfliteffm.modelwriter.samples.MobileNetConfig;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One thread at a time, and cancellation from another thread, on a model slow enough (a conv net without
 * XNNPACK, tens of milliseconds an invoke) for a second thread to act while the first is inside a run.
 */
class ThreadsTest {

    private static final int SIZE = 160;
    private static byte[] slowModel;

    @BeforeAll
    static void writeModel() {
        slowModel = SampleModels.mobileNetFloat(MobileNetConfig.of(SIZE, 1f, 13));
    }

    private static Interpreter slow(boolean cancellable) {
        return new Interpreter(
                TestModels.buffer(slowModel),
                new Interpreter.Options().setUseXNNPACK(false).setNumThreads(1).setCancellable(cancellable));
    }

    /** Starts a run on another thread; returns once that thread is inside it. */
    private static CompletableFuture<Void> runInBackground(Interpreter interpreter) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            started.countDown();
            for (int i = 0; i < 20; i++) {
                interpreter.run(new float[1][SIZE][SIZE][3], new float[1][1000]);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(30);
        return run;
    }

    @Test
    void aSecondThreadIsRefusedNotRacing() throws Exception {
        try (Interpreter interpreter = slow(false)) {
            CompletableFuture<Void> run = runInBackground(interpreter);
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> interpreter.run(new float[1][SIZE][SIZE][3], new float[1][1000]));
            assertInstanceOf(ConcurrentUseException.class, e);
            assertThrows(ConcurrentUseException.class, interpreter::getInputTensorCount);
            assertThrows(ConcurrentUseException.class, interpreter::close);
            run.get(60, TimeUnit.SECONDS);
            assertEquals(1, interpreter.getInputTensorCount(), "free again once the run returned");
        }
    }

    @Test
    void cancelARunInProgressFromAnotherThread() throws Exception {
        try (Interpreter interpreter = slow(true)) {
            CompletableFuture<Void> run = runInBackground(interpreter);
            interpreter.setCancelled(true);
            Exception e = assertThrows(Exception.class, () -> run.get(60, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertContains(
                    e.getCause(),
                    "Internal error: Failed to run on the given Interpreter: Client requested cancel during Invoke()");
            // Cancelled until resumed.
            assertThrows(
                    IllegalArgumentException.class,
                    () -> interpreter.run(new float[1][SIZE][SIZE][3], new float[1][1000]));
            interpreter.setCancelled(false);
            float[][] out = new float[1][1000];
            interpreter.run(new float[1][SIZE][SIZE][3], out);
            float sum = 0;
            for (float p : out[0]) {
                sum += p;
            }
            assertEquals(1f, sum, 1e-3f, "softmax probabilities");
        }
    }

    @Test
    void interpretersOnSeveralThreads() throws Exception {
        byte[] model = TestModels.add();
        CompletableFuture<?>[] runs = new CompletableFuture<?>[4];
        for (int t = 0; t < runs.length; t++) {
            float value = t;
            runs[t] = CompletableFuture.runAsync(() -> {
                try (Interpreter interpreter = new Interpreter(TestModels.buffer(model))) {
                    for (int i = 0; i < 200; i++) {
                        float[] out = new float[1];
                        interpreter.run(new float[] {value}, out);
                        assertEquals(3 * value, out[0]);
                    }
                }
            });
        }
        CompletableFuture.allOf(runs).get(60, TimeUnit.SECONDS);
    }
}
