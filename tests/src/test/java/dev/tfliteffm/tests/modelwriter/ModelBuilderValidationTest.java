package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.modelwriter.ModelBuildException;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.OpOptions;
import dev.tfliteffm.modelwriter.OpOptions.Activation;
import dev.tfliteffm.modelwriter.Quantization;
import dev.tfliteffm.modelwriter.SignatureBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Inconsistent models are refused when built, with a message naming what is wrong; the same model without the
 * mistake builds and runs in TFLite, so each failure is caused by the one mistake.
 */
class ModelBuilderValidationTest {

    /** A valid model: y = x + x, signature "add" (x → y); {@code mistake} spoils it. */
    private static byte[] build(Consumer<Parts> mistake) {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef x = g.input("x_tensor", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("y_tensor", TensorType.FLOAT32, -1);
        g.outputs(y);
        Parts parts = new Parts(m, g, m.signature("add", g), x, y);
        mistake.accept(parts);
        if (!parts.skipDefaultOp) {
            g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(x, x), List.of(y));
        }
        if (!parts.skipDefaultSignature) {
            parts.signature.input("x", x).output("y", y);
        }
        return m.build();
    }

    private static final class Parts {
        final ModelBuilder model;
        final SubgraphBuilder graph;
        final SignatureBuilder signature;
        final TensorRef x;
        final TensorRef y;
        boolean skipDefaultOp;
        boolean skipDefaultSignature;

        Parts(ModelBuilder model, SubgraphBuilder graph, SignatureBuilder signature, TensorRef x, TensorRef y) {
            this.model = model;
            this.graph = graph;
            this.signature = signature;
            this.x = x;
            this.y = y;
        }
    }

    private static String failure(Consumer<Parts> mistake) {
        return assertThrows(ModelBuildException.class, () -> build(mistake)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void theUnspoiledModelRunsInTfLite() {
        try (RawInterpreter tflite = RawInterpreter.load(build(p -> {}))) {
            RawInterpreter.Runner r = tflite.runner("add").resize("x", 2).allocate();
            float[] y = r.set("x", 1.5f, -2f).invoke().floats("y");
            assertEquals(3f, y[0]);
            assertEquals(-4f, y[1]);
        }
    }

    @Test
    void tensorIndexOutOfRange() {
        String message = failure(p -> {
            p.skipDefaultOp = true;
            p.graph.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), new int[] {0, 7}, new int[] {1});
        });
        assertMentions(
                message,
                "operator #0 (ADD) of subgraph 'main'",
                "input 1 is tensor index 7, out of range",
                "has 2 tensors (0..1)");
    }

    @Test
    void negativeOutputIndex() {
        String message = failure(p -> {
            p.skipDefaultOp = true;
            p.graph.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), new int[] {0, 0}, new int[] {-1});
        });
        assertMentions(message, "output 0 is tensor index -1, out of range");
    }

    @Test
    void signatureNamesATensorThatDoesNotExist() {
        String message = failure(p -> {
            p.skipDefaultSignature = true;
            p.signature.input("x", "serving_default_x:0").output("y", p.y);
        });
        assertMentions(
                message,
                "signature 'add' input 'x' names tensor 'serving_default_x:0'",
                "which subgraph #0 'main' does not have",
                "x_tensor");
    }

    @Test
    void signatureUsesATensorOfAnotherSubgraph() {
        String message = failure(p -> {
            p.skipDefaultSignature = true;
            SubgraphBuilder other = p.model.subgraph("other");
            TensorRef foreign = other.input("foreign", TensorType.FLOAT32, 1);
            other.outputs(foreign);
            p.signature.input("x", foreign).output("y", p.y);
        });
        assertMentions(
                message,
                "signature 'add' input 'x'",
                "'foreign'",
                "of subgraph 'other'",
                "belongs to another subgraph");
    }

    @Test
    void signatureInputThatIsNotASubgraphInput() {
        String message = failure(p -> {
            p.skipDefaultSignature = true;
            p.signature.input("x", p.y).output("y", p.y);
        });
        assertMentions(message, "signature 'add' input 'x' maps to 'y_tensor'", "not one of the inputs");
    }

    @Test
    void constantBufferOfTheWrongSize() {
        String message = failure(p -> p.graph.constant("weights", TensorType.FLOAT32, new int[] {2, 3}, new byte[20]));
        assertMentions(
                message,
                "tensor 'weights'",
                "FLOAT32[2,3]",
                "needs a buffer of 24 bytes (6 × FLOAT32)",
                "has 20 bytes");
        String values = failure(p -> p.graph.constant("bias", new float[] {1f, 2f}, 3));
        assertMentions(values, "tensor 'bias'", "needs a buffer of 12 bytes", "has 8 bytes");
    }

    @Test
    void stringConstantWithTheWrongCount() {
        String message = failure(p -> p.graph.constantStrings("labels", List.of("a", "b"), 3));
        assertMentions(message, "tensor 'labels'", "needs 3 strings but its buffer holds 2");
        String layout =
                failure(p -> p.graph.constant("raw", TensorType.STRING, new int[] {1}, new byte[] {1, 0, 0, 0}));
        assertMentions(layout, "tensor 'raw'", "not a TFLite string buffer");
    }

    @Test
    void readBeforeWrite() {
        String message = failure(p -> {
            TensorRef early = p.graph.tensor("early", TensorType.FLOAT32, -1);
            p.graph.op(
                    BuiltinOperator.ADD,
                    OpOptions.add(Activation.NONE),
                    List.of(p.x, early),
                    List.of(p.graph.tensor("sum", TensorType.FLOAT32, -1)));
        });
        assertMentions(message, "operator #0 (ADD)", "reads 'early'", "before any operator writes it");
    }

    @Test
    void perChannelScalesThatDoNotMatchTheAxis() {
        String message = failure(p -> p.graph
                .constant("w", TensorType.INT8, new int[] {4, 2}, new byte[8])
                .quantized(Quantization.perChannel(new float[] {1f, 2f, 3f}, 0)));
        assertMentions(message, "tensor 'w'", "3 per-channel scales but dimension 0", "has size 4");
        String zero = failure(p -> p.x.quantized(0f, 0));
        assertMentions(zero, "tensor 'x_tensor'", "scale 0.0");
    }

    @Test
    void duplicateNames() {
        assertMentions(failure(p -> p.model.signature("add", p.graph)), "signature 'add' is defined twice");
        assertMentions(
                failure(p -> p.graph.tensor("x_tensor", TensorType.INT32, 1)),
                "tensors #0 and #2 are both named 'x_tensor'");
        assertMentions(
                failure(p -> {
                    p.skipDefaultSignature = true;
                    p.signature.input("x", p.x).output("y", p.y).output("y", p.x);
                }),
                "signature 'add' output 'y' is named twice");
    }

    @Test
    void badOperatorCodes() {
        assertMentions(
                failure(p -> p.graph.customOp(
                        "", new byte[0], List.of(p.x), List.of(p.graph.tensor("c", TensorType.FLOAT32, 1)))),
                "is CUSTOM without a custom code");
        assertMentions(
                failure(p -> p.graph.op(999, List.of(p.x), List.of(p.graph.tensor("c", TensorType.FLOAT32, 1)))),
                "builtin operator code 999, outside the known codes");
        assertMentions(
                failure(p -> p.graph
                        .op(BuiltinOperator.ABS, List.of(p.x), List.of(p.graph.tensor("c", TensorType.FLOAT32, 1)))
                        .version(0)),
                "has version 0");
        ModelBuildException options = assertThrows(ModelBuildException.class, () -> OpOptions.of("not options"));
        assertMentions(options.getMessage(), "java.lang.String");
    }

    @Test
    void operatorWritingAnInputOrAConstant() {
        assertMentions(
                failure(p -> p.graph.op(BuiltinOperator.ABS, List.of(p.y), List.of(p.x))),
                "writes the subgraph input 'x_tensor'");
        assertMentions(
                failure(p -> p.graph.op(BuiltinOperator.ABS, List.of(p.y), List.of(p.y))),
                "writes 'y_tensor'",
                "which an earlier operator already writes");
    }

    @Test
    void everyProblemIsListed() {
        String message = failure(p -> {
            p.graph.constant("w", TensorType.INT32, new int[] {2}, new byte[3]);
            p.model.signature("add", p.graph);
        });
        assertMentions(message, "2 problems", "tensor 'w'", "signature 'add' is defined twice");
    }

    @Test
    void emptyModel() {
        ModelBuildException e = assertThrows(ModelBuildException.class, () -> new ModelBuilder().build());
        assertMentions(e.getMessage(), "has no subgraph");
    }
}
