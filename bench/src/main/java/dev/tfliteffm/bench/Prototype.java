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
 * Not a contender: {@link RawFfmSession}'s minimal FFM path and its variants, to break down the gap between
 * this runtime's prepared path and the C loop (see the report in {@code run.sh}'s results).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class Prototype {

    @State(Scope.Thread)
    public static class Session {
        @Param({"hello_world"})
        public String model;

        @Param({"on"})
        public String xnnpack;

        @Param({"off", "on"})
        public String cancellable;

        RawFfmSession session;

        @Setup(Level.Trial)
        public void open() {
            session = new RawFfmSession(Workload.of(model), "on".equals(xnnpack), "on".equals(cancellable));
        }

        @TearDown(Level.Trial)
        public void close() {
            session.close();
        }
    }

    @Benchmark
    public Object raw(Session s) {
        return s.session.raw();
    }

    @Benchmark
    public Object rawClaim(Session s) {
        return s.session.rawClaim();
    }

    @Benchmark
    public Object rawSharedViews(Session s) {
        return s.session.rawSharedViews();
    }

    @Benchmark
    public Object copiesOnly(Session s) {
        return s.session.copiesOnly();
    }

    @Benchmark
    public int invokeOnly(Session s) {
        return s.session.invokeOnly();
    }

    @Benchmark
    public Object rawElementwise(Session s) {
        return s.session.rawElementwise();
    }

    @Benchmark
    public Object rawGlobal(Session s) {
        return s.session.rawGlobal();
    }

    @Benchmark
    public Object runtimeFixed(Session s) {
        return s.session.runtimeFixed();
    }

    @Benchmark
    public Object rawCritical(Session s) {
        return s.session.rawCritical();
    }
}
