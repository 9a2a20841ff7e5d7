package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.ModelEdits;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.CallOnceOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * The model validator that runs before TFLite reads a model: each check refuses a model broken in one way with
 * {@code INVALID_MODEL} and a message naming what and where; every real and sample model passes; the opt-out works.
 *
 * <p>hello_world_float.tflite ("sine") is the usual victim: 10 tensors, three FULLY_CONNECTED operators
 * ({@code [0, 4, 3] -> 7}, {@code [7, 5, 1] -> 8}, {@code [8, 6, 2] -> 9}), tensor 5 is float32[16,16] in buffer 6
 * (1024 bytes), tensor 1 float32[16] in buffer 2 (64 bytes).
 */
class ModelValidatorTest {

    private static final String PROPERTY = "tflite.ffm.model.validate";

    private static byte[] sine() throws IOException {
        return Files.readAllBytes(SharedModels.model("hello_world_float.tflite"));
    }

    private static SubGraphT main(ModelT m) {
        return m.getSubgraphs()[0];
    }

    /** Loading {@code model} fails with INVALID_MODEL whose message has {@code problem}, before TFLite spoke. */
    private static void assertRefused(byte[] model, String problem) {
        TfLiteException e =
                assertThrows(TfLiteException.class, () -> Model.fromBytes(model).close());
        assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
        assertTrue(
                e.getMessage().contains(": " + problem + " (refused by tflite-ffm's model validator"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .startsWith("model of " + model.length + " bytes is not a valid TensorFlow Lite " + "model: "),
                e.getMessage());
        assertEquals(List.of(), e.nativeMessages(), "refused before TFLite read it");
    }

    private static void assertRefused(byte[] seed, Consumer<ModelT> change, String problem) {
        assertRefused(ModelEdits.edit(seed, change), problem);
    }

    // ---- indices ------------------------------------------------------------------------------------------

    @Test
    void aSubgraphOutputOfMinusOne() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOutputs()[0] = -1,
                "subgraph 0, output 0: tensor -1 does not exist (the subgraph has 10 tensors)");
    }

    @Test
    void aSubgraphInputPastTheEnd() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getInputs()[0] = 10,
                "subgraph 0, input 0: tensor 10 does not exist (the subgraph has 10 tensors)");
    }

    @Test
    void anOperatorInputOrOutputOutOfRange() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOperators()[1].getInputs()[2] = 99,
                "subgraph 0, operator 1: input 2: tensor 99 does not exist (the subgraph has 10 tensors)");
        assertRefused(
                sine(),
                m -> main(m).getOperators()[2].getOutputs()[0] = -1,
                "subgraph 0, operator 2: output 0: tensor -1 does not exist (the subgraph has 10 tensors)");
    }

    @Test
    void anOptionalInputOfMinusOneIsAllowed() throws IOException {
        // FULLY_CONNECTED without a bias: TFLite's kTfLiteOptionalTensor.
        byte[] noBias = ModelEdits.edit(sine(), m -> main(m).getOperators()[2].getInputs()[2] = -1);
        try (Model model = Model.fromBytes(noBias);
                Interpreter ip = Interpreter.create(
                        model, InterpreterOptions.builder().xnnpack(false).build())) {
            float y = ip.runner("serving_default")
                    .run(Map.of("dense_input", new float[] {0f}))
                    .get("dense_2")
                    .floats()[0];
            assertTrue(Float.isFinite(y));
        }
    }

    @Test
    void anOperatorCodeOutOfRange() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOperators()[0].setOpcodeIndex(1),
                "subgraph 0, operator 0: operator code 1 does not exist (the model has 1)");
    }

    @Test
    void aBufferIndexOutOfRange() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getTensors()[5].setBuffer(13),
                "subgraph 0, tensor 5: buffer 13 does not exist (the model has 13 buffers)");
    }

    @Test
    void aMetadataBufferOutOfRange() throws IOException {
        assertRefused(
                sine(),
                m -> m.getMetadata()[0].setBuffer(40),
                "metadata 0 ('min_runtime_version'): buffer 40 does not exist (the model has 13 buffers)");
    }

    // ---- constant data ------------------------------------------------------------------------------------

    @Test
    void aBufferOfAnotherSize() throws IOException {
        // The mutation: a tensor pointing at another tensor's buffer of a different size.
        assertRefused(
                sine(),
                m -> main(m).getTensors()[5].setBuffer(2),
                "subgraph 0, tensor 5: buffer 2 holds 64 bytes, float32[16,16] needs 1024");
    }

    @Test
    void anOperatorWritingIntoAConstant() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOperators()[0].getOutputs()[0] = 5,
                "subgraph 0, operator 0: output 0: tensor 5 has constant data, which TFLite maps read-only: the "
                        + "operator would write into it");
    }

    @Test
    void aConstantAsAnInput() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getInputs()[0] = 5,
                "subgraph 0, input 0: tensor 5 has constant data, which TFLite maps read-only: writing the input "
                        + "would fault");
    }

    // ---- order of operators -------------------------------------------------------------------------------

    @Test
    void anInputComputedByALaterOperator() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOperators()[0].getInputs()[0] = 8,
                "subgraph 0, operator 0: input 0: tensor 8 is computed by operator 1, which runs later");
        assertRefused(
                sine(),
                m -> main(m).getOperators()[1].getInputs()[0] = 8,
                "subgraph 0, operator 1: input 0: tensor 8 is computed by operator 1 itself");
    }

    @Test
    void aTensorComputedTwice() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getOperators()[2].getOutputs()[0] = 8,
                "subgraph 0, operator 2: output 0: tensor 8 is computed by operator 1 too");
    }

    // ---- quantization -------------------------------------------------------------------------------------

    private static void quantize(ModelT m, int tensor, int scales, int zeroPoints, int dimension) {
        QuantizationParametersT q = new QuantizationParametersT();
        q.setScale(new float[scales]);
        q.setZeroPoint(new long[zeroPoints]);
        q.setQuantizedDimension(dimension);
        main(m).getTensors()[tensor].setQuantization(q);
    }

    @Test
    void quantizationArraysThatDoNotFitTheShape() throws IOException {
        assertRefused(
                sine(),
                m -> quantize(m, 5, 16, 15, 0),
                "subgraph 0, tensor 5: quantization has 16 scales but 15 zero points");
        assertRefused(
                sine(),
                m -> quantize(m, 4, 3, 3, 0),
                "subgraph 0, tensor 4: quantization has 3 scales; shape [16,1] needs 1 or 16 (the size of "
                        + "quantized_dimension 0)");
        assertRefused(
                sine(),
                m -> quantize(m, 4, 1, 1, 2),
                "subgraph 0, tensor 4: quantized_dimension 2 is out of range for shape [16,1] (rank 2)");
        // Per channel along either dimension, or per tensor: fine.
        for (int[] ok : new int[][] {{16, 0}, {1, 1}, {1, 0}}) {
            Model.fromBytes(ModelEdits.edit(sine(), m -> quantize(m, 4, ok[0], ok[0], ok[1])))
                    .close();
        }
    }

    @Test
    void aModelForTheMicroRuntimeIsRefusedAtLoadAndByTfLiteWithoutTheValidator() {
        Path model = SharedModels.model("person_detect_micro_only.tflite");
        TfLiteException e = assertThrows(TfLiteException.class, () -> Model.fromFile(model));
        assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
        assertTrue(
                e.getMessage()
                        .startsWith("model file " + model + " is not a valid TensorFlow Lite model: subgraph 0, tensor"
                                + " 33: quantized_dimension 3 is out of range for shape [8] (rank 1)"),
                e.getMessage());
        withValidation("false", () -> {
            try (Model m = Model.fromFile(model)) {
                TfLiteException tflite = assertThrows(TfLiteException.class, () -> Interpreter.create(m));
                assertTrue(
                        tflite.nativeMessages().contains("quantized_dimension must be in range [0, 1). Was 3."),
                        tflite.nativeMessages().toString());
            }
        });
    }

    // ---- shapes -------------------------------------------------------------------------------------------

    @Test
    void shapesBeyondTfLitesInt32Sizes() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getTensors()[7].setShape(new int[] {1 << 20, 1 << 12}),
                "subgraph 0, tensor 7: shape [1048576,4096] has more than 2^31-1 elements, more than TFLite counts");
        assertRefused(
                sine(),
                m -> main(m).getTensors()[7].setShape(new int[] {1 << 29, 1}),
                "subgraph 0, tensor 7: float32[536870912,1] needs 2147483648 bytes, more than TFLite's 2^31-1");
        assertRefused(
                sine(),
                m -> main(m).getTensors()[7].setShape(new int[] {-3, 16}),
                "subgraph 0, tensor 7: dimension 0 of shape [-3,16] is negative");
    }

    @Test
    void aShapeSignatureThatDoesNotFitTheShape() throws IOException {
        assertRefused(
                sine(),
                m -> main(m).getTensors()[7].setShapeSignature(new int[] {-1}),
                "subgraph 0, tensor 7: shape signature has 1 dimensions, shape [1,16] has 2");
        assertRefused(
                sine(),
                m -> main(m).getTensors()[7].setShapeSignature(new int[] {-2, 16}),
                "subgraph 0, tensor 7: dimension 0 of the shape signature is -2 (only -1 means unknown)");
    }

    // ---- names and signatures -----------------------------------------------------------------------------

    @Test
    void duplicateOutputNamesOfASubgraph() throws IOException {
        byte[] multiAdd = Files.readAllBytes(SharedModels.model("multi_add.tflite"));
        ModelT m = ModelT.deserializeFromBinary(multiAdd);
        int[] outputs = main(m).getOutputs();
        String first = main(m).getTensors()[outputs[0]].getName();
        assertRefused(
                multiAdd,
                x -> main(x).getTensors()[outputs[1]].setName(first),
                "subgraph 0, output 1: tensor " + outputs[1] + " is named '" + first + "' as another output is");
    }

    @Test
    void signaturesThatPointNowhereOrRepeatANameOrWriteAConstant() throws IOException {
        assertRefused(
                sine(),
                m -> m.getSignatureDefs()[0].setSubgraphIndex(1),
                "signature 0 ('serving_default'), subgraph 1 does not exist (the model has 1)");
        assertRefused(
                sine(),
                m -> m.getSignatureDefs()[0].getOutputs()[0].setTensorIndex(10),
                "signature 0 ('serving_default'), output 'dense_2': tensor 10 does not exist (subgraph 0 has 10 "
                        + "tensors)");
        assertRefused(
                sine(),
                m -> m.getSignatureDefs()[0].getInputs()[0].setTensorIndex(5),
                "signature 0 ('serving_default'), input 'dense_input': tensor 5 has constant data, which TFLite maps"
                        + " read-only: writing the input would fault");
        byte[] twoSignatures = Files.readAllBytes(SharedModels.model("multi_signature_def.tflite"));
        assertRefused(
                twoSignatures,
                m -> m.getSignatureDefs()[1].getInputs()[1].setName("x"),
                "signature 1 ('sub'), input 'x' is named twice");
    }

    // ---- control flow -------------------------------------------------------------------------------------

    @Test
    void controlFlowThatCallsAMissingSubgraphOrItself() {
        // The variables sample: subgraph 0's operator 0 is CALL_ONCE of subgraph 3 (the initializer).
        byte[] variables = SampleModels.variables();
        assertRefused(
                variables,
                m -> ((CallOnceOptionsT)
                                main(m).getOperators()[0].getBuiltinOptions().getValue())
                        .setInitSubgraphIndex(9),
                "subgraph 0, operator 0: its options call subgraph 9, which does not exist (the model has 4)");
        assertRefused(
                variables,
                m -> ((CallOnceOptionsT) m.getSubgraphs()[1]
                                .getOperators()[0]
                                .getBuiltinOptions()
                                .getValue())
                        .setInitSubgraphIndex(1),
                "subgraph 1 calls itself (subgraphs 1 -> 1)");
    }

    // ---- buffers placed by offset -------------------------------------------------------------------------

    @Test
    void aBufferPlacedOutsideTheFile() {
        byte[] outside = offsetModel(1_000_000, 8);
        assertRefused(
                outside,
                "subgraph 0, tensor 0: buffer 1 places its 8 bytes at offset 1000000, outside the model's "
                        + outside.length + " bytes");
        byte[] model = offsetModel(16, 4);
        assertRefused(model, "subgraph 0, tensor 0: buffer 1 holds 4 bytes, float32[2] needs 8");
    }

    /**
     * A model of one constant float32[2] tensor, its output, with the data placed by offset and size in the file
     * ({@code Buffer.offset} and {@code size}: newer than the schema classes here, so the model is built by hand).
     */
    private static byte[] offsetModel(long offset, long size) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int name = b.createString("c");
        int shape = createInts(b, new int[] {2});
        b.startTable(4); // Tensor: shape 0, type 1 (FLOAT32 = 0: default), buffer 2, name 3
        b.addOffset(0, shape, 0);
        b.addInt(2, 1, 0);
        b.addOffset(3, name, 0);
        int tensor = b.endTable();
        int tensors = createOffsets(b, new int[] {tensor});
        int outputs = createInts(b, new int[] {0});
        b.startTable(3); // SubGraph: tensors 0, inputs 1, outputs 2
        b.addOffset(0, tensors, 0);
        b.addOffset(2, outputs, 0);
        int subgraph = b.endTable();
        b.startTable(3); // Buffer: data 0, offset 1, size 2
        int empty = b.endTable();
        b.startTable(3);
        b.addLong(1, offset, 0);
        b.addLong(2, size, 0);
        int placed = b.endTable();
        int subgraphs = createOffsets(b, new int[] {subgraph});
        int buffers = createOffsets(b, new int[] {empty, placed});
        b.startTable(5); // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4
        b.addInt(0, 3, 0);
        b.addOffset(2, subgraphs, 0);
        b.addOffset(4, buffers, 0);
        b.finish(b.endTable(), "TFL3");
        return b.sizedByteArray();
    }

    private static int createInts(FlatBufferBuilder b, int[] values) {
        b.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            b.addInt(values[i]);
        }
        return b.endVector();
    }

    private static int createOffsets(FlatBufferBuilder b, int[] offsets) {
        b.startVector(4, offsets.length, 4);
        for (int i = offsets.length - 1; i >= 0; i--) {
            b.addOffset(offsets[i]);
        }
        return b.endVector();
    }

    // ---- what passes --------------------------------------------------------------------------------------

    @Test
    void everySharedAndSampleModelPasses(@TempDir Path dir) throws IOException {
        Map<String, byte[]> models = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SharedModels.dir())) {
            for (Path p :
                    files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList()) {
                if (!p.getFileName().toString().equals("person_detect_micro_only.tflite")) {
                    models.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        models.put("codec", SampleModels.codec());
        models.put("dynamicShapes", SampleModels.dynamicShapes());
        models.put("strings", SampleModels.strings());
        models.put("quantized", SampleModels.quantized());
        models.put("namedInputsOutputs", SampleModels.namedInputsOutputs());
        models.put("customOp", SampleModels.customOp());
        models.put("variables", SampleModels.variables());
        models.put("allTypes", SampleModels.allTypes());
        models.put("mobileNetFloat", SampleModels.mobileNetFloat(32, 0.25f, 2));
        models.put("mobileNetInt8", SampleModels.mobileNetInt8(32, 0.25f, 2));
        assertTrue(models.size() >= 22, models.keySet().toString());
        for (Map.Entry<String, byte[]> e : models.entrySet()) {
            Model.fromBytes(e.getValue()).close();
            Model.fromFile(Files.write(dir.resolve("m.tflite"), e.getValue())).close();
        }
    }

    @Test
    void brokenStructureIsLeftToTfLitesVerifier() throws IOException {
        byte[] sine = sine();
        byte[] truncated = Arrays.copyOf(sine, sine.length / 2);
        TfLiteException e = assertThrows(TfLiteException.class, () -> Model.fromBytes(truncated));
        assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
        assertTrue(!e.nativeMessages().isEmpty() && !e.getMessage().contains("model validator"), e.getMessage());
    }

    @Test
    void thePropertyTurnsTheValidatorOff() throws IOException {
        byte[] broken = ModelEdits.edit(sine(), m -> main(m).getTensors()[5].setBuffer(2));
        assertRefused(broken, "subgraph 0, tensor 5: buffer 2 holds 64 bytes, float32[16,16] needs 1024");
        withValidation("false", () -> {
            // TFLite takes a buffer larger than needed, and finds this one too small only later.
            Model.fromBytes(broken).close();
        });
        withValidation("true", () -> assertThrows(TfLiteException.class, () -> Model.fromBytes(broken)));
    }

    private static void withValidation(String value, Runnable body) {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, value);
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }
}
