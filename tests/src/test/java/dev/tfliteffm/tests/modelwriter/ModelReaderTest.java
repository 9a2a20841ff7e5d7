package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.ModelFormatException;
import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.OpOptions;
import dev.tfliteffm.modelwriter.OpOptions.Activation;
import dev.tfliteffm.modelwriter.OpOptions.Padding;
import dev.tfliteffm.modelwriter.OperatorInfo;
import dev.tfliteffm.modelwriter.Quantization;
import dev.tfliteffm.modelwriter.SampleModels;
import dev.tfliteffm.modelwriter.SignatureInfo;
import dev.tfliteffm.modelwriter.StringTensors;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.SubgraphInfo;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Conv2DOptionsT;

/** Writing then reading gives back the same structure; real converter output and bad bytes read as expected. */
class ModelReaderTest {

    @Test
    void roundTripKeepsSignaturesTensorsAndOperators() {
        ModelBuilder m = new ModelBuilder()
                .description("round trip")
                .metadata("min_runtime_version", "2.21.0".getBytes(StandardCharsets.US_ASCII))
                .metadata("extra", new byte[] {1, 2, 3});
        SubgraphBuilder main = m.subgraph("main");
        TensorRef image = main.input("in:0", TensorType.FLOAT32, -1, 4, 4, 2);
        float[] weights = new float[3 * 3 * 3 * 2];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i * 0.125f - 3f;
        }
        TensorRef filter = main.constant("filter", weights, 3, 3, 3, 2);
        TensorRef bias = main.constant("bias", new float[] {0.5f, -1f, 2f}, 3);
        TensorRef conv = main.tensor("conv", TensorType.FLOAT32, -1, 2, 2, 3);
        main.op(
                        BuiltinOperator.CONV_2D,
                        OpOptions.conv2d(Padding.SAME, 2, 2, Activation.RELU6),
                        List.of(image, filter, bias),
                        List.of(conv))
                .version(3);
        TensorRef codes = main.tensor("codes", TensorType.INT8, -1, 2, 2, 3)
                .quantized(Quantization.perChannel(new float[] {0.1f, 0.2f, 0.3f}, new long[] {0, 1, -1}, 3));
        main.op(BuiltinOperator.QUANTIZE, List.of(conv), List.of(codes));
        TensorRef labels = main.constantStrings("labels", List.of("cat", "dog"), 2);
        TensorRef custom = main.tensor("custom_out", TensorType.STRING, 2);
        main.customOp("MyOp", new byte[] {9, 8}, List.of(labels), List.of(custom));
        TensorRef state = main.variable("state", TensorType.FLOAT32, 1, 3);
        main.outputs(codes, custom);
        m.signature("serving_default", main)
                .input("image", image)
                .output("codes", codes)
                .output("labels", custom);
        SubgraphBuilder second = m.subgraph("second");
        TensorRef a = second.input("a", TensorType.INT64, 2);
        TensorRef b = second.tensor("b", TensorType.INT64, 2);
        second.op(
                BuiltinOperator.VAR_HANDLE,
                OpOptions.varHandle("", "v"),
                List.of(),
                List.of(second.tensor("handle", TensorType.RESOURCE)));
        second.op(BuiltinOperator.RESHAPE, List.of(a, second.constant("shape", new long[] {2}, 1)), List.of(b));
        second.outputs(b);
        m.signature("second_sig", second).input("a", a).output("b", b);

        ModelInfo info = ModelReader.read(m.build());

        assertEquals(3, info.version());
        assertEquals("round trip", info.description());
        assertEquals(List.of("min_runtime_version", "extra"), info.metadataNames());
        assertEquals(
                "2.21.0",
                StandardCharsets.US_ASCII
                        .decode(info.metadata().get("min_runtime_version"))
                        .toString());
        assertEquals(2, info.subgraphs().size());
        assertEquals(
                List.of("serving_default", "second_sig"),
                info.signatures().stream().map(SignatureInfo::key).toList());
        SignatureInfo sig = info.signature("serving_default");
        assertEquals(0, sig.subgraphIndex());
        assertEquals(Map.of("image", image.index()), sig.inputs());
        assertEquals(List.of("codes", "labels"), List.copyOf(sig.outputs().keySet()));
        assertEquals(1, info.signature("second_sig").subgraphIndex());

        SubgraphInfo g = info.primarySubgraph();
        assertEquals("main", g.name());
        assertArrayEquals(new int[] {image.index()}, g.inputs());
        assertArrayEquals(new int[] {codes.index(), custom.index()}, g.outputs());
        assertEquals(main.tensors().size(), g.tensors().size());
        for (TensorRef written : main.tensors()) {
            TensorInfo read = g.tensors().get(written.index());
            assertEquals(written.name(), read.name());
            assertEquals(written.type(), read.type());
            assertArrayEquals(written.shape(), read.shape(), written.name());
            assertArrayEquals(written.shapeSignature(), read.shapeSignature(), written.name());
            assertEquals(written.quantization(), read.quantization(), written.name());
            assertEquals(written.isVariable(), read.variable(), written.name());
            assertEquals(written.isConstant(), read.isConstant(), written.name());
        }
        float[] readWeights = new float[weights.length];
        g.tensorNamed("filter").data().asFloatBuffer().get(readWeights);
        assertArrayEquals(weights, readWeights);
        assertEquals(
                List.of("cat", "dog"),
                StringTensors.decode(g.tensorNamed("labels").dataBytes()));
        assertTrue(g.tensorNamed("state").variable());
        assertNull(g.tensorNamed("state").data());

        assertEquals(
                List.of("CONV_2D", "QUANTIZE", "MyOp"),
                g.operators().stream().map(OperatorInfo::opName).toList());
        OperatorInfo convOp = g.operators().getFirst();
        assertEquals(3, convOp.version());
        assertArrayEquals(new int[] {image.index(), filter.index(), bias.index()}, convOp.inputs());
        assertArrayEquals(new int[] {conv.index()}, convOp.outputs());
        assertEquals("Conv2DOptions", convOp.optionsType());
        Conv2DOptionsT options = (Conv2DOptionsT) convOp.options();
        assertEquals(2, options.getStrideH());
        assertEquals(org.tensorflow.lite.schema.ActivationFunctionType.RELU6, options.getFusedActivationFunction());
        OperatorInfo customOp = g.operators().get(2);
        assertTrue(customOp.isCustom());
        assertEquals(BuiltinOperator.CUSTOM, customOp.builtinCode());
        assertEquals(List.of("CONV_2D", "QUANTIZE", "MyOp", "VAR_HANDLE", "RESHAPE"), info.operatorNames());
        assertEquals(List.of("MyOp"), info.customOperatorNames());
        assertEquals(
                TensorType.RESOURCE,
                info.subgraphs().get(1).tensorNamed("handle").type());
    }

    @Test
    void opCodesAbove127ReadBack() {
        // CALL_ONCE (129), VAR_HANDLE (142), READ_VARIABLE (143), ASSIGN_VARIABLE (144) need the newer code field.
        ModelInfo info = ModelReader.read(SampleModels.variables());
        assertTrue(
                info.operatorNames()
                        .containsAll(List.of(
                                "CALL_ONCE",
                                "VAR_HANDLE",
                                "READ_VARIABLE",
                                "ASSIGN_VARIABLE",
                                "UNIDIRECTIONAL_SEQUENCE_RNN")),
                info.operatorNames().toString());
        OperatorInfo varHandle = info.primarySubgraph().operators().get(1);
        assertEquals(BuiltinOperator.VAR_HANDLE, varHandle.builtinCode());
    }

    @Test
    void everyTypeReadsBackIncludingCodesNewerThanTheSchemaClasses() {
        ModelInfo info = ModelReader.read(SampleModels.allTypes());
        for (TensorType type : TensorType.values()) {
            SubgraphInfo g = info.subgraphs()
                    .get(info.signature(SampleModels.typeSignatureKey(type)).subgraphIndex());
            assertEquals(type, g.tensors().get(g.inputs()[0]).type());
            assertEquals(type.schemaCode(), g.tensors().get(g.inputs()[0]).typeCode());
        }
    }

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

    @Test
    void refusesBytesThatAreNotAModel() {
        ModelFormatException notTflite = assertThrows(
                ModelFormatException.class,
                () -> ModelReader.read("definitely not a flatbuffer".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(
                notTflite.getMessage().contains("expected the flatbuffer file identifier 'TFL3'"),
                notTflite.getMessage());
        assertThrows(ModelFormatException.class, () -> ModelReader.read(new byte[3]));
        byte[] truncated = Arrays.copyOf(SampleModels.codec(), 40);
        assertThrows(ModelFormatException.class, () -> ModelReader.read(truncated));
    }

    @Test
    void stringBuffersEncodeAndDecode() {
        byte[] buffer = StringTensors.encode("", "ab", "ü");
        // count 3, offsets 20, 20, 22, 24 (from the buffer's start), then the bytes
        assertArrayEquals(
                new byte[] {
                    3, 0, 0, 0, 20, 0, 0, 0, 20, 0, 0, 0, 22, 0, 0, 0, 24, 0, 0, 0, 'a', 'b', (byte) 0xC3, (byte) 0xBC
                },
                buffer);
        assertEquals(List.of("", "ab", "ü"), StringTensors.decode(buffer));
        assertThrows(IllegalArgumentException.class, () -> StringTensors.decode(new byte[] {5, 0, 0, 0, 8, 0, 0, 0}));
        assertFalse(StringTensors.decode(StringTensors.encode()).iterator().hasNext());
    }
}
