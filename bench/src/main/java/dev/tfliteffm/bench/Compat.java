package dev.tfliteffm.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Contender 4, the official Java API ({@code org.tensorflow.lite}) on this runtime: the compat module over TFLite
 * 2.21.0 through FFM. The same calls, with the same arrays, as {@link Official#run} and {@link Official#runSignature}
 * (one {@link ApiSession} bytecode; see {@link CompatLoader}). {@code runSignature} needs SignatureDefs (not
 * mobilenet_v2_int8).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class Compat {

    @State(Scope.Thread)
    public static class Session {
        @Param({"hello_world", "mnist_dense", "mobilenet_v2_int8", "convnet_float", "convnet_int8"})
        public String model;

        @Param({"off", "on"})
        public String xnnpack;

        ApiSteps session;

        @Setup(Level.Trial)
        public void open() {
            session = CompatLoader.open(Workload.of(model), "on".equals(xnnpack), 1);
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    /** {@code Interpreter.run(input, output)} with Java arrays shaped as the tensors. */
    @Benchmark
    public Object run(Session s) {
        return s.session.run();
    }

    /** {@code Interpreter.runSignature(inputs, outputs)} with Java arrays. */
    @Benchmark
    public Object runSignature(Session s) {
        return s.session.runSignature();
    }
}
