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

/** Contender 2, JavaCPP's JNI build of the same TFLite 2.21.0 library. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class JavaCpp {

    @State(Scope.Thread)
    public static class Session {
        @Param({"hello_world", "mnist_dense", "mobilenet_v2_int8", "convnet_float", "convnet_int8"})
        public String model;

        @Param({"off", "on"})
        public String xnnpack;

        // A field of the @State for the whole trial: JavaCPP objects must stay reachable (see JavaCppSession).
        JavaCppSession session;

        @Setup(Level.Trial)
        public void open() {
            session = new JavaCppSession(Workload.of(model), "on".equals(xnnpack), 1);
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    /** Hand-tuned: tensors and NIO views of their buffers cached; one JNI call per step. */
    @Benchmark
    public Object tuned(Session s) {
        return s.session.tuned();
    }

    /** Idiomatic: tensors looked up by name and data pointers fetched on every call. */
    @Benchmark
    public Object idiomatic(Session s) {
        return s.session.idiomatic();
    }
}
