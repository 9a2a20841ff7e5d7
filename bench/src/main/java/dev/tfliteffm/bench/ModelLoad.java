package dev.tfliteffm.bench;

import dev.tfliteffm.Model;
import dev.tfliteffm.TensorFlowLite;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the model validator costs per load: {@code Model.fromFile} then {@code close()}, with
 * {@code tflite.ffm.model.validate} on and off (the difference is the validator; the rest is the mapping and
 * TFLite's own verifier). Warm by default; {@code -bm ss -wi 0 -i 1 -f 10} gives the first load in a fresh JVM.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar ModelLoad
 * java -jar bench/target/benchmarks.jar ModelLoad -bm ss -wi 0 -i 1 -f 10 -tu us
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class ModelLoad {

    @Param({"hello_world", "mnist_lstm", "blazeface", "mobilenet_v2_int8"})
    public String model;

    @Param({"true", "false"})
    public String validate;

    Path path;

    @Setup(Level.Trial)
    public void setup() {
        System.setProperty("tflite.ffm.model.validate", validate);
        TensorFlowLite.version(); // the library is loaded once per process, not per load
        String file = switch (model) {
            case "hello_world" -> "hello_world_float.tflite";
            case "mnist_lstm" -> "mnist_lstm_float.tflite";
            case "blazeface" -> "blazeface_front_float.tflite";
            case "mobilenet_v2_int8" -> "mobilenet_v2_int8_1x3x224x224.tflite";
            default -> throw new IllegalArgumentException(model);
        };
        path = Workload.sharedModels().resolve(file);
    }

    @Benchmark
    public long load() {
        try (Model m = Model.fromFile(path)) {
            return m.byteSize();
        }
    }
}
