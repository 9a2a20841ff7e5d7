package dev.tfliteffm.bench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.JavaOperatorFactory;
import dev.tfliteffm.Model;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.OpOptions;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The cost of a Java operator: the same graph, a chain of {@code nodes} element-wise float32 additions
 * ({@code y = ((x + b) + b) ...}), run by TFLite's builtin ADD or by a Java ADD registered as a custom op. The
 * difference per invoke, divided by {@code nodes}, is the price of one node's upcall (prepared path, XNNPACK
 * off so that the builtin runs TFLite's own kernel, one thread). Run with {@code -prof gc} to see allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class JavaOps {

    /** The Java kernel: element-wise a + b over float32, outputs shaped as the first input. */
    static final JavaOperatorFactory ADD = options -> new JavaOperator() {
        @Override
        public void prepare(OperatorContext context) {
            context.output(0).resize(context.input(0).shape());
        }

        @Override
        public void invoke(OperatorContext context) {
            MemorySegment a = context.input(0).data();
            MemorySegment b = context.input(1).data();
            MemorySegment y = context.output(0).data();
            long n = y.byteSize() / Float.BYTES;
            for (long i = 0; i < n; i++) {
                y.setAtIndex(JAVA_FLOAT, i, a.getAtIndex(JAVA_FLOAT, i) + b.getAtIndex(JAVA_FLOAT, i));
            }
        }
    };

    /** Signature {@code chain}: inputs {@code x}, {@code b} float32[-1] → {@code y}, {@code nodes} additions. */
    static byte[] chain(int nodes, boolean java) {
        ModelBuilder m = new ModelBuilder().description("a chain of " + nodes + " additions");
        SubgraphBuilder g = m.subgraph("chain");
        TensorRef x = g.input("x", TensorType.FLOAT32, -1);
        TensorRef b = g.input("b", TensorType.FLOAT32, -1);
        TensorRef previous = x;
        List<TensorRef> sums = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            TensorRef sum = g.tensor("sum_" + i, TensorType.FLOAT32, -1);
            if (java) {
                g.customOp("JavaAdd", new byte[0], List.of(previous, b), List.of(sum));
            } else {
                g.op(BuiltinOperator.ADD, OpOptions.add(OpOptions.Activation.NONE), List.of(previous, b), List.of(sum));
            }
            sums.add(sum);
            previous = sum;
        }
        g.outputs(previous);
        m.signature("chain", g).input("x", x).input("b", b).output("y", previous);
        return m.build();
    }

    @State(Scope.Thread)
    public static class Graph {
        /** {@code builtin}: TFLite's ADD; {@code java}: the Java ADD above, as a custom op. */
        @Param({"builtin", "java"})
        public String op;

        @Param({"1", "10"})
        public int nodes;

        @Param({"16", "4096"})
        public int elements;

        Model model;
        Interpreter interpreter;
        SignatureRunner runner;
        MemorySegment y;

        @Setup(Level.Trial)
        public void open() {
            model = Model.fromBytes(chain(nodes, "java".equals(op)));
            interpreter = Interpreter.create(
                    model,
                    InterpreterOptions.builder()
                            .xnnpack(false)
                            .addOperator("JavaAdd", ADD)
                            .build());
            runner = interpreter.runner("chain");
            runner.resizeInput("x", elements);
            runner.resizeInput("b", elements);
            runner.allocateTensors();
            MemorySegment x = runner.input("x").data();
            MemorySegment b = runner.input("b").data();
            for (int i = 0; i < elements; i++) {
                x.setAtIndex(JAVA_FLOAT, i, i);
                b.setAtIndex(JAVA_FLOAT, i, 0.5f);
            }
            y = runner.output("y").data();
        }

        @TearDown(Level.Trial)
        public void close() {
            interpreter.close();
            model.close();
        }
    }

    /** One invoke on the prepared path; returns an output value so that the work is not dead. */
    @Benchmark
    public float invoke(Graph g) {
        g.runner.invoke();
        return g.y.get(JAVA_FLOAT, 0);
    }
}
