package dev.tfliteffm.tests.runtime;

import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Puts a quantized tensor of another model where the runtime can see it. The runtime shows a signature's inputs
 * and outputs only, not a model's weights; this one-op model's input {@code q} has the tensor's type, shape and
 * quantization, and its output {@code x} is the DEQUANTIZE of it.
 */
final class DequantizeModel {

    /** The model's signature key. */
    static final String SIGNATURE = "dequantize";

    private DequantizeModel() {}

    /** The model bytes for {@code tensor}, as read by the model writer's reader. */
    static byte[] of(TensorInfo tensor) {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm test: DEQUANTIZE of " + tensor.name());
        SubgraphBuilder g = m.subgraph(SIGNATURE);
        TensorRef q = g.input(tensor.name(), tensor.type(), tensor.shape()).quantized(tensor.quantization());
        TensorRef x = g.tensor(tensor.name() + "_dequantized", TensorType.FLOAT32, tensor.shape());
        g.op(BuiltinOperator.DEQUANTIZE, List.of(q), List.of(x));
        g.outputs(x);
        m.signature(SIGNATURE, g).input("q", q).output("x", x);
        return m.build();
    }
}
