package dev.tfliteffm.tests.runtime;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.tests.ChildJvm;
import dev.tfliteffm.tests.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load, create, run, close, many times over, sampling resident memory (VmRSS of /proc/self/status): prints each
 * sample and the least-squares slope over the second half of the run. {@link LeakTest} runs 3,000 cycles;
 * {@code bench/leak.sh} 100,000 or more.
 *
 * <p>Arguments: cycles, and a model of the shared models (its default signature runs on zeros).
 */
public final class LeakLoop {

    private LeakLoop() {}

    /** The child JVM's arguments: a fixed, pre-touched heap, so that heap growth does not show as a leak. */
    static List<String> javaArguments(int cycles, String model) {
        List<String> args = new ArrayList<>(
                List.of("--enable-native-access=ALL-UNNAMED", "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch"));
        if (System.getProperty("tflite.ffm.cache.dir") != null) {
            args.add("-Dtflite.ffm.cache.dir=" + System.getProperty("tflite.ffm.cache.dir"));
        }
        args.addAll(List.of(
                "-cp",
                String.join(java.io.File.pathSeparator, ChildJvm.classPath()),
                LeakLoop.class.getName(),
                Integer.toString(cycles),
                model));
        return args;
    }

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        Path file = SharedModels.model(args.length > 1 ? args[1] : "mnist_dense_float.tflite");
        int every = Math.max(1, cycles / 50);
        List<long[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i <= cycles; i++) {
            try (Model m = Model.fromFile(file);
                    Interpreter ip = Interpreter.create(m)) {
                SignatureRunner r = ip.defaultRunner();
                Map<String, Object> zeros = new java.util.HashMap<>();
                for (String name : r.inputNames()) {
                    zeros.put(
                            name,
                            NdArray.fromBytes(
                                    r.input(name).dataType(),
                                    java.lang.foreign.MemorySegment.ofArray(
                                            new byte[(int) r.input(name).byteSize()]),
                                    java.nio.ByteOrder.nativeOrder(),
                                    r.input(name).shape()));
                }
                if (r.run(zeros).isEmpty()) {
                    throw new AssertionError("no outputs");
                }
            }
            if (i % every == 0) {
                long rss = rssKiB();
                samples.add(new long[] {i, rss});
                System.out.println("RSS cycle " + i + ": " + rss + " KiB");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<long[]> late = samples.subList(samples.size() / 2, samples.size());
        System.out.printf(
                "RSS slope: %.1f KiB per 1000 cycles (second half, %d samples); %d cycles of %s in %.1f s (%.2f ms each);"
                        + " RSS %d -> %d KiB%n",
                slope(late) * 1000,
                late.size(),
                cycles,
                file.getFileName(),
                seconds,
                seconds * 1000 / cycles,
                samples.getFirst()[1],
                samples.getLast()[1]);
    }

    private static double slope(List<long[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += (double) p[0] * p[0];
            sxy += (double) p[0] * p[1];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
