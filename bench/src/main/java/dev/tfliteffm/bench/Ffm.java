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

/** Contender 1, this runtime (TFLite 2.21.0 through FFM). One step = write the input, invoke, read the output; one
 * interpreter thread; under JMH threads ({@code -t 2}) each thread has its own model and interpreter. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class Ffm {

    @State(Scope.Thread)
    public static class Session {
        @Param({"hello_world", "mnist_dense", "mobilenet_v2_int8", "convnet_float", "convnet_int8"})
        public String model;

        @Param({"off", "on"})
        public String xnnpack;
        /** The runtime's default is on (TFLite then checks a cancellation flag per node); the C loop has it off. */
        @Param({"on"})
        public String cancellable;

        FfmSession session;

        @Setup(Level.Trial)
        public void open() {
            session = new FfmSession(Workload.of(model), "on".equals(xnnpack), 1, "on".equals(cancellable));
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    /** The prepared path: segments obtained once; write the input, {@code invoke()}, read the output. */
    @Benchmark
    public Object prepared(Session s) {
        return s.session.prepared();
    }

    /** The one-call path: {@code runner.run(Map)}, returning the output's fresh array. */
    @Benchmark
    public Object runMap(Session s) {
        return s.session.run();
    }

    /** The one-call path into the caller's array: {@code runner.run(Map, Map)}, as the official runSignature. */
    @Benchmark
    public Object runInto(Session s) {
        return s.session.runInto();
    }
}
