package dev.tfliteffm;

import dev.tfliteffm.bench.Workload;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
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
 * The model validator alone ({@code ModelValidator.validate}, package-private: this class sits in the runtime's
 * package, which the benchmarks jar on the class path allows), on the shared models in native memory as
 * {@code Model} holds them. {@code ModelLoad} measures whole loads, whose noise (mapping, TFLite's verifier) hides
 * a cost this small. {@code -bm ss -wi 0 -i 1 -f 10} gives the first validation in a fresh JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class ModelValidation {

    @Param({"hello_world_float", "mnist_lstm_float", "blazeface_front_float", "mobilenet_v2_int8_1x3x224x224"})
    public String model;

    MemorySegment data;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        byte[] bytes = Files.readAllBytes(Workload.sharedModels().resolve(model + ".tflite"));
        data = Arena.global().allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, data, 0, bytes.length);
    }

    @Benchmark
    public Object validate() {
        return ModelValidator.validate(data, model);
    }
}
