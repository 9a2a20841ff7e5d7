package dev.tfliteffm.tests.pool;

import static dev.tfliteffm.tests.pool.PoolFixtures.assertSameOutputs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.BatchRunner;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.InterpreterPool;
import dev.tfliteffm.ItemResult;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.modelwriter.samples.MobileNetConfig;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A pool gives, byte for byte, what a single interpreter gives: on every shared model TFLite can run, every
 * signature, XNNPACK off and on (with the shared weights cache), from several threads at once; and a batch job
 * on the pool gives the same. Run in a child JVM by {@link PoolTest}.
 */
class PoolConformanceCases {

    private static final Set<String> NOT_RUNNABLE =
            Set.of("audio_preprocessor_custom_ops.tflite", "person_detect_micro_only.tflite");

    private static List<Path> runnableModels() throws IOException {
        try (Stream<Path> files = Files.list(SharedModels.dir())) {
            List<Path> models = files.filter(p -> p.toString().endsWith(".tflite"))
                    .filter(p -> !NOT_RUNNABLE.contains(p.getFileName().toString()))
                    .sorted()
                    .toList();
            assertTrue(models.size() >= 8, "only " + models.size() + " shared models");
            return models;
        }
    }

    @Test
    void poolResultsEqualASingleInterpretersOnTheSharedModels() throws Exception {
        for (Path file : runnableModels()) {
            check(file.getFileName().toString(), Files.readAllBytes(file), 2);
        }
    }

    @Test
    void theSharedWeightsCacheChangesNoResult() throws Exception {
        check("MobileNet float 96/1.0/7", SampleModels.mobileNetFloat(MobileNetConfig.of(96, 1.0f, 7)), 3);
        check("MobileNet int8 96/1.0/7", SampleModels.mobileNetInt8(MobileNetConfig.of(96, 1.0f, 7)), 3);
        check("codec", SampleModels.codec(), 3);
    }

    /** Resets variable tensors, which exist only once the primary subgraph is allocated. */
    private static void reset(Interpreter ip) {
        try {
            ip.resetVariables();
        } catch (TfLiteException notAllocatedYet) {
            ip.allocateTensors();
            ip.resetVariables();
        }
    }

    /** Compares a single interpreter with pools (shared weights on and off), {@code itemsPerKey} items a signature. */
    private static void check(String name, byte[] bytes, int itemsPerKey) throws Exception {
        for (InterpreterOptions options : PoolFixtures.BOTH) {
            String what = name + ", " + PoolFixtures.describe(options);
            try (Model m = Model.fromBytes(bytes);
                    Interpreter single = Interpreter.create(m, options)) {
                List<String> keys = new ArrayList<>(single.signatures().keys());
                keys.add(null); // the default runner
                List<String> itemKeys = new ArrayList<>();
                List<Map<String, ?>> items = new ArrayList<>();
                List<Map<String, NdArray>> expected = new ArrayList<>();
                for (String key : keys) {
                    SignatureRunner r = key == null ? single.defaultRunner() : single.runner(key);
                    long seed = name.hashCode() + items.size();
                    for (Map<String, ?> item : PoolFixtures.randomItems(r, itemsPerKey, seed)) {
                        reset(single); // stateful models (the LSTM): every item from the initial state
                        itemKeys.add(key);
                        items.add(item);
                        expected.add(r.run(item));
                    }
                }
                for (boolean share : new boolean[] {true, false}) {
                    if (!share && !options.xnnpack()) {
                        continue;
                    }
                    try (InterpreterPool pool = InterpreterPool.builder(m)
                                    .size(3)
                                    .options(options)
                                    .shareWeights(share)
                                    .build();
                            ExecutorService threads = Executors.newFixedThreadPool(3)) {
                        List<Future<Map<String, NdArray>>> futures = new ArrayList<>();
                        for (int i = 0; i < items.size(); i++) {
                            int n = i;
                            futures.add(threads.submit(() -> pool.withInterpreter(ip -> {
                                reset(ip);
                                String key = itemKeys.get(n);
                                return (key == null ? ip.defaultRunner() : ip.runner(key)).run(items.get(n));
                            })));
                        }
                        for (int i = 0; i < items.size(); i++) {
                            assertSameOutputs(
                                    expected.get(i),
                                    futures.get(i).get(5, TimeUnit.MINUTES),
                                    what + (share ? ", shared weights" : ", own weights") + ", signature "
                                            + itemKeys.get(i) + ", item " + i);
                        }
                    }
                }
                // A batch job over the default signature's items (stateless models only: jobs do not reset).
                if (!name.contains("lstm")) {
                    try (InterpreterPool pool = InterpreterPool.create(m, 2, options)) {
                        List<Map<String, ?>> defaultItems = new ArrayList<>();
                        List<Map<String, NdArray>> defaultExpected = new ArrayList<>();
                        for (int i = 0; i < items.size(); i++) {
                            if (itemKeys.get(i) == null) {
                                defaultItems.add(items.get(i));
                                defaultExpected.add(expected.get(i));
                            }
                        }
                        List<ItemResult<Map<String, NdArray>>> results =
                                BatchRunner.builder(pool).build().runAll(defaultItems);
                        for (ItemResult<Map<String, NdArray>> r : results) {
                            assertSameOutputs(
                                    defaultExpected.get((int) r.index()),
                                    r.value(),
                                    what + ", batch item " + r.index());
                        }
                    }
                }
            }
        }
    }
}
