package dev.tfliteffm.tests.runtime;

import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * Models TFLite loads but the model writer refuses to write: written with the model writer as valid models, then
 * edited through the FlatBuffers object API of TFLite's schema.
 */
final class OddModels {

    /** The constant {@code c} of {@link #constantInput()}. */
    static final float[] CONSTANT = {10f, 20f};

    private OddModels() {}

    /**
     * Signature {@code s}: inputs {@code x} float32[2] and {@code c}, output {@code y = x + c}, where {@code c} is a
     * constant of the model ({@link #CONSTANT}) that is also a subgraph input: TFLite gives it kTfLiteMmapRo data
     * inside the model's bytes.
     */
    static byte[] constantInput() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm test: a constant that is an input");
        SubgraphBuilder g = m.subgraph("s");
        TensorRef x = g.input("x", TensorType.FLOAT32, 2);
        TensorRef b = g.input("b", TensorType.FLOAT32, 2);
        TensorRef c = g.constant("c", CONSTANT, 2);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, 2);
        g.op(BuiltinOperator.ADD, List.of(x, b), List.of(y));
        g.outputs(y);
        m.signature("s", g).input("x", x).input("c", b).output("y", y);
        return edit(m.build(), model -> {
            SubGraphT graph = model.getSubgraphs()[0];
            graph.setInputs(new int[] {x.index(), c.index()});
            graph.getOperators()[0].setInputs(new int[] {x.index(), c.index()});
            model.getSignatureDefs()[0].getInputs()[1].setTensorIndex(c.index());
        });
    }

    /** Signature {@code s}: input {@code x} float32[2], outputs {@code x + x} and {@code x * x}, both named {@code out}. */
    static byte[] duplicateOutputNames() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm test: two outputs named alike");
        SubgraphBuilder g = twoOutputs(m);
        m.signature("s", g)
                .input("x", g.inputs().get(0))
                .output("out", g.outputs().get(0))
                .output("out2", g.outputs().get(1));
        return edit(m.build(), model -> model.getSignatureDefs()[0].getOutputs()[1].setName("out"));
    }

    /** No SignatureDefs; input {@code x} float32[2], outputs {@code x + x} and {@code x * x}, both tensors named y. */
    static byte[] duplicateOutputTensorNames() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm test: two output tensors named alike");
        SubgraphBuilder g = twoOutputs(m);
        int z = g.outputs().get(1).index();
        return edit(m.build(), model -> model.getSubgraphs()[0].getTensors()[z].setName("y"));
    }

    private static SubgraphBuilder twoOutputs(ModelBuilder m) {
        SubgraphBuilder g = m.subgraph("s");
        TensorRef x = g.input("x", TensorType.FLOAT32, 2);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, 2);
        TensorRef z = g.tensor("z", TensorType.FLOAT32, 2);
        g.op(BuiltinOperator.ADD, List.of(x, x), List.of(y));
        g.op(BuiltinOperator.MUL, List.of(x, x), List.of(z));
        g.outputs(y, z);
        return g;
    }

    /** Signature {@code flatten}: input {@code text} string[-1, -1] → output {@code flat} string[-1] (RESHAPE). */
    static byte[] stringMatrix() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm test: a rank-2 string input");
        SubgraphBuilder g = m.subgraph("flatten");
        TensorRef text = g.input("text", TensorType.STRING, -1, -1);
        TensorRef flat = g.tensor("flat", TensorType.STRING, -1);
        g.op(BuiltinOperator.RESHAPE, List.of(text, g.constant("shape", new int[] {-1}, 1)), List.of(flat));
        g.outputs(flat);
        m.signature("flatten", g).input("text", text).output("flat", flat);
        return m.build();
    }

    private static byte[] edit(byte[] model, Consumer<ModelT> change) {
        ModelT unpacked = org.tensorflow.lite.schema.Model.getRootAsModel(ByteBuffer.wrap(model))
                .unpack();
        change.accept(unpacked);
        for (SubGraphT g : unpacked.getSubgraphs()) {
            for (OperatorT op : g.getOperators()) {
                op.setCustomOptions(null); // the object API writes an empty vector, which TFLite warns about
            }
        }
        com.google.flatbuffers.FlatBufferBuilder out = new com.google.flatbuffers.FlatBufferBuilder();
        out.finish(org.tensorflow.lite.schema.Model.pack(out, unpacked), "TFL3");
        return out.sizedByteArray();
    }
}
