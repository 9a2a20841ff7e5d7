package dev.tfliteffm.modelwriter;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorMap;

/**
 * Serializes a validated {@link ModelBuilder} with the generated schema classes. Flatbuffers are written back to
 * front, so every vector, string and child table is made before the table that points at it.
 */
final class FlatBufferModelWriter {

    /** The schema version TFLite's runtime accepts (TFLITE_SCHEMA_VERSION). */
    static final int SCHEMA_VERSION = 3;
    /** The schema's force_align for buffer data: lets kernels read constant tensors in place, aligned. */
    private static final int BUFFER_ALIGNMENT = 16;

    private final ModelBuilder model;
    private final FlatBufferBuilder fbb = new FlatBufferBuilder(4096);
    /** Buffer contents by buffer index; index 0 is the empty buffer that tensors without data point at. */
    private final List<byte[]> buffers = new ArrayList<>();
    /** Distinct operator codes in first-use order, keyed by (builtin, custom code, version). */
    private final Map<List<Object>, Integer> operatorCodes = new LinkedHashMap<>();

    FlatBufferModelWriter(ModelBuilder model) {
        this.model = model;
    }

    byte[] write() {
        buffers.add(new byte[0]);
        // Assign buffer and opcode indices first: tensors and operators refer to them by number.
        List<long[]> tensorBuffers = new ArrayList<>();
        for (SubgraphBuilder g : model.subgraphs()) {
            long[] bufferOf = new long[g.tensors().size()];
            for (TensorRef t : g.tensors()) {
                if (t.isConstant()) {
                    bufferOf[t.index()] = buffers.size();
                    buffers.add(t.data());
                }
            }
            tensorBuffers.add(bufferOf);
            for (OperatorRef op : g.operators()) {
                operatorCodes.putIfAbsent(opcodeKey(op), operatorCodes.size());
            }
        }
        List<Long> metadataBuffers = new ArrayList<>();
        for (byte[] data : model.metadataData().values()) {
            metadataBuffers.add((long) buffers.size());
            buffers.add(data);
        }

        int[] bufferTables = new int[buffers.size()];
        for (int i = 0; i < buffers.size(); i++) {
            bufferTables[i] = writeBuffer(buffers.get(i));
        }
        int[] subgraphTables = new int[model.subgraphs().size()];
        for (SubgraphBuilder g : model.subgraphs()) {
            subgraphTables[g.index()] = writeSubgraph(g, tensorBuffers.get(g.index()));
        }
        int[] codeTables = new int[operatorCodes.size()];
        int c = 0;
        for (List<Object> key : operatorCodes.keySet()) {
            codeTables[c++] = writeOperatorCode((Integer) key.get(0), (String) key.get(1), (Integer) key.get(2));
        }
        int[] signatureTables = new int[model.signatures().size()];
        for (int i = 0; i < signatureTables.length; i++) {
            signatureTables[i] = writeSignature(model.signatures().get(i));
        }
        int[] metadataTables = new int[metadataBuffers.size()];
        int m = 0;
        for (String name : model.metadataData().keySet()) {
            metadataTables[m] = Metadata.createMetadata(fbb, fbb.createString(name), metadataBuffers.get(m));
            m++;
        }

        int codesVector = Model.createOperatorCodesVector(fbb, codeTables);
        int subgraphsVector = Model.createSubgraphsVector(fbb, subgraphTables);
        int description = fbb.createString(model.description());
        int buffersVector = Model.createBuffersVector(fbb, bufferTables);
        int metadataVector = metadataTables.length == 0 ? 0 : Model.createMetadataVector(fbb, metadataTables);
        int signaturesVector = Model.createSignatureDefsVector(fbb, signatureTables);
        Model.startModel(fbb);
        Model.addVersion(fbb, SCHEMA_VERSION);
        Model.addOperatorCodes(fbb, codesVector);
        Model.addSubgraphs(fbb, subgraphsVector);
        Model.addDescription(fbb, description);
        Model.addBuffers(fbb, buffersVector);
        if (metadataVector != 0) {
            Model.addMetadata(fbb, metadataVector);
        }
        Model.addSignatureDefs(fbb, signaturesVector);
        Model.finishModelBuffer(fbb, Model.endModel(fbb));
        return fbb.sizedByteArray();
    }

    private int writeBuffer(byte[] data) {
        int vector = 0;
        if (data.length > 0) {
            fbb.createUnintializedVector(1, data.length, BUFFER_ALIGNMENT).put(data);
            vector = fbb.endVector();
        }
        Buffer.startBuffer(fbb);
        if (vector != 0) {
            Buffer.addData(fbb, vector);
        }
        return Buffer.endBuffer(fbb);
    }

    private int writeSubgraph(SubgraphBuilder g, long[] bufferOf) {
        int[] tensorTables = new int[g.tensors().size()];
        for (TensorRef t : g.tensors()) {
            tensorTables[t.index()] = writeTensor(t, bufferOf[t.index()]);
        }
        int[] operatorTables = new int[g.operators().size()];
        for (OperatorRef op : g.operators()) {
            operatorTables[op.index()] = writeOperator(op);
        }
        int tensors = SubGraph.createTensorsVector(fbb, tensorTables);
        int inputs = SubGraph.createInputsVector(
                fbb, g.inputs().stream().mapToInt(TensorRef::index).toArray());
        int outputs = SubGraph.createOutputsVector(
                fbb, g.outputs().stream().mapToInt(TensorRef::index).toArray());
        int operators = SubGraph.createOperatorsVector(fbb, operatorTables);
        int name = fbb.createString(g.name());
        return SubGraph.createSubGraph(fbb, tensors, inputs, outputs, operators, name);
    }

    private int writeTensor(TensorRef t, long buffer) {
        int shape = Tensor.createShapeVector(fbb, t.shape());
        int shapeSignature = t.isDynamic() ? Tensor.createShapeSignatureVector(fbb, t.shapeSignature()) : 0;
        int name = fbb.createString(t.name());
        int quantization = t.quantization() == null ? 0 : writeQuantization(t.quantization());
        Tensor.startTensor(fbb);
        Tensor.addShape(fbb, shape);
        Tensor.addType(fbb, t.type().schemaCode());
        Tensor.addBuffer(fbb, buffer);
        Tensor.addName(fbb, name);
        if (quantization != 0) {
            Tensor.addQuantization(fbb, quantization);
        }
        Tensor.addIsVariable(fbb, t.isVariable());
        if (shapeSignature != 0) {
            Tensor.addShapeSignature(fbb, shapeSignature);
        }
        return Tensor.endTensor(fbb);
    }

    private int writeQuantization(Quantization q) {
        int scale = QuantizationParameters.createScaleVector(fbb, q.scales());
        int zeroPoint = QuantizationParameters.createZeroPointVector(fbb, q.zeroPoints());
        QuantizationParameters.startQuantizationParameters(fbb);
        QuantizationParameters.addScale(fbb, scale);
        QuantizationParameters.addZeroPoint(fbb, zeroPoint);
        QuantizationParameters.addQuantizedDimension(fbb, q.axis());
        return QuantizationParameters.endQuantizationParameters(fbb);
    }

    private int writeOperator(OperatorRef op) {
        int inputs = Operator.createInputsVector(fbb, indices(op, true));
        int outputs = Operator.createOutputsVector(fbb, indices(op, false));
        int options = 0;
        byte optionsType = 0;
        if (op.options() != null) {
            BuiltinOptionsUnion union = new BuiltinOptionsUnion();
            union.setType(op.options().unionType());
            union.setValue(op.options().table());
            options = BuiltinOptionsUnion.pack(fbb, union);
            optionsType = op.options().unionType();
        }
        int customOptions = op.customOptions() == null || op.customOptions().length == 0
                ? 0
                : Operator.createCustomOptionsVector(fbb, op.customOptions());
        Operator.startOperator(fbb);
        Operator.addOpcodeIndex(fbb, operatorCodes.get(opcodeKey(op)));
        Operator.addInputs(fbb, inputs);
        Operator.addOutputs(fbb, outputs);
        if (options != 0) {
            Operator.addBuiltinOptionsType(fbb, optionsType);
            Operator.addBuiltinOptions(fbb, options);
        }
        if (customOptions != 0) {
            Operator.addCustomOptions(fbb, customOptions);
        }
        return Operator.endOperator(fbb);
    }

    private int writeOperatorCode(int builtin, String customCode, int version) {
        int custom = customCode == null ? 0 : fbb.createString(customCode);
        OperatorCode.startOperatorCode(fbb);
        // Codes above 127 do not fit the old byte field: it holds PLACEHOLDER_FOR_GREATER_OP_CODES and readers
        // take the larger of the two fields.
        OperatorCode.addDeprecatedBuiltinCode(
                fbb, (byte) Math.min(builtin, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
        if (custom != 0) {
            OperatorCode.addCustomCode(fbb, custom);
        }
        OperatorCode.addVersion(fbb, version);
        OperatorCode.addBuiltinCode(fbb, builtin);
        return OperatorCode.endOperatorCode(fbb);
    }

    private int writeSignature(SignatureBuilder s) {
        int inputs = SignatureDef.createInputsVector(fbb, tensorMaps(s.subgraph(), s.inputEntries()));
        int outputs = SignatureDef.createOutputsVector(fbb, tensorMaps(s.subgraph(), s.outputEntries()));
        int key = fbb.createString(s.key());
        return SignatureDef.createSignatureDef(
                fbb, inputs, outputs, key, s.subgraph().index());
    }

    private int[] tensorMaps(SubgraphBuilder g, List<SignatureBuilder.Entry> entries) {
        int[] maps = new int[entries.size()];
        for (int i = 0; i < maps.length; i++) {
            SignatureBuilder.Entry e = entries.get(i);
            TensorRef t = e.tensor() != null ? e.tensor() : g.tensorNamed(e.tensorName());
            maps[i] = TensorMap.createTensorMap(fbb, fbb.createString(e.alias()), t.index());
        }
        return maps;
    }

    private static int[] indices(OperatorRef op, boolean inputs) {
        int[] raw = inputs ? op.rawInputs() : op.rawOutputs();
        if (raw != null) {
            return raw;
        }
        return (inputs ? op.inputRefs() : op.outputRefs())
                .stream().mapToInt(TensorRef::index).toArray();
    }

    private static List<Object> opcodeKey(OperatorRef op) {
        return java.util.Arrays.asList(op.builtinCode(), op.customCode(), op.version());
    }
}
