package dev.tfliteffm.tests.javaops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.tfliteffm.DataType;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.JavaOperatorFactory;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.OpOptions;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Small models with a custom op for the Java operator tests, and Java kernels for them. */
final class JavaOpModels {

    private JavaOpModels() {}

    /**
     * Signature {@code add}: inputs {@code a}, {@code b} float32[-1] → {@code y} float32[-1], by the builtin ADD
     * ({@code customName} null) or by the custom op {@code customName} (no custom options).
     */
    static byte[] add(String customName) {
        ModelBuilder m = new ModelBuilder().description("a + b");
        SubgraphBuilder g = m.subgraph("add");
        TensorRef a = g.input("add_a:0", TensorType.FLOAT32, -1);
        TensorRef b = g.input("add_b:0", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("Identity:0", TensorType.FLOAT32, -1);
        if (customName == null) {
            g.op(BuiltinOperator.ADD, OpOptions.add(OpOptions.Activation.NONE), List.of(a, b), List.of(y));
        } else {
            g.customOp(customName, new byte[0], List.of(a, b), List.of(y));
        }
        g.outputs(y);
        m.signature("add", g).input("a", a).input("b", b).output("y", y);
        return m.build();
    }

    /** Signature {@code unary}: {@code x} float32[-1] → {@code y} float32[-1] by custom op {@code name}. */
    static byte[] unary(String name, byte[] customOptions) {
        ModelBuilder m = new ModelBuilder().description("custom unary op " + name);
        SubgraphBuilder g = m.subgraph("unary");
        TensorRef x = g.input("x", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, -1);
        g.customOp(name, customOptions, List.of(x), List.of(y));
        g.outputs(y);
        m.signature("unary", g).input("x", x).output("y", y);
        return m.build();
    }

    /** An element-wise float32 a + b kernel (broadcasting a scalar {@code b}, as multi_add_flex needs none). */
    static final JavaOperatorFactory ADD = options -> new JavaOperator() {
        @Override
        public void prepare(OperatorContext context) {
            for (int i = 0; i < 2; i++) {
                if (context.input(i).dataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException(
                            "add takes float32, not " + context.input(i).dataType());
                }
            }
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
}
