package dev.tfliteffm.modelwriter.samples;

import dev.tfliteffm.modelwriter.FlexOpOptions;
import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The model of TensorFlow Lite's signatures guide, written as the converter writes it: {@code encode} is
 * {@code tf.strings.as_string(x)} and {@code decode} is {@code tf.strings.to_number(x)}, kept as the Flex custom
 * ops {@code FlexAsString} and {@code FlexStringToNumber} whose custom options are a FlexBuffer
 * {@code [op, NodeDef]} ({@link FlexOpOptions}). The guide prints encode(x=[1, 2, 3]) →
 * {@code [b'1.000000', b'2.000000', b'3.000000']} and decode of that → {@code [1.0, 2.0, 3.0]}.
 * Also single-op models of each, with chosen attributes, for tests.
 */
public final class FlexCodecSample {

    /** The custom code of AsString in converter output. */
    public static final String AS_STRING = "FlexAsString";
    /** The custom code of StringToNumber in converter output. */
    public static final String STRING_TO_NUMBER = "FlexStringToNumber";

    private FlexCodecSample() {}

    /**
     * The guide's codec, two signatures with one subgraph each:
     * <ul>
     * <li>{@code encode}: input {@code x} float32[-1] → output {@code encoded_result} string[-1], AsString with
     * TensorFlow's default attributes;</li>
     * <li>{@code decode}: input {@code x} string[-1] → output {@code decoded_result} float32[-1], StringToNumber
     * with {@code out_type} float.</li>
     * </ul>
     */
    public static byte[] codec() {
        ModelBuilder m = new ModelBuilder()
                .description("tflite-ffm sample: the signatures guide's codec with Flex string ops")
                .metadata("min_runtime_version", "1.14.0".getBytes(StandardCharsets.US_ASCII));

        SubgraphBuilder encode = m.subgraph("encode");
        TensorRef x = encode.input("encode_x:0", TensorType.FLOAT32, -1);
        TensorRef encoded = encode.tensor("StatefulPartitionedCall:0", TensorType.STRING, -1);
        encode.customOp(
                AS_STRING, asStringOptions(TensorType.FLOAT32, -1, false, false, -1, ""), List.of(x), List.of(encoded));
        encode.outputs(encoded);
        m.signature("encode", encode).input("x", x).output("encoded_result", encoded);

        SubgraphBuilder decode = m.subgraph("decode");
        TensorRef strings = decode.input("decode_x:0", TensorType.STRING, -1);
        TensorRef decoded = decode.tensor("StatefulPartitionedCall_1:0", TensorType.FLOAT32, -1);
        decode.customOp(
                STRING_TO_NUMBER, stringToNumberOptions(TensorType.FLOAT32), List.of(strings), List.of(decoded));
        decode.outputs(decoded);
        m.signature("decode", decode).input("x", strings).output("decoded_result", decoded);
        return m.build();
    }

    /**
     * One AsString: signature {@code as_string}, input {@code x} of {@code inputType} with shape [-1], output
     * {@code y} string[-1], with these attributes (TensorFlow's defaults: -1, false, false, -1, "").
     */
    public static byte[] asString(
            TensorType inputType, int precision, boolean scientific, boolean shortest, int width, String fill) {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: one Flex AsString");
        SubgraphBuilder g = m.subgraph("as_string");
        TensorRef x = g.input("as_string_x:0", inputType, -1);
        TensorRef y = g.tensor("StatefulPartitionedCall:0", TensorType.STRING, -1);
        g.customOp(
                AS_STRING,
                asStringOptions(inputType, precision, scientific, shortest, width, fill),
                List.of(x),
                List.of(y));
        g.outputs(y);
        m.signature("as_string", g).input("x", x).output("y", y);
        return m.build();
    }

    /**
     * One StringToNumber: signature {@code to_number}, input {@code x} string[-1], output {@code y} of
     * {@code outType} (float32, float64, int32 or int64) with shape [-1].
     */
    public static byte[] stringToNumber(TensorType outType) {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: one Flex StringToNumber");
        SubgraphBuilder g = m.subgraph("to_number");
        TensorRef x = g.input("to_number_x:0", TensorType.STRING, -1);
        TensorRef y = g.tensor("StatefulPartitionedCall:0", outType, -1);
        g.customOp(STRING_TO_NUMBER, stringToNumberOptions(outType), List.of(x), List.of(y));
        g.outputs(y);
        m.signature("to_number", g).input("x", x).output("y", y);
        return m.build();
    }

    /** AsString's custom options: every attribute written, as the converter writes a NodeDef. */
    public static byte[] asStringOptions(
            TensorType inputType, int precision, boolean scientific, boolean shortest, int width, String fill) {
        return FlexOpOptions.of("AsString")
                .inputs(1)
                .typeAttr("T", inputType)
                .attr("fill", fill)
                .attr("precision", (long) precision)
                .attr("scientific", scientific)
                .attr("shortest", shortest)
                .attr("width", (long) width)
                .build();
    }

    /** StringToNumber's custom options. */
    public static byte[] stringToNumberOptions(TensorType outType) {
        return FlexOpOptions.of("StringToNumber")
                .inputs(1)
                .typeAttr("out_type", outType)
                .build();
    }
}
