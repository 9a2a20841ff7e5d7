package dev.tfliteffm.tests;

import java.util.function.Consumer;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * Edits a {@code .tflite} model through the schema's object API (tensorflow-lite-metadata's classes): unpack,
 * change, pack. For tests that need a model broken in one precise way.
 */
public final class ModelEdits {

    private ModelEdits() {}

    /** {@code model} with {@code change} applied to its unpacked tables. */
    public static byte[] edit(byte[] model, Consumer<ModelT> change) {
        ModelT m = ModelT.deserializeFromBinary(model);
        change.accept(m);
        return pack(m);
    }

    /**
     * The model packed again. The object API turns absent vectors into empty ones; those that mean something when
     * present (a buffer's data, an operator's custom options) are dropped again, as converters write them.
     */
    public static byte[] pack(ModelT m) {
        for (BufferT b : m.getBuffers()) {
            if (b.getData() != null && b.getData().length == 0) {
                b.setData(null);
            }
        }
        for (SubGraphT g : m.getSubgraphs()) {
            for (OperatorT op : g.getOperators()) {
                if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
                    op.setCustomOptions(null);
                }
                if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
                    op.setIntermediates(null);
                }
                if (op.getMutatingVariableInputs() != null && op.getMutatingVariableInputs().length == 0) {
                    op.setMutatingVariableInputs(null);
                }
            }
        }
        return m.serializeToBinary();
    }
}
