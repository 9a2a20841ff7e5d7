package dev.tfliteffm.spark;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * One interpreter pool per model and options per executor JVM, created on first use and shared by every task
 * and partition after it; closed by a shutdown hook. Interpreters and method handles cannot be serialized, so
 * each executor builds its own here rather than receiving them with the task.
 */
final class ExecutorPools {

    /** How many pools this JVM has created: tests check that partitions share one. */
    static final AtomicInteger CREATED = new AtomicInteger();

    private static final Map<Key, InterpreterPool> POOLS = new ConcurrentHashMap<>();
    private static final Map<RunnerKey, BatchRunner<Map<String, ?>, Map<String, NdArray>>> RUNNERS =
            new ConcurrentHashMap<>();
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");

    static {
        Thread hook = new Thread(ExecutorPools::closeAll, "tflite-ffm-spark-pools-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The pool key: the model file and the options that make interpreters differ. */
    record Key(Path model, int size, int threads, boolean xnnpack) {}

    private record RunnerKey(Key pool, String signature, int pack, int workers) {}

    private ExecutorPools() {}

    /** The pool for {@code key}, created (model mapped, interpreters built, weights cache filled) on first use. */
    static InterpreterPool pool(Key key) {
        return POOLS.computeIfAbsent(key, ExecutorPools::create);
    }

    /** A batch runner over {@code key}'s pool: immutable, so tasks share it too. */
    static BatchRunner<Map<String, ?>, Map<String, NdArray>> runner(Key key, String signature, int pack, int workers) {
        return RUNNERS.computeIfAbsent(
                new RunnerKey(key, signature, pack, workers),
                k -> BatchRunner.builder(pool(key), signature)
                        .pack(pack)
                        .workers(workers)
                        .build());
    }

    private static InterpreterPool create(Key key) {
        InterpreterOptions options = InterpreterOptions.builder()
                .threads(key.threads())
                .xnnpack(key.xnnpack())
                .build();
        // The pool holds its own reference to the model: closing ours leaves it mapped until the pool closes.
        try (Model model = Model.fromFile(key.model())) {
            InterpreterPool pool = InterpreterPool.builder(model)
                    .size(key.size())
                    .options(options)
                    .lazy(true)
                    .build();
            CREATED.incrementAndGet();
            return pool;
        }
    }

    /** The cores of this executor: {@code spark.executor.cores}, or N of {@code local[N]}, or the processors. */
    static int executorCores() {
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            SparkConf conf = env.conf();
            if (conf.contains("spark.executor.cores")) {
                return conf.getInt("spark.executor.cores", 1);
            }
            String master = conf.get("spark.master", "");
            Matcher m = LOCAL.matcher(master);
            if (m.matches() && !m.group(1).equals("*")) {
                return Integer.parseInt(m.group(1));
            }
            if (master.equals("local")) {
                return 1;
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static void closeAll() {
        RUNNERS.clear();
        POOLS.values().forEach(InterpreterPool::closeNow);
        POOLS.clear();
    }
}
