package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.SignatureInfo;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model reader against TFLite's side: a converter-written model reads as expected, and the constant data the
 * writer places is where TFLite's kernels use it in place. The reader's own unit tests are in model-writer.
 */
class ModelReaderInteropTest {

    @Test
    void readsAConverterWrittenModel() throws Exception {
        ModelInfo info = ModelReader.read(SharedModels.model("hello_world_float.tflite"));
        SignatureInfo sig = info.signature("serving_default");
        assertEquals(List.of("dense_input"), List.copyOf(sig.inputs().keySet()));
        assertEquals(List.of("dense_2"), List.copyOf(sig.outputs().keySet()));
        assertEquals(List.of("FULLY_CONNECTED"), info.operatorNames());
        TensorInfo input = info.primarySubgraph().tensors().get(sig.inputs().get("dense_input"));
        assertEquals(TensorType.FLOAT32, input.type());
        assertTrue(
                info.metadataNames().contains("min_runtime_version"),
                info.metadataNames().toString());
    }

    @Test
    void constantDataIsAlignedForTheKernels() {
        // Each buffer is 16-byte aligned within the file; loaded at an aligned address, TFLite uses it in place.
        byte[] model = SampleModels.mobileNetFloat(16, 0.25f, 2);
        List<TensorInfo> constants = ModelReader.read(model).primarySubgraph().tensors().stream()
                .filter(TensorInfo::isConstant)
                .toList();
        assertTrue(constants.size() >= 6, constants.size() + " constants");
        try (RawInterpreter tflite = RawInterpreter.load(model)) {
            tflite.runner("serving_default").allocate();
            for (TensorInfo constant : constants) {
                MemorySegment tensor = TfLite.TfLiteInterpreterGetTensor(tflite.handle(), constant.index());
                assertEquals(constant.name(), TfLite.TfLiteTensorName(tensor).getString(0));
                assertEquals(0, TfLite.TfLiteTensorData(tensor).address() % 16, constant.name());
            }
        }
    }
}
