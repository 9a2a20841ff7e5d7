package dev.tfliteffm.cli;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.Model;
import dev.tfliteffm.OpProfiler;
import dev.tfliteffm.SignatureRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench MODEL}: what TFLite's {@code benchmark_model} reports — initialisation time, the first
 * invoke, then per-invoke latency percentiles and throughput — for one signature on random inputs, with
 * {@code --interpreters N} interpreters of one pool on N threads, and optionally {@code --batch K} items per
 * invoke and a per-operator profile.
 */
@Command(
        name = "bench",
        description = "latency percentiles and throughput of one signature on random inputs, like benchmark_model")
final class BenchCommand extends Subcommand {

    @Mixin
    OpLibraries opLibraries;

    @Parameters(paramLabel = "MODEL", description = "the .tflite file")
    Path path;

    @Option(names = "--signature", paramLabel = "KEY", description = "the signature (default: TFLite's default)")
    String signature;

    @Option(
            names = "--interpreters",
            paramLabel = "N",
            description = "interpreters of one pool, each on its own thread (default 1)")
    int interpreters = 1;

    @Option(
            names = "--batch",
            paramLabel = "K",
            description = "items per invoke: resizes inputs whose first dimension is -1 in the shape signature")
    Integer batch;

    @Option(names = "--warmup", paramLabel = "W", description = "invokes per interpreter before measuring (10)")
    int warmup = 10;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    /** How long to measure: a number of invokes or a time. */
    static final class Length {
        @Option(names = "--iterations", paramLabel = "I", description = "invokes measured, in all (default 100)")
        long iterations = 100;

        @Option(names = "--duration", paramLabel = "S", description = "seconds measured instead of a count")
        Double seconds;
    }

    @Option(names = "--json", description = "one JSON object with every figure")
    boolean json;

    @Option(names = "--profile", description = "also time each operator (TFLite's telemetry profiler)")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        validate();
        OpProfiler profiler = profile ? OpProfiler.create() : null;
        InterpreterOptions options = opLibraries.apply(main.interpreterOptions()).toBuilder()
                .profiler(profiler)
                .build();
        long start = System.nanoTime();
        try (Model model = Model.fromFile(path)) {
            long modelLoaded = System.nanoTime();
            try (InterpreterPool pool = InterpreterPool.builder(model)
                    .size(interpreters)
                    .options(options)
                    .lazy(false)
                    .build()) {
                List<InterpreterPool.Lease> leases = new ArrayList<>();
                try {
                    List<SignatureRunner> runners = new ArrayList<>();
                    for (int i = 0; i < interpreters; i++) {
                        InterpreterPool.Lease lease = pool.borrow();
                        leases.add(lease);
                        runners.add(prepare(lease.interpreter(), i));
                    }
                    long initialised = System.nanoTime();
                    runners.getFirst().invoke();
                    long firstInvoke = System.nanoTime() - initialised;
                    Run run = measure(runners, profiler);
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("model", path.toString());
                    report.put("signature", runners.getFirst().key());
                    report.put("interpreters", interpreters);
                    report.put("threads", options.threads());
                    report.put("xnnpack", options.xnnpack());
                    report.put("batch", batch);
                    report.put("initMs", (initialised - start) / 1e6);
                    report.put("modelLoadMs", (modelLoaded - start) / 1e6);
                    report.put("firstInvokeMs", firstInvoke / 1e6);
                    report.put("warmup", warmup);
                    report.put("invokes", run.latencies.count());
                    report.put("items", run.latencies.count() * (long) itemsPerInvoke());
                    report.put("seconds", run.nanos / 1e9);
                    report.put("latencyUs", run.latencies.summaryMicros());
                    report.put("invokesPerSecond", run.latencies.count() * 1e9 / run.nanos);
                    report.put("itemsPerSecond", run.latencies.count() * (double) itemsPerInvoke() * 1e9 / run.nanos);
                    if (profiler != null) {
                        report.put("profile", BenchReport.profile(profiler.stats()));
                    }
                    if (json) {
                        main.out.println(Json.writePretty(report));
                    } else {
                        BenchReport.print(main.out, report);
                    }
                    return 0;
                } finally {
                    leases.forEach(InterpreterPool.Lease::close);
                }
            }
        }
    }

    private void validate() {
        if (interpreters < 1) {
            throw usage("--interpreters must be >= 1, given " + interpreters);
        }
        if (batch != null && batch < 1) {
            throw usage("--batch must be >= 1, given " + batch);
        }
        if (warmup < 0) {
            throw usage("--warmup must be >= 0, given " + warmup);
        }
        if (length.seconds != null && !(length.seconds > 0)) {
            throw usage("--duration must be > 0 seconds, given " + length.seconds);
        }
        if (length.seconds == null && length.iterations < 1) {
            throw usage("--iterations must be >= 1, given " + length.iterations);
        }
    }

    private int itemsPerInvoke() {
        return batch == null ? 1 : batch;
    }

    /** The runner of worker {@code i}: resized to the batch, allocated, and filled with random inputs. */
    private SignatureRunner prepare(Interpreter interpreter, int i) {
        SignatureRunner runner = signature == null ? interpreter.defaultRunner() : interpreter.runner(signature);
        if (batch != null) {
            for (String name : runner.inputNames()) {
                int[] shapeSignature = runner.input(name).shapeSignature();
                if (shapeSignature.length == 0 || shapeSignature[0] != -1) {
                    throw new CliException("--batch needs inputs whose first dimension is -1 in the shape signature;"
                            + " input '" + name + "' has " + Arrays.toString(shapeSignature));
                }
                int[] dims = runner.input(name).shape();
                dims[0] = batch;
                runner.resizeInput(name, dims);
            }
        }
        runner.allocateTensors();
        RandomInputs.fill(runner, new SplittableRandom(42 + i));
        return runner;
    }

    private record Run(Latencies latencies, long nanos) {}

    /** Warm-up, then the measured invokes on one thread per runner; the latencies of all. */
    private Run measure(List<SignatureRunner> runners, OpProfiler profiler) throws InterruptedException {
        int n = runners.size();
        CountDownLatch warmedUp = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong remaining = new AtomicLong(length.seconds == null ? length.iterations : Long.MAX_VALUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Latencies> parts = new ArrayList<>();
        long[] deadline = {Long.MAX_VALUE};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SignatureRunner runner = runners.get(i);
            Latencies latencies = new Latencies();
            parts.add(latencies);
            threads.add(Thread.ofPlatform().name("bench-" + i).start(() -> {
                try {
                    for (int w = 0; w < warmup; w++) {
                        runner.invoke();
                    }
                    warmedUp.countDown();
                    go.await();
                    long end = deadline[0];
                    while (remaining.getAndDecrement() > 0) {
                        long t0 = System.nanoTime();
                        runner.invoke();
                        long t1 = System.nanoTime();
                        latencies.add(t1 - t0);
                        if (t1 >= end) {
                            break;
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    remaining.set(0);
                    warmedUp.countDown();
                }
            }));
        }
        warmedUp.await();
        if (profiler != null) {
            profiler.reset(); // the profile covers the measured invokes only
        }
        long start = System.nanoTime();
        if (length.seconds != null) {
            deadline[0] = start + (long) (length.seconds * 1e9);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new CliException("invoke failed: " + failure.get().getMessage(), failure.get());
        }
        return new Run(Latencies.merge(parts), nanos);
    }
}
