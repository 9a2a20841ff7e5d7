package dev.tfliteffm.tests;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM program for the loader tests: loads the library from {@code threads} threads at once,
 * checks that they all got the same library, runs the sine model through the raw bindings, and prints
 * {@code source=... location=... version=... instances=... y=...}. On failure prints {@code error=...}.
 */
public final class LoaderProbe {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        CountDownLatch start = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    seen.add(TfLiteLibrary.get());
                } catch (Throwable e) {
                    seen.add(e);
                }
            });
            t.start();
            workers.add(t);
        }
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        for (Object o : seen) {
            if (o instanceof Throwable e) {
                System.out.println("error=" + e.getMessage().replace('\n', '|'));
                System.exit(3);
            }
        }
        long distinct = seen.stream().map(System::identityHashCode).distinct().count();
        TfLiteLibrary lib = TfLiteLibrary.get();
        float y = args.length > 1 ? RawSine.invoke(java.nio.file.Path.of(args[1]), 1.5708f) : Float.NaN;
        System.out.println("source=" + lib.source() + " location=" + lib.location() + " version="
                + TensorFlowLite.version() + " instances=" + distinct + " y=" + y);
    }
}
