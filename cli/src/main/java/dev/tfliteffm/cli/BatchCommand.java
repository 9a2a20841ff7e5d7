package dev.tfliteffm.cli;

import dev.tfliteffm.BatchJob;
import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.FailurePolicy;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batch MODEL --inputs DIR|FILE.npz|FILE.jsonl --outputs DIR}: runs one signature over many items on an
 * {@link InterpreterPool} with a {@link BatchRunner} ({@link FailurePolicy#CONTINUE}), writing each item's
 * outputs as it finishes. A rerun skips the items whose outputs are complete. Failed items go to
 * {@code DIR/failures.jsonl}, and make the exit status 1.
 */
@Command(
        name = "batch",
        description = "runs a signature over many items (a directory of item directories, an .npz, or a .jsonl)"
                + " on a pool of interpreters; resumable; failures to DIR/failures.jsonl")
final class BatchCommand extends Subcommand {

    @Mixin
    OpLibraries opLibraries;

    @Parameters(paramLabel = "MODEL", description = "the .tflite file")
    Path model;

    @Option(names = "--signature", paramLabel = "KEY", description = "the signature (default: TFLite's default)")
    String signature;

    @Option(
            names = "--inputs",
            required = true,
            paramLabel = "DIR|FILE.npz|FILE.jsonl",
            description = "a directory of item directories (NAME.npy per input, sorted by name), an .npz of"
                    + " arrays stacked along their first dimension, or a .jsonl of {\"NAME\": array} objects")
    Path inputs;

    @Option(
            names = "--outputs",
            required = true,
            paramLabel = "DIR",
            description = "DIR/<item>/NAME.npy for a directory; DIR/outputs.jsonl for a .jsonl;"
                    + " DIR/items/<index>/NAME.npy and DIR/outputs.npz for an .npz")
    Path outputs;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "interpreters, each on its own thread (default: the number of processors)")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--batch",
            paramLabel = "K",
            description = "items per invoke (default 1); needs inputs whose shape signature is [-1, ...]")
    int batch = 1;

    @Option(
            names = "--progress-interval",
            paramLabel = "S",
            hidden = true,
            description = "seconds between progress lines off a terminal (default 2)")
    double progressInterval = 2;

    @Override
    public Integer call() throws Exception {
        validate();
        try (BatchItems items = BatchItems.open(inputs);
                Model m = Model.fromFile(model);
                InterpreterPool pool = InterpreterPool.builder(m)
                        .size(workers)
                        .options(opLibraries.apply(main.interpreterOptions()))
                        .build()) {
            BatchSignature sig = pool.withInterpreter(
                    ip -> BatchSignature.of(signature == null ? ip.defaultRunner() : ip.runner(signature)));
            Files.createDirectories(outputs);
            try (BatchSink sink = sink(items, sig);
                    BatchFailures failures = new BatchFailures(outputs.resolve("failures.jsonl"))) {
                int[] pending = IntStream.range(0, items.size())
                        .filter(i -> !sink.done(i))
                        .toArray();
                long skipped = items.size() - pending.length;
                long start = System.nanoTime(); // the run's rate, without loading the model and the pool
                Counts counts = run(pool, sig, items, sink, failures, pending);
                sink.finish(counts.failed == 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                main.out.printf(
                        "batch: %d items, %d failed, %d skipped, %.2f s, %.1f items/s%n",
                        items.size(), counts.failed, skipped, seconds, (counts.succeeded + counts.failed) / seconds);
                return counts.failed == 0 ? 0 : 1;
            }
        }
    }

    private record Counts(long succeeded, long failed) {}

    /** Threads that write items' files, where the output form allows it: file-system calls, not CPU. */
    private static final int WRITER_THREADS = 4;

    private Counts run(
            InterpreterPool pool,
            BatchSignature sig,
            BatchItems items,
            BatchSink sink,
            BatchFailures failures,
            int[] pending)
            throws IOException, InterruptedException {
        boolean terminal = BatchDisplay.onTerminal();
        Duration interval = terminal ? Duration.ofMillis(500) : Duration.ofMillis((long) (progressInterval * 1000));
        try (BatchDisplay display = BatchDisplay.of(main.err, pending.length, terminal);
                SinkWriters writers = new SinkWriters(sink, WRITER_THREADS)) {
            BatchRunner<Map<String, ?>, Map<String, NdArray>> runner;
            try {
                runner = BatchRunner.builder(pool, sig.key())
                        .workers(workers)
                        .pack(batch)
                        .failurePolicy(FailurePolicy.CONTINUE)
                        .progress(
                                p -> {
                                    if (!p.finished()) { // the summary line follows the last one
                                        long failed = failures.count();
                                        display.update(writers.written() + failed, failed);
                                    }
                                },
                                interval)
                        .build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException("--batch " + batch + ": " + e.getMessage(), e);
            }
            PendingItems todo = new PendingItems(items, sig, failures, pending);
            try (BatchJob<Map<String, NdArray>> job = runner.start(todo)) {
                for (ItemResult<Map<String, NdArray>> r : job) {
                    int index = todo.item(r.index());
                    if (r.succeeded()) {
                        writers.write(index, r.value());
                    } else {
                        failures.record(index, items.name(index), r.error());
                    }
                }
            }
            writers.finish();
            long failed = failures.count();
            if (terminal) {
                display.update(writers.written() + failed, failed);
            }
            return new Counts(writers.written(), failed);
        }
    }

    private BatchSink sink(BatchItems items, BatchSignature sig) throws IOException {
        return switch (items) {
            case DirItems d -> new DirSink(outputs, outputs.resolve(".tmp"), d::name);
            case JsonlItems j -> new JsonlSink(outputs.resolve("outputs.jsonl"));
            case NpzItems n ->
                new NpzSink(
                        outputs,
                        n.size(),
                        sig.outputs(),
                        sig.inputs().keySet().stream().allMatch(name -> n.keepsItemDimension(name, sig)));
            default -> throw new IllegalStateException("unknown input form " + items);
        };
    }

    private void validate() {
        if (workers < 1) {
            throw usage("--workers must be >= 1, given " + workers);
        }
        if (batch < 1) {
            throw usage("--batch must be >= 1, given " + batch);
        }
        if (!(progressInterval > 0)) {
            throw usage("--progress-interval must be > 0 seconds, given " + progressInterval);
        }
    }
}
