package dev.tfliteffm.modelwriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
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
 * Reads a {@code .tflite} file's structure (signatures, subgraphs, tensors, operators, description, metadata)
 * straight from the flatbuffer, without loading TFLite. Constant data is not copied: {@link TensorInfo#data()}
 * and the metadata are read-only views of the given bytes.
 *
 * <pre>{@code
 * ModelInfo info = ModelReader.read(Path.of("model.tflite"));
 * for (SignatureInfo s : info.signatures()) System.out.println(s.key() + " " + s.inputs().keySet());
 * System.out.println(info.operatorNames());   // e.g. [QUANTIZE, DEQUANTIZE]
 * }</pre>
 */
public final class ModelReader {

    private static final String FILE_IDENTIFIER = "TFL3";

    private ModelReader() {}

    /** Reads a model file. */
    public static ModelInfo read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /**
     * Reads a model from its bytes (kept, not copied: do not change them while the result is in use).
     *
     * @throws ModelFormatException when the bytes are not a TFLite flatbuffer
     */
    public static ModelInfo read(byte[] tflite) {
        ByteBuffer bytes = ByteBuffer.wrap(tflite).order(ByteOrder.LITTLE_ENDIAN);
        if (tflite.length < 8 || !Model.ModelBufferHasIdentifier(bytes)) {
            String found = tflite.length < 8
                    ? tflite.length + " bytes"
                    : "identifier '" + new String(tflite, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1) + "'";
            throw new ModelFormatException("Not a TFLite model: expected the flatbuffer file identifier '"
                    + FILE_IDENTIFIER + "' at bytes 4..7, found " + found);
        }
        try {
            return read(Model.getRootAsModel(bytes), bytes);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // The generated accessors do no bounds checks of their own: a truncated or corrupt file shows up here.
            throw new ModelFormatException("Corrupt TFLite model: " + e, e);
        }
    }

    private static ModelInfo read(Model model, ByteBuffer bytes) {
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < model.buffersLength(); i++) {
            Buffer b = model.buffers(i);
            ByteBuffer data = b == null ? null : b.dataAsByteBuffer();
            buffers.add(
                    data == null || !data.hasRemaining()
                            ? null
                            : data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
        List<OperatorCode> codes = new ArrayList<>();
        for (int i = 0; i < model.operatorCodesLength(); i++) {
            codes.add(model.operatorCodes(i));
        }
        List<SubgraphInfo> subgraphs = new ArrayList<>();
        for (int s = 0; s < model.subgraphsLength(); s++) {
            subgraphs.add(readSubgraph(s, model.subgraphs(s), buffers, codes));
        }
        List<SignatureInfo> signatures = new ArrayList<>();
        for (int i = 0; i < model.signatureDefsLength(); i++) {
            SignatureDef d = model.signatureDefs(i);
            signatures.add(new SignatureInfo(
                    d.signatureKey(), (int) d.subgraphIndex(), tensorMaps(d, true), tensorMaps(d, false)));
        }
        Map<String, ByteBuffer> metadata = new LinkedHashMap<>();
        for (int i = 0; i < model.metadataLength(); i++) {
            Metadata m = model.metadata(i);
            ByteBuffer data = m.buffer() < buffers.size() ? buffers.get((int) m.buffer()) : null;
            metadata.put(m.name(), data != null ? data : ByteBuffer.allocate(0).asReadOnlyBuffer());
        }
        return new ModelInfo(
                model.version(),
                model.description() == null ? "" : model.description(),
                List.copyOf(subgraphs),
                List.copyOf(signatures),
                Collections.unmodifiableMap(metadata),
                buffers.size());
    }

    private static SubgraphInfo readSubgraph(
            int index, SubGraph g, List<ByteBuffer> buffers, List<OperatorCode> codes) {
        List<TensorInfo> tensors = new ArrayList<>();
        for (int t = 0; t < g.tensorsLength(); t++) {
            tensors.add(readTensor(t, g.tensors(t), buffers));
        }
        List<OperatorInfo> operators = new ArrayList<>();
        for (int o = 0; o < g.operatorsLength(); o++) {
            operators.add(readOperator(o, g.operators(o), codes));
        }
        int[] inputs = ints(g.inputsLength(), g::inputs);
        int[] outputs = ints(g.outputsLength(), g::outputs);
        return new SubgraphInfo(
                index, g.name() == null ? "" : g.name(), List.copyOf(tensors), inputs, outputs, List.copyOf(operators));
    }

    private static TensorInfo readTensor(int index, Tensor t, List<ByteBuffer> buffers) {
        int[] shape = ints(t.shapeLength(), t::shape);
        int[] signature = ints(t.shapeSignatureLength(), t::shapeSignature);
        if (signature.length == 0) {
            signature = shape.clone();
        }
        TensorType type;
        try {
            type = TensorType.fromSchemaCode(t.type());
        } catch (IllegalArgumentException unknown) {
            type = null;
        }
        long buffer = t.buffer();
        ByteBuffer data = buffer > 0 && buffer < buffers.size() ? buffers.get((int) buffer) : null;
        return new TensorInfo(
                index,
                t.name() == null ? "" : t.name(),
                type,
                t.type(),
                shape,
                signature,
                buffer,
                data == null ? null : data.duplicate().order(ByteOrder.LITTLE_ENDIAN),
                t.isVariable(),
                readQuantization(t.quantization()));
    }

    private static Quantization readQuantization(QuantizationParameters q) {
        if (q == null || q.scaleLength() == 0) {
            return null;
        }
        float[] scales = new float[q.scaleLength()];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = q.scale(i);
        }
        long[] zeroPoints = new long[q.zeroPointLength()];
        for (int i = 0; i < zeroPoints.length; i++) {
            zeroPoints[i] = q.zeroPoint(i);
        }
        return new Quantization(scales, zeroPoints, q.quantizedDimension());
    }

    private static OperatorInfo readOperator(int index, Operator op, List<OperatorCode> codes) {
        int opcodeIndex = (int) op.opcodeIndex();
        if (opcodeIndex >= codes.size()) {
            throw new ModelFormatException("Operator #" + index + " uses operator code #" + opcodeIndex
                    + " but the model has " + codes.size());
        }
        OperatorCode code = codes.get(opcodeIndex);
        // Old files only have the byte field; newer ones put 127 there and the real code in builtin_code.
        int builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
        String custom = builtin == BuiltinOperator.CUSTOM ? code.customCode() : null;
        String name = custom != null ? custom : OpNames.builtinName(builtin);
        int[] inputs = ints(op.inputsLength(), op::inputs);
        int[] outputs = ints(op.outputsLength(), op::outputs);
        int optionsType = Byte.toUnsignedInt(op.builtinOptionsType());
        String options = optionsType == 0
                ? null
                : optionsType < BuiltinOptions.names.length
                        ? BuiltinOptions.name(optionsType)
                        : "OPTIONS_" + optionsType;
        return new OperatorInfo(
                index,
                name,
                builtin,
                custom,
                code.version(),
                inputs,
                outputs,
                options,
                optionsType == 0 ? null : unpackOptions(op));
    }

    private static Object unpackOptions(Operator op) {
        try {
            BuiltinOptionsUnion union = op.unpack().getBuiltinOptions();
            return union == null ? null : union.getValue();
        } catch (RuntimeException unknownKind) {
            return null; // an options table newer than the generated schema classes
        }
    }

    private static Map<String, Integer> tensorMaps(SignatureDef d, boolean inputs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        int n = inputs ? d.inputsLength() : d.outputsLength();
        for (int i = 0; i < n; i++) {
            TensorMap m = inputs ? d.inputs(i) : d.outputs(i);
            map.put(m.name(), (int) m.tensorIndex());
        }
        return Collections.unmodifiableMap(map);
    }

    /** The {@code length} values of an indexed accessor of a generated table. */
    private static int[] ints(int length, IntUnaryOperator accessor) {
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = accessor.applyAsInt(i);
        }
        return values;
    }
}
