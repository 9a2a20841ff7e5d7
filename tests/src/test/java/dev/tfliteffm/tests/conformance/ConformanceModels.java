package dev.tfliteffm.tests.conformance;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.tests.CReference;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The shared models the conformance tests run, the signatures of each, and the configurations compared. */
final class ConformanceModels {

    /** The shared models the stock runtime cannot run (see ../shared/models/README.md): error cases instead. */
    static final Set<String> NOT_RUNNABLE =
            Set.of("audio_preprocessor_custom_ops.tflite", "person_detect_micro_only.tflite");

    /** Fewer models than this means the folder is not the shared models (the README lists ten). */
    static final int MINIMUM_MODEL_COUNT = 8;

    static final CReference.Config XNNPACK_OFF = new CReference.Config(false, 1);
    static final CReference.Config XNNPACK_ON = new CReference.Config(true, 1);
    static final CReference.Config XNNPACK_OFF_TWO_THREADS = new CReference.Config(false, 2);
    static final CReference.Config XNNPACK_ON_TWO_THREADS = new CReference.Config(true, 2);
    static final List<CReference.Config> CONFIGS =
            List.of(XNNPACK_OFF, XNNPACK_ON, XNNPACK_OFF_TWO_THREADS, XNNPACK_ON_TWO_THREADS);

    /**
     * A case whose invoke takes longer than this in C runs only two input sets, to keep the whole comparison
     * short (the first invoke of mobilenet_v2_int8 without XNNPACK: 80-200 ms; of every other case here: under
     * 40 ms).
     */
    static final long SLOW_INVOKE_NANOS = 50_000_000;

    /**
     * One comparison: a model, a signature key ({@code null} for TFLite's default runner), a configuration.
     */
    record Case(Path model, String signatureKey, CReference.Config config) {
        @Override
        public String toString() {
            return model.getFileName() + " [" + (signatureKey == null ? "default runner" : signatureKey) + "] "
                    + config;
        }
    }

    private ConformanceModels() {}

    /** Every .tflite file of the shared models, sorted; fails (never an empty list) when they are missing. */
    static List<Path> all() {
        Path dir = SharedModels.dir();
        List<Path> models;
        try (Stream<Path> files = Files.list(dir)) {
            models = files.filter(p -> p.getFileName().toString().endsWith(".tflite"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (models.size() < MINIMUM_MODEL_COUNT) {
            throw new AssertionError("expected at least " + MINIMUM_MODEL_COUNT + " .tflite models in "
                    + dir.normalize() + " (see ../shared/models/README.md), found " + models.size() + ": " + models);
        }
        for (String name : NOT_RUNNABLE) {
            SharedModels.model(name);
        }
        return models;
    }

    /** The models that load and allocate. */
    static List<Path> runnable() {
        return all().stream()
                .filter(p -> !NOT_RUNNABLE.contains(p.getFileName().toString()))
                .toList();
    }

    /** The signature keys of {@code model}; a list holding only {@code null} (the default runner) when it has none. */
    static List<String> signatureKeys(Path model) {
        try (Model m = Model.fromFile(model);
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().xnnpack(false).build())) {
            List<String> keys = ip.signatures().keys();
            return keys.isEmpty() ? Arrays.asList((String) null) : keys;
        }
    }

    /** Every comparison, for each runnable model: see {@link #cases(Path)}. */
    static List<Case> cases() {
        return runnable().stream().flatMap(model -> cases(model).stream()).toList();
    }

    /**
     * The comparisons for one model: each of its signatures in each configuration; and for a model with
     * signatures also TFLite's default runner (a null key), without XNNPACK.
     */
    static List<Case> cases(Path model) {
        List<Case> cases = new ArrayList<>();
        List<String> keys = signatureKeys(model);
        for (String key : keys) {
            for (CReference.Config config : CONFIGS) {
                cases.add(new Case(model, key, config));
            }
        }
        if (keys.getFirst() != null) {
            cases.add(new Case(model, null, XNNPACK_OFF));
        }
        return cases;
    }
}
