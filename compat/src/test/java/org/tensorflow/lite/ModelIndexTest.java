package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.TensorMap;

/** {@link ModelIndex} against the TFLite schema's generated FlatBuffer classes, on every sample model. */
class ModelIndexTest {

    @Test
    void agreesWithTheSchemaClasses() {
        List<byte[]> models = List.of(
                SampleModels.codec(),
                SampleModels.strings(),
                SampleModels.variables(),
                SampleModels.namedInputsOutputs(),
                SampleModels.allTypes(),
                TestModels.multiAdd(),
                TestModels.multiSignature(),
                TestModels.add());
        for (byte[] bytes : models) {
            ModelIndex index = ModelIndex.read(MemorySegment.ofArray(bytes));
            Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            List<String> keys = new ArrayList<>();
            for (int s = 0; s < model.signatureDefsLength(); s++) {
                SignatureDef def = model.signatureDefs(s);
                keys.add(def.signatureKey());
                assertEquals(def.subgraphIndex(), index.subgraphOf(def.signatureKey()));
                for (int i = 0; i < def.inputsLength(); i++) {
                    TensorMap t = def.inputs(i);
                    assertEquals(t.tensorIndex(), index.signatureInput(def.signatureKey(), t.name()));
                }
                for (int i = 0; i < def.outputsLength(); i++) {
                    TensorMap t = def.outputs(i);
                    assertEquals(t.tensorIndex(), index.signatureOutput(def.signatureKey(), t.name()));
                }
            }
            assertEquals(keys, index.signatureKeys());
            SubGraph primary = model.subgraphs(0);
            for (int i = 0; i < primary.inputsLength(); i++) {
                assertEquals(primary.inputs(i), index.primaryInput(i));
            }
            for (int i = 0; i < primary.outputsLength(); i++) {
                assertEquals(primary.outputs(i), index.primaryOutput(i));
            }
        }
    }

    @Test
    void malformedModelsGiveNoFacts() {
        assertSame(ModelIndex.UNKNOWN, ModelIndex.read(MemorySegment.ofArray(new byte[] {1, 2, 3})));
        assertSame(ModelIndex.UNKNOWN, ModelIndex.read(MemorySegment.ofArray(new byte[64])));
        assertEquals(-1, ModelIndex.UNKNOWN.primaryInput(0));
        assertEquals(-1, ModelIndex.UNKNOWN.signatureInput("k", "x"));
    }
}
