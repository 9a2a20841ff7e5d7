package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Eight threads, one interpreter each (three models, XNNPACK on and off, run(Map) and the prepared path), while
 * another thread cancels at random and a third pokes at interpreters in use; workers now and then close their
 * interpreter and make a new one under the canceller. Bounded to about 15 seconds. Run in a child JVM by
 * {@link StressTest}: a race on native state would be a crash.
 */
class StressCases {

    static final int WORKERS = 8;
    static final long SECONDS = 15;

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong invokes = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong recreated = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cancels = new AtomicLong();

    /** One worker's model, options and how it runs. */
    private final class Worker extends Thread {
        final Model model;
        final InterpreterOptions options;
        final boolean prepared;
        final long deadline;
        volatile Interpreter current;
        long done;
        long succeeded;

        Worker(int index, Model model, InterpreterOptions options, boolean prepared, long deadline) {
            super("stress-worker-" + index);
            this.model = model;
            this.options = options;
            this.prepared = prepared;
            this.deadline = deadline;
            this.current = Interpreter.create(model, options);
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                while (System.nanoTime() < deadline) {
                    if (random.nextInt(300) == 0) {
                        Interpreter old = current;
                        current = Interpreter.create(model, options);
                        closeWhenFree(old); // under the canceller and the intruder
                        recreated.incrementAndGet();
                    }
                    try {
                        step(current, random);
                        invokes.incrementAndGet();
                        succeeded++;
                    } catch (TfLiteException e) {
                        if (e.status() != TfLiteException.Status.CANCELLED) {
                            throw e;
                        }
                        cancelled.incrementAndGet();
                    } catch (ConcurrentUseException e) {
                        refused.incrementAndGet(); // the intruder held it for a moment
                    }
                    done++;
                }
            } catch (Throwable t) {
                failures.add(new AssertionError(getName() + " failed", t));
            } finally {
                closeWhenFree(current);
            }
        }

        /** close() refuses while another thread (the intruder) is in a call: try again until it is free. */
        private void closeWhenFree(Interpreter ip) {
            while (true) {
                try {
                    ip.close();
                    return;
                } catch (ConcurrentUseException busy) {
                    Thread.onSpinWait();
                }
            }
        }

        private void step(Interpreter ip, ThreadLocalRandom random) {
            SignatureRunner r = ip.defaultRunner();
            String in = r.inputNames().getFirst();
            Tensor input = r.input(in);
            if (ip.model().description().contains("hello_world")) {
                float x = random.nextFloat() * 6f;
                float y;
                if (prepared) {
                    r.allocateTensors();
                    input.copyFrom(new float[] {x});
                    r.invoke();
                    y = r.output("dense_2").toFloatArray()[0];
                } else {
                    y = r.run(Map.of(in, new float[] {x})).get("dense_2").floats()[0];
                }
                if (Math.abs(y - Math.sin(x)) > 0.2) {
                    throw new AssertionError("sin(" + x + ") gave " + y);
                }
            } else if (prepared) {
                if (input.shape()[0] != 1 || random.nextInt(50) == 0) {
                    r.resizeInput(in, input.shape()); // a no-op resize now and then
                }
                r.allocateTensors();
                input.data().fill((byte) random.nextInt(4));
                r.invoke();
                if (r.output(r.outputNames().getFirst()).data().byteSize() == 0) {
                    throw new AssertionError("an empty output");
                }
            } else {
                int bytes = (int) input.byteSize();
                Object value = switch (input.dataType()) {
                    case FLOAT32 -> new float[bytes / 4];
                    case INT8 -> new byte[bytes];
                    default -> throw new AssertionError(input.dataType());
                };
                r.run(Map.of(in, value));
            }
        }
    }

    @Test
    void eightThreadsWithRandomCancelsCloseAndConcurrentUse() throws Exception {
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        InterpreterOptions slow = InterpreterOptions.builder().xnnpack(false).build();
        InterpreterOptions fast = InterpreterOptions.defaults();
        try (Model sine = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Model mnist = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Model mobilenet = Model.fromFile(SharedModels.model("mobilenet_v2_int8_1x3x224x224.tflite"))) {
            List<Worker> workers = new ArrayList<>();
            workers.add(new Worker(0, mobilenet, slow, true, deadline));
            workers.add(new Worker(1, mobilenet, slow, false, deadline));
            workers.add(new Worker(2, mnist, slow, true, deadline));
            workers.add(new Worker(3, mnist, fast, false, deadline));
            workers.add(new Worker(4, mnist, fast, true, deadline));
            workers.add(new Worker(5, sine, fast, true, deadline));
            workers.add(new Worker(6, sine, slow, false, deadline));
            workers.add(new Worker(7, sine, fast, false, deadline));
            Thread canceller = new Thread(
                    () -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < deadline) {
                            workers.get(random.nextInt(workers.size())).current.cancel();
                            cancels.incrementAndGet();
                            try {
                                // Often enough to stop some invokes of mobilenet (tens of ms), not all of them.
                                Thread.sleep(5 + random.nextInt(20));
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "stress-canceller");
            Thread intruder = new Thread(
                    () -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < deadline) {
                            try {
                                workers.get(random.nextInt(workers.size()))
                                        .current
                                        .input(0)
                                        .shape();
                            } catch (ConcurrentUseException | ClosedException expected) {
                                // in use by its worker, or just replaced
                            } catch (Throwable t) {
                                failures.add(new AssertionError("intruder failed", t));
                            }
                            Thread.onSpinWait();
                        }
                    },
                    "stress-intruder");
            workers.forEach(Thread::start);
            canceller.start();
            intruder.start();
            for (Worker w : workers) {
                w.join();
            }
            canceller.join();
            intruder.join();
            System.out.println("STRESS " + WORKERS + " threads for " + SECONDS + " s: " + invokes + " steps, "
                    + cancelled + " cancelled (of " + cancels + " cancel() calls), " + recreated
                    + " interpreters closed and replaced under the canceller, " + refused
                    + " steps refused while the intruder held an interpreter; steps (succeeded) per worker "
                    + workers.stream()
                            .map(w -> w.done + " (" + w.succeeded + ")")
                            .toList());
            if (!failures.isEmpty()) {
                AssertionError all = new AssertionError(failures.size() + " failures");
                failures.forEach(all::addSuppressed);
                throw all;
            }
            for (Worker w : workers) {
                assertTrue(w.done > 0, w.getName() + " made no step");
            }
            assertTrue(cancelled.get() > 0, "no invoke was cancelled");
            assertEquals(0, failures.size());
        }
    }
}
