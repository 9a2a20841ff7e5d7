package dev.tfliteffm.tests.pool;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.modelwriter.samples.MobileNetConfig;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child-JVM side of {@link WeightsCacheRssTest}: builds a pool of N interpreters (shared XNNPACK weights or
 * not) over the model writer's MobileNet, runs one invoke on each, and prints how much the resident set grew.
 * Arguments: {@code N share(true|false) inputSize widthMultiplier depth}.
 */
public final class RssProbe {

    private RssProbe() {}

    /** Prints {@code RSS-DELTA-KB <kilobytes>}. */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean share = Boolean.parseBoolean(args[1]);
        MobileNetConfig config =
                MobileNetConfig.of(Integer.parseInt(args[2]), Float.parseFloat(args[3]), Integer.parseInt(args[4]));
        byte[] bytes = SampleModels.mobileNetFloat(config);
        try (Model warm = Model.fromBytes(SampleModels.codec());
                Interpreter ip = Interpreter.create(warm)) {
            ip.runner("encode").run(Map.of("x", new float[] {1f})); // load the library and classes first
        }
        try (Model m = Model.fromBytes(bytes)) {
            System.gc();
            long before = rssKb();
            try (InterpreterPool pool =
                    InterpreterPool.builder(m).size(n).shareWeights(share).build()) {
                List<InterpreterPool.Lease> leases = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    leases.add(pool.borrow());
                }
                for (InterpreterPool.Lease lease : leases) {
                    SignatureRunner r = lease.interpreter().defaultRunner();
                    r.allocateTensors();
                    r.invoke();
                }
                long after = rssKb();
                System.out.println("RSS-DELTA-KB " + (after - before) + " model-KB " + bytes.length / 1024);
                leases.forEach(InterpreterPool.Lease::close);
            }
        }
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
