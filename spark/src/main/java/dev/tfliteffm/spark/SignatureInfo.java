package dev.tfliteffm.spark;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A signature's inputs and outputs, read once on the driver (for {@code transformSchema}) and shipped to the
 * executors with the task, so that they convert rows without asking the model again.
 *
 * @param key the signature key
 * @param inputs the inputs, in the signature's order
 * @param outputs the outputs, in the signature's order
 */
public record SignatureInfo(String key, List<TensorSpec> inputs, List<TensorSpec> outputs) implements Serializable {

    // Reading a signature builds an interpreter: once per model file and key per JVM is enough.
    private static final Map<String, SignatureInfo> CACHE = new ConcurrentHashMap<>();

    /** Copies the lists. */
    public SignatureInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads signature {@code key} (or the model's first signature when {@code key} is null or empty).
     *
     * @throws IllegalArgumentException if the model has no such signature
     */
    public static SignatureInfo read(Path modelFile, String key) {
        String cacheKey = modelFile.toAbsolutePath() + "#" + key + "#"
                + modelFile.toFile().lastModified();
        return CACHE.computeIfAbsent(cacheKey, k -> load(modelFile, key));
    }

    private static SignatureInfo load(Path modelFile, String key) {
        // XNNPACK off: only the tensors' metadata is wanted, not fast invokes.
        InterpreterOptions options = InterpreterOptions.builder().xnnpack(false).build();
        try (Model model = Model.fromFile(modelFile);
                Interpreter interpreter = Interpreter.create(model, options)) {
            SignatureRunner runner =
                    key == null || key.isEmpty() ? interpreter.defaultRunner() : interpreter.runner(key);
            List<TensorSpec> in = new ArrayList<>();
            for (String name : runner.inputNames()) {
                in.add(new TensorSpec(
                        name, runner.input(name).dataType(), runner.input(name).shapeSignature()));
            }
            List<TensorSpec> out = new ArrayList<>();
            for (String name : runner.outputNames()) {
                out.add(new TensorSpec(
                        name,
                        runner.output(name).dataType(),
                        runner.output(name).shapeSignature()));
            }
            return new SignatureInfo(runner.key(), in, out);
        }
    }

    /**
     * Whether each row is one example: every input has a batch dimension first ({@code [-1, ...]} or
     * {@code [1, ...]}), so a row's values leave it out and outputs lose it too.
     */
    public boolean rowsAreExamples() {
        return !inputs.isEmpty() && inputs.stream().allMatch(TensorSpec::batched);
    }

    /** Whether rows can be packed along the batch dimension: -1 first, fixed dimensions after, fixed-size types. */
    public boolean packable() {
        return inputs.stream().allMatch(this::packable)
                && outputs.stream().allMatch(o -> o.dataType().isFixedSize());
    }

    private boolean packable(TensorSpec t) {
        int[] s = t.shapeSignature();
        if (s.length < 2 || s[0] != -1 || !t.dataType().isFixedSize()) {
            return false;
        }
        for (int i = 1; i < s.length; i++) {
            if (s[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
