package dev.tfliteffm.bench;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
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
 * Time to first result: load the model, create the interpreter (applying XNNPACK when on), allocate, write the
 * input, invoke once, read the output. The native library itself is loaded in the trial's setup (a once per
 * process cost, the same for any model). {@code run.sh} runs this with no warmup and one iteration per fork,
 * so every sample is the first result in a fresh JVM: class loading, FFM linkage and interpreted code included.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
        value = 3,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class FirstResult {

    @State(Scope.Thread)
    public static class Config {
        @Param({"hello_world", "mnist_dense", "mobilenet_v2_int8", "convnet_float", "convnet_int8"})
        public String model;

        @Param({"on"})
        public String xnnpack;

        Workload workload;
        AutoCloseable session;

        @Setup(Level.Trial)
        public void setup() {
            workload = Workload.of(model);
            workload.path();
            // The inputs exist before the clock starts, as they would in an application.
            if (workload.inputType == Workload.Type.FLOAT32) {
                workload.floatInput();
            } else {
                workload.byteInput();
            }
        }

        @TearDown(Level.Invocation)
        public void close() throws Exception {
            if (session != null) {
                session.close();
                session = null;
            }
        }

        boolean xnnpack() {
            return "on".equals(xnnpack);
        }
    }

    @State(Scope.Thread)
    public static class FfmLibrary {
        @Setup(Level.Trial)
        public void load() {
            TfLiteLibrary.get();
        }
    }

    @State(Scope.Thread)
    public static class JavaCppLibrary {
        @Setup(Level.Trial)
        public void load() {
            Loader.load(tensorflowlite.class);
        }
    }

    @State(Scope.Thread)
    public static class OfficialLibrary {
        @Setup(Level.Trial)
        public void load() {
            OfficialSession.loadNativeLibrary();
        }
    }

    @Benchmark
    public Object ffm(Config c, FfmLibrary lib) {
        FfmSession s = new FfmSession(c.workload, c.xnnpack(), 1);
        c.session = s;
        return s.prepared();
    }

    @Benchmark
    public Object javacpp(Config c, JavaCppLibrary lib) {
        JavaCppSession s = new JavaCppSession(c.workload, c.xnnpack(), 1);
        c.session = s;
        return s.tuned();
    }

    @Benchmark
    public Object official(Config c, OfficialLibrary lib) {
        OfficialSession s = new OfficialSession(c.workload, c.xnnpack(), 1, false);
        c.session = s;
        return s.runBuffers();
    }
}
