package dev.tfliteffm.tests.javaops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.JavaOperatorFactory;
import dev.tfliteffm.Model;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.OperatorTensor;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/** The README's "Missing an operator? Write it in Java" example, kept compiling and running here. */
final class ReadmeSinhExample {

    private ReadmeSinhExample() {}

    static float[] run() {
        // A model whose custom op "Sinh" no TFLite build has (a converter-made model works the same way).
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("sinh");
        TensorRef x = g.input("x", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, -1);
        g.customOp("Sinh", new byte[0], List.of(x), List.of(y));
        g.outputs(y);
        builder.signature("sinh", g).input("x", x).output("y", y);

        JavaOperatorFactory sinh = customOptions -> new JavaOperator() {
            @Override
            public void prepare(OperatorContext ctx) {
                OperatorTensor in = ctx.input(0);
                if (in.dataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException("Sinh takes float32, not " + in.dataType());
                }
                ctx.output(0).resize(in.shape());
            }

            @Override
            public void invoke(OperatorContext ctx) {
                MemorySegment in = ctx.input(0).data();
                MemorySegment out = ctx.output(0).data();
                for (long i = 0; i < in.byteSize() / Float.BYTES; i++) {
                    out.setAtIndex(JAVA_FLOAT, i, (float) Math.sinh(in.getAtIndex(JAVA_FLOAT, i)));
                }
            }
        };
        InterpreterOptions options =
                InterpreterOptions.builder().addOperator("Sinh", sinh).build();
        try (Model model = Model.fromBytes(builder.build());
                Interpreter interpreter = Interpreter.create(model, options)) {
            return interpreter
                    .runner("sinh")
                    .run(Map.of("x", new float[] {0f, 1f, -2f}))
                    .get("y")
                    .floats();
        }
    }
}
