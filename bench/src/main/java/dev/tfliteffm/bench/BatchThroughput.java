package dev.tfliteffm.bench;

import dev.tfliteffm.BatchJob;
import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Items per second of an in-process {@link BatchRunner} over N random items of a float model's default
 * signature (each input with a batch dimension of 1): the figure the CLI's {@code batch} is compared with, for
 * its per-item overhead (bench/README.md, "Batch throughput"). Runs from source, on the CLI's class path:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp "cli/target/lib/*" \
 *     bench/src/main/java/dev/tfliteffm/bench/BatchThroughput.java MODEL ITEMS WORKERS PACK [ROUNDS]</pre>
 */
public final class BatchThroughput {

    private BatchThroughput() {}

    /** Runs the items ROUNDS times (default 3) and prints each round's items/s. */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int items = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        int pack = Integer.parseInt(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        try (Model model = Model.fromFile(path);
                InterpreterPool pool = InterpreterPool.builder(model)
                        .size(workers)
                        .options(InterpreterOptions.defaults())
                        .build()) {
            List<Map<String, ?>> inputs = pool.withInterpreter(ip -> randomItems(ip.defaultRunner(), items));
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner =
                    BatchRunner.builder(pool).workers(workers).pack(pack).build();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                long ok = 0;
                try (BatchJob<Map<String, NdArray>> job = runner.start(inputs)) {
                    for (ItemResult<Map<String, NdArray>> result : job) {
                        ok += result.succeeded() ? 1 : 0;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "round %d: %d items (%d ok), %d workers, pack %d: %.3f s, %.1f items/s%n",
                        r, items, ok, workers, pack, seconds, items / seconds);
            }
        }
    }

    /** {@code n} items of random floats in [0, 1), each input shaped with a batch dimension of 1. */
    private static List<Map<String, ?>> randomItems(SignatureRunner runner, int n) {
        SplittableRandom random = new SplittableRandom(1);
        List<Map<String, ?>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            java.util.Map<String, NdArray> item = new java.util.LinkedHashMap<>();
            for (String name : runner.inputNames()) {
                int[] shape = runner.input(name).shape();
                shape[0] = 1;
                int count = 1;
                for (int d : shape) {
                    count *= d;
                }
                float[] values = new float[count];
                for (int j = 0; j < count; j++) {
                    values[j] = (float) random.nextDouble();
                }
                item.put(name, NdArray.of(values, shape));
            }
            items.add(item);
        }
        return items;
    }
}
