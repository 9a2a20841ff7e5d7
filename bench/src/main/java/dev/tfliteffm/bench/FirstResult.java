package dev.tfliteffm.bench;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
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

    @State(Scope.Thread)
    public static class MinimalLibrary {
        Path library;

        @Setup(Level.Trial)
        public void load() {
            library = Path.of(TfLiteLibrary.get().location());
        }
    }

    /** The floor: {@link #minimalFfm(Path, Path, float, Map, long)} on hello_world (the only model it runs). */
    @Benchmark
    public Object minimalFfm(Config c, MinimalLibrary lib) throws Throwable {
        if (!"hello_world".equals(c.model)) {
            return null;
        }
        return minimalFfm(c.workload.path(), lib.library, c.workload.floatInput()[0], null, System.nanoTime());
    }

    /**
     * The least an FFM program can do for a first result, with no runtime: {@code dlopen} of the library
     * ({@link SymbolLookup#libraryLookup(Path, Arena)}), downcall handles made by hand, model create, options
     * with the XNNPACK delegate and one thread (the runtime's defaults), interpreter create, allocate, write one
     * float, invoke, read one float. Nothing is freed (the process ends). When {@code phases} is not null, the
     * phases' times (ms) are put in it, and {@code firstResult} counts from {@code t0}.
     */
    public static float minimalFfm(Path model, Path library, float x, Map<String, Double> phases, long t0)
            throws Throwable {
        long t = System.nanoTime();
        SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
        long t1 = System.nanoTime();
        Linker linker = Linker.nativeLinker();
        ValueLayout a = ValueLayout.ADDRESS;
        ValueLayout i = ValueLayout.JAVA_INT;
        MethodHandle modelCreate =
                linker.downcallHandle(lib.find("TfLiteModelCreateFromFile").orElseThrow(), FunctionDescriptor.of(a, a));
        long t2 = System.nanoTime();
        MethodHandle optionsCreate = linker.downcallHandle(
                lib.find("TfLiteInterpreterOptionsCreate").orElseThrow(), FunctionDescriptor.of(a));
        MethodHandle setThreads = linker.downcallHandle(
                lib.find("TfLiteInterpreterOptionsSetNumThreads").orElseThrow(), FunctionDescriptor.ofVoid(a, i));
        // TfLiteXNNPackDelegateOptions: 56 bytes, returned by value (in memory on every supported ABI).
        MemoryLayout xnnOptions = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(7, ValueLayout.JAVA_LONG));
        MethodHandle xnnDefaults = linker.downcallHandle(
                lib.find("TfLiteXNNPackDelegateOptionsDefault").orElseThrow(), FunctionDescriptor.of(xnnOptions));
        MethodHandle xnnCreate = linker.downcallHandle(
                lib.find("TfLiteXNNPackDelegateCreate").orElseThrow(), FunctionDescriptor.of(a, a));
        MethodHandle addDelegate = linker.downcallHandle(
                lib.find("TfLiteInterpreterOptionsAddDelegate").orElseThrow(), FunctionDescriptor.ofVoid(a, a));
        MethodHandle interpreterCreate = linker.downcallHandle(
                lib.find("TfLiteInterpreterCreate").orElseThrow(), FunctionDescriptor.of(a, a, a));
        MethodHandle allocate = linker.downcallHandle(
                lib.find("TfLiteInterpreterAllocateTensors").orElseThrow(), FunctionDescriptor.of(i, a));
        MethodHandle inputTensor = linker.downcallHandle(
                lib.find("TfLiteInterpreterGetInputTensor").orElseThrow(), FunctionDescriptor.of(a, a, i));
        MethodHandle outputTensor = linker.downcallHandle(
                lib.find("TfLiteInterpreterGetOutputTensor").orElseThrow(), FunctionDescriptor.of(a, a, i));
        MethodHandle tensorData =
                linker.downcallHandle(lib.find("TfLiteTensorData").orElseThrow(), FunctionDescriptor.of(a, a));
        MethodHandle invoke =
                linker.downcallHandle(lib.find("TfLiteInterpreterInvoke").orElseThrow(), FunctionDescriptor.of(i, a));
        long t3 = System.nanoTime();
        Arena arena = Arena.global();
        MemorySegment m = (MemorySegment) modelCreate.invokeExact(arena.allocateFrom(model.toString()));
        if (m.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("TfLiteModelCreateFromFile failed");
        }
        long t4 = System.nanoTime();
        MemorySegment options = (MemorySegment) optionsCreate.invokeExact();
        setThreads.invokeExact(options, 1);
        MemorySegment xo = (MemorySegment) xnnDefaults.invokeExact((java.lang.foreign.SegmentAllocator) arena);
        xo.set(ValueLayout.JAVA_INT, 0, 1); // num_threads
        MemorySegment delegate = (MemorySegment) xnnCreate.invokeExact(xo);
        addDelegate.invokeExact(options, delegate);
        MemorySegment interpreter = (MemorySegment) interpreterCreate.invokeExact(m, options);
        if (interpreter.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("TfLiteInterpreterCreate failed");
        }
        long t5 = System.nanoTime();
        if ((int) allocate.invokeExact(interpreter) != 0) {
            throw new IllegalStateException("TfLiteInterpreterAllocateTensors failed");
        }
        long t6 = System.nanoTime();
        MemorySegment in = ((MemorySegment)
                        tensorData.invokeExact((MemorySegment) inputTensor.invokeExact(interpreter, 0)))
                .reinterpret(4);
        in.set(ValueLayout.JAVA_FLOAT, 0, x);
        if ((int) invoke.invokeExact(interpreter) != 0) {
            throw new IllegalStateException("TfLiteInterpreterInvoke failed");
        }
        MemorySegment out = ((MemorySegment)
                        tensorData.invokeExact((MemorySegment) outputTensor.invokeExact(interpreter, 0)))
                .reinterpret(4);
        float y = out.get(ValueLayout.JAVA_FLOAT, 0);
        long t7 = System.nanoTime();
        if (phases != null) {
            phases.put("dlopen", StartupProbe.ms(t, t1));
            phases.put("firstDowncallHandle", StartupProbe.ms(t1, t2));
            phases.put("otherHandles", StartupProbe.ms(t2, t3));
            phases.put("model", StartupProbe.ms(t3, t4));
            phases.put("interpreter", StartupProbe.ms(t4, t5));
            phases.put("allocate", StartupProbe.ms(t5, t6));
            phases.put("firstInvoke", StartupProbe.ms(t6, t7));
            phases.put("firstResult", StartupProbe.ms(t0, t7));
        }
        return y;
    }
}
