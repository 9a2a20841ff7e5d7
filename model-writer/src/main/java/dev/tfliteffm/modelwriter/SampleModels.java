package dev.tfliteffm.modelwriter;

import dev.tfliteffm.modelwriter.OpOptions.Activation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Ready-made models that exercise the runtime's features, written with {@link ModelBuilder} and using builtin
 * operators only (except {@link #customOp()}). Every method returns the bytes of a {@code .tflite} file that
 * TFLite 2.21 loads; tensor names differ from signature names, as in converter output.
 */
public final class SampleModels {

    /** The int8 scale of {@link #codec()}: {@code encoded = clamp(round(x / CODEC_SCALE) + CODEC_ZERO_POINT)}. */
    public static final float CODEC_SCALE = 0.05f;
    /** The int8 zero point of {@link #codec()}. */
    public static final int CODEC_ZERO_POINT = 10;

    /** The weights of {@link #dynamicShapes()}'s {@code scale_rows}: {@code scaled[i][j] = x[i][j] × W[j] + B[j]}. */
    public static final float[] DYNAMIC_SCALE = {0.5f, -2f, 4f};
    /** The offsets of {@link #dynamicShapes()}'s {@code scale_rows}. */
    public static final float[] DYNAMIC_OFFSET = {1f, 0f, -1f};

    /** The vocabulary of {@link #strings()}'s {@code lookup} signature, by id. */
    public static final List<String> VOCABULARY = List.of("hello", "world", "tflite", "ffm", "façade", "日本語");

    /** The uint8 scale of {@link #quantized()}'s per-tensor signatures. */
    public static final float UINT8_SCALE = 0.1f;
    /** The uint8 zero point of {@link #quantized()}'s per-tensor signatures. */
    public static final int UINT8_ZERO_POINT = 128;
    /** The per-channel scales (along the last axis) of {@link #quantized()}'s {@code dequantize_per_channel}. */
    public static final float[] PER_CHANNEL_SCALES = {0.5f, 0.25f, 0.125f};
    /** The per-channel zero points of {@link #quantized()}'s {@code dequantize_per_channel}. */
    public static final long[] PER_CHANNEL_ZERO_POINTS = {0, 3, -2};

    /** The custom code of {@link #customOp()}'s operator; no TFLite build has a kernel for it. */
    public static final String CUSTOM_OP_NAME = "TfLiteFfmTimesTwo";

    /** The size of {@link #variables()}' resource variable. */
    public static final int VARIABLE_SIZE = 3;
    /** The RNN units of {@link #variables()}' {@code rnn} signature. */
    public static final int RNN_UNITS = 2;
    /** The input weights [units][inputs] of {@link #variables()}' {@code rnn} signature. */
    public static final float[] RNN_INPUT_WEIGHTS = {1f, 0.5f, -1f, 2f};
    /** The recurrent weights [units][units] of {@link #variables()}' {@code rnn} signature. */
    public static final float[] RNN_RECURRENT_WEIGHTS = {0.5f, 0f, 0.25f, 1f};
    /** The bias [units] of {@link #variables()}' {@code rnn} signature. */
    public static final float[] RNN_BIAS = {0.1f, -0.2f};

    private SampleModels() {}

    /**
     * (a) The int8 codec, two signatures with one subgraph each:
     * <ul>
     * <li>{@code encode}: input {@code x} float32[-1] → output {@code encoded_result} int8[-1], QUANTIZE with
     * {@code q = clamp(round(x / }{@link #CODEC_SCALE}{@code ) + }{@link #CODEC_ZERO_POINT}{@code , -128, 127)};</li>
     * <li>{@code decode}: input {@code x} int8[-1] → output {@code decoded_result} float32[-1], DEQUANTIZE with
     * {@code x = (q − zero point) × scale}.</li>
     * </ul>
     * Metadata: {@code min_runtime_version}.
     */
    public static byte[] codec() {
        ModelBuilder m = new ModelBuilder()
                .description("tflite-ffm sample: int8 codec (encode quantizes, decode dequantizes)")
                .metadata("min_runtime_version", "2.3.0".getBytes(StandardCharsets.US_ASCII));
        Quantization q = Quantization.perTensor(CODEC_SCALE, CODEC_ZERO_POINT);

        SubgraphBuilder encode = m.subgraph("encode");
        TensorRef x = encode.input("encode_x:0", TensorType.FLOAT32, -1);
        TensorRef encoded =
                encode.tensor("StatefulPartitionedCall:0", TensorType.INT8, -1).quantized(q);
        encode.op(BuiltinOperator.QUANTIZE, List.of(x), List.of(encoded));
        encode.outputs(encoded);
        m.signature("encode", encode).input("x", x).output("encoded_result", encoded);

        SubgraphBuilder decode = m.subgraph("decode");
        TensorRef codes = decode.input("decode_x:0", TensorType.INT8, -1).quantized(q);
        TensorRef decoded = decode.tensor("StatefulPartitionedCall_1:0", TensorType.FLOAT32, -1);
        decode.op(BuiltinOperator.DEQUANTIZE, List.of(codes), List.of(decoded));
        decode.outputs(decoded);
        m.signature("decode", decode).input("x", codes).output("decoded_result", decoded);
        return m.build();
    }

    /**
     * (b) Dynamic shapes, for resizing inputs:
     * <ul>
     * <li>{@code scale_rows}: input {@code x} float32[-1, 3] → outputs {@code scaled} float32[-1, 3]
     * ({@code x[i][j] × }{@link #DYNAMIC_SCALE}{@code [j] + }{@link #DYNAMIC_OFFSET}{@code [j]}, MUL and ADD with
     * broadcasting) and {@code row_sums} float32[-1] (SUM of each row of {@code scaled});</li>
     * <li>{@code flatten}: input {@code x} float32[-1, -1] → output {@code flat} float32[-1] (RESHAPE to [-1]).</li>
     * </ul>
     */
    public static byte[] dynamicShapes() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: dynamic shapes");
        SubgraphBuilder g = m.subgraph("scale_rows");
        TensorRef x = g.input("scale_rows_x:0", TensorType.FLOAT32, -1, 3);
        TensorRef products = g.tensor("mul", TensorType.FLOAT32, -1, 3);
        g.op(
                BuiltinOperator.MUL,
                OpOptions.mul(Activation.NONE),
                List.of(x, g.constant("scale", DYNAMIC_SCALE, 3)),
                List.of(products));
        TensorRef scaled = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1, 3);
        g.op(
                BuiltinOperator.ADD,
                OpOptions.add(Activation.NONE),
                List.of(products, g.constant("offset", DYNAMIC_OFFSET, 3)),
                List.of(scaled));
        TensorRef sums = g.tensor("StatefulPartitionedCall:1", TensorType.FLOAT32, -1);
        g.op(
                BuiltinOperator.SUM,
                OpOptions.reducer(false),
                List.of(scaled, g.constant("axis", new int[] {1}, 1)),
                List.of(sums));
        g.outputs(scaled, sums);
        m.signature("scale_rows", g).input("x", x).output("scaled", scaled).output("row_sums", sums);

        SubgraphBuilder f = m.subgraph("flatten");
        TensorRef matrix = f.input("flatten_x:0", TensorType.FLOAT32, -1, -1);
        TensorRef flat = f.tensor("StatefulPartitionedCall_1:0", TensorType.FLOAT32, -1);
        f.op(BuiltinOperator.RESHAPE, List.of(matrix, f.constant("shape", new int[] {-1}, 1)), List.of(flat));
        f.outputs(flat);
        m.signature("flatten", f).input("x", matrix).output("flat", flat);
        return m.build();
    }

    /**
     * (c) String tensors in and out:
     * <ul>
     * <li>{@code lookup}: input {@code ids} int32[-1] → output {@code words} string[-1], the entries of the constant
     * string tensor {@link #VOCABULARY} (GATHER);</li>
     * <li>{@code echo}: input {@code text} string[-1] → outputs {@code echoed} string[-1] (RESHAPE, the same strings)
     * and {@code first} string[1] (GATHER of element 0).</li>
     * </ul>
     */
    public static byte[] strings() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: string tensors");
        SubgraphBuilder g = m.subgraph("lookup");
        TensorRef ids = g.input("lookup_ids:0", TensorType.INT32, -1);
        TensorRef vocabulary = g.constantStrings("vocabulary", VOCABULARY, VOCABULARY.size());
        TensorRef words = g.tensor("StatefulPartitionedCall:0", TensorType.STRING, -1);
        g.op(BuiltinOperator.GATHER, OpOptions.gather(0), List.of(vocabulary, ids), List.of(words));
        g.outputs(words);
        m.signature("lookup", g).input("ids", ids).output("words", words);

        SubgraphBuilder e = m.subgraph("echo");
        TensorRef text = e.input("echo_text:0", TensorType.STRING, -1);
        TensorRef echoed = e.tensor("StatefulPartitionedCall_1:0", TensorType.STRING, -1);
        e.op(BuiltinOperator.RESHAPE, List.of(text, e.constant("shape", new int[] {-1}, 1)), List.of(echoed));
        TensorRef first = e.tensor("StatefulPartitionedCall_1:1", TensorType.STRING, 1);
        e.op(
                BuiltinOperator.GATHER,
                OpOptions.gather(0),
                List.of(text, e.constant("first_index", new int[] {0}, 1)),
                List.of(first));
        e.outputs(echoed, first);
        m.signature("echo", e).input("text", text).output("echoed", echoed).output("first", first);
        return m.build();
    }

    /**
     * (d) Quantized tensors, per tensor and per channel:
     * <ul>
     * <li>{@code quantize_uint8}: input {@code x} float32[-1] → output {@code q} uint8[-1] with scale
     * {@link #UINT8_SCALE}, zero point {@link #UINT8_ZERO_POINT} (QUANTIZE);</li>
     * <li>{@code dequantize_uint8}: input {@code q} uint8[-1] (same parameters) → output {@code x} float32[-1]
     * (DEQUANTIZE);</li>
     * <li>{@code dequantize_per_channel}: input {@code q} int8[-1, 3] quantized per channel along axis 1 with
     * {@link #PER_CHANNEL_SCALES} and {@link #PER_CHANNEL_ZERO_POINTS} → output {@code x} float32[-1, 3]
     * (DEQUANTIZE: {@code x[i][c] = (q[i][c] − zp[c]) × scale[c]}).</li>
     * </ul>
     */
    public static byte[] quantized() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: uint8 and per-channel int8 quantization");
        Quantization uint8 = Quantization.perTensor(UINT8_SCALE, UINT8_ZERO_POINT);
        SubgraphBuilder qg = m.subgraph("quantize_uint8");
        TensorRef x = qg.input("quantize_x:0", TensorType.FLOAT32, -1);
        TensorRef q =
                qg.tensor("StatefulPartitionedCall:0", TensorType.UINT8, -1).quantized(uint8);
        qg.op(BuiltinOperator.QUANTIZE, List.of(x), List.of(q));
        qg.outputs(q);
        m.signature("quantize_uint8", qg).input("x", x).output("q", q);

        SubgraphBuilder dg = m.subgraph("dequantize_uint8");
        TensorRef dq = dg.input("dequantize_q:0", TensorType.UINT8, -1).quantized(uint8);
        TensorRef dx = dg.tensor("StatefulPartitionedCall_1:0", TensorType.FLOAT32, -1);
        dg.op(BuiltinOperator.DEQUANTIZE, List.of(dq), List.of(dx));
        dg.outputs(dx);
        m.signature("dequantize_uint8", dg).input("q", dq).output("x", dx);

        SubgraphBuilder pg = m.subgraph("dequantize_per_channel");
        TensorRef pq = pg.input("per_channel_q:0", TensorType.INT8, -1, 3)
                .quantized(Quantization.perChannel(PER_CHANNEL_SCALES, PER_CHANNEL_ZERO_POINTS, 1));
        TensorRef px = pg.tensor("StatefulPartitionedCall_2:0", TensorType.FLOAT32, -1, 3);
        pg.op(BuiltinOperator.DEQUANTIZE, List.of(pq), List.of(px));
        pg.outputs(px);
        m.signature("dequantize_per_channel", pg).input("q", pq).output("x", px);
        return m.build();
    }

    /**
     * (e) Several named inputs and outputs whose signature names differ from the tensor names, and whose
     * subgraph order differs from name order. Signature {@code serving_default}: inputs {@code a}
     * ({@code serving_default_a:0}) and {@code b} ({@code serving_default_b:0}), float32[-1], and {@code offset}
     * ({@code serving_default_offset:0}), int32[1]; outputs {@code sum} = a + b ({@code StatefulPartitionedCall:0}),
     * {@code product} = a × b ({@code StatefulPartitionedCall:1}) and {@code shifted} = offset + 100
     * ({@code StatefulPartitionedCall:2}). The subgraph's inputs are ordered b, offset, a and its outputs product,
     * shifted, sum.
     */
    public static byte[] namedInputsOutputs() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: named inputs and outputs");
        SubgraphBuilder g = m.subgraph("main");
        TensorRef b = g.input("serving_default_b:0", TensorType.FLOAT32, -1);
        TensorRef offset = g.input("serving_default_offset:0", TensorType.INT32, 1);
        TensorRef a = g.input("serving_default_a:0", TensorType.FLOAT32, -1);
        TensorRef sum = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1);
        TensorRef product = g.tensor("StatefulPartitionedCall:1", TensorType.FLOAT32, -1);
        TensorRef shifted = g.tensor("StatefulPartitionedCall:2", TensorType.INT32, 1);
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(a, b), List.of(sum));
        g.op(BuiltinOperator.MUL, OpOptions.mul(Activation.NONE), List.of(a, b), List.of(product));
        g.op(
                BuiltinOperator.ADD,
                OpOptions.add(Activation.NONE),
                List.of(offset, g.constant("hundred", new int[] {100}, 1)),
                List.of(shifted));
        g.outputs(product, shifted, sum);
        m.signature("serving_default", g)
                .input("a", a)
                .input("b", b)
                .input("offset", offset)
                .output("sum", sum)
                .output("product", product)
                .output("shifted", shifted);
        return m.build();
    }

    /**
     * (f) A custom operator: signature {@code serving_default}, input {@code x} float32[-1] → custom op
     * {@link #CUSTOM_OP_NAME} (meant to double its input) → output {@code y} float32[-1]. TFLite's builtin op
     * resolver has no kernel for it, so preparing the model fails with "Encountered unresolved custom op" unless
     * the caller registers one.
     */
    public static byte[] customOp() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: a custom op no TFLite build resolves");
        SubgraphBuilder g = m.subgraph("main");
        TensorRef x = g.input("serving_default_x:0", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1);
        g.customOp(CUSTOM_OP_NAME, new byte[0], List.of(x), List.of(y));
        g.outputs(y);
        m.signature("serving_default", g).input("x", x).output("y", y);
        return m.build();
    }

    /**
     * (g) State kept across invocations, in both of TFLite's kinds:
     * <ul>
     * <li>a resource variable float32[{@link #VARIABLE_SIZE}] (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE),
     * set to zeros by an initialization subgraph that CALL_ONCE runs the first time either signature is invoked:
     * {@code accumulate} (input {@code delta} float32[3] → output {@code total}: adds {@code delta} to the
     * variable and returns the new value) and {@code read} (no input → output {@code total}, the current value);</li>
     * <li>{@code rnn}: a variable tensor (is_variable, the hidden state of UNIDIRECTIONAL_SEQUENCE_RNN): input
     * {@code x} float32[1, T, 2] → output {@code y} float32[1, T, 2] with
     * {@code h_t = W x_t + R h_{t−1} + b} (no activation; weights {@link #RNN_INPUT_WEIGHTS},
     * {@link #RNN_RECURRENT_WEIGHTS}, {@link #RNN_BIAS}); the state carries over to the next invocation until the
     * interpreter's variable tensors are reset.</li>
     * </ul>
     * What TFLite 2.21 does with them: {@code TfLiteInterpreterResetVariableTensors} zeroes the RNN state but leaves
     * the resource variable as it is (resource variables live in the interpreter's resources until it is deleted,
     * and each interpreter has its own); and the reset fails ({@code tensor.data.raw != nullptr}) until the
     * {@code rnn} signature's tensors have been allocated, since it visits every subgraph's variable tensors.
     */
    public static byte[] variables() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: resource variables and a stateful RNN");
        SubgraphBuilder accumulate = m.subgraph("accumulate");
        SubgraphBuilder read = m.subgraph("read");
        SubgraphBuilder rnn = m.subgraph("rnn");
        SubgraphBuilder init = m.subgraph("init_variables");
        OpOptions handle = OpOptions.varHandle("", "total");

        TensorRef initHandle = init.tensor("handle", TensorType.RESOURCE);
        init.op(BuiltinOperator.VAR_HANDLE, handle, List.of(), List.of(initHandle));
        init.op(
                BuiltinOperator.ASSIGN_VARIABLE,
                List.of(initHandle, init.constant("zeros", new float[VARIABLE_SIZE], VARIABLE_SIZE)),
                List.of());

        TensorRef delta = accumulate.input("accumulate_delta:0", TensorType.FLOAT32, VARIABLE_SIZE);
        accumulate.op(BuiltinOperator.CALL_ONCE, OpOptions.callOnce(init), List.of(), List.of());
        TensorRef h = accumulate.tensor("handle", TensorType.RESOURCE);
        accumulate.op(BuiltinOperator.VAR_HANDLE, handle, List.of(), List.of(h));
        TensorRef current = accumulate.tensor("current", TensorType.FLOAT32, VARIABLE_SIZE);
        accumulate.op(BuiltinOperator.READ_VARIABLE, List.of(h), List.of(current));
        TensorRef total = accumulate.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, VARIABLE_SIZE);
        accumulate.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(current, delta), List.of(total));
        accumulate.op(BuiltinOperator.ASSIGN_VARIABLE, List.of(h, total), List.of());
        accumulate.outputs(total);
        m.signature("accumulate", accumulate).input("delta", delta).output("total", total);

        read.op(BuiltinOperator.CALL_ONCE, OpOptions.callOnce(init), List.of(), List.of());
        TensorRef readHandle = read.tensor("handle", TensorType.RESOURCE);
        read.op(BuiltinOperator.VAR_HANDLE, handle, List.of(), List.of(readHandle));
        TensorRef value = read.tensor("StatefulPartitionedCall_1:0", TensorType.FLOAT32, VARIABLE_SIZE);
        read.op(BuiltinOperator.READ_VARIABLE, List.of(readHandle), List.of(value));
        read.outputs(value);
        m.signature("read", read).output("total", value);

        TensorRef x = rnn.input("rnn_x:0", TensorType.FLOAT32, 1, -1, 2);
        TensorRef state = rnn.variable("rnn_hidden_state", TensorType.FLOAT32, 1, RNN_UNITS);
        TensorRef y = rnn.tensor("StatefulPartitionedCall_2:0", TensorType.FLOAT32, 1, -1, RNN_UNITS);
        rnn.op(
                BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN,
                OpOptions.sequenceRnn(false, Activation.NONE),
                List.of(
                        x,
                        rnn.constant("rnn_input_weights", RNN_INPUT_WEIGHTS, RNN_UNITS, 2),
                        rnn.constant("rnn_recurrent_weights", RNN_RECURRENT_WEIGHTS, RNN_UNITS, RNN_UNITS),
                        rnn.constant("rnn_bias", RNN_BIAS, RNN_UNITS),
                        state),
                List.of(y));
        rnn.outputs(y);
        m.signature("rnn", rnn).input("x", x).output("y", y);
        return m.build();
    }

    /**
     * (h) A MobileNet-style float32 network: signature {@code serving_default}, input {@code image}
     * float32[-1, S, S, 3] (values about [−1, 1]) → output {@code probabilities} float32[-1, classes]. Ops:
     * CONV_2D, DEPTHWISE_CONV_2D, ADD, AVERAGE_POOL_2D, FULLY_CONNECTED, SOFTMAX; deterministic pseudo-random
     * weights. Sized for benchmarks, e.g. {@code MobileNetConfig.of(224, 1.0f, 13)}.
     */
    public static byte[] mobileNetFloat(MobileNetConfig config) {
        return new MobileNetSample(config).buildFloat();
    }

    /** {@link #mobileNetFloat(MobileNetConfig)} with 1000 classes and the default seed. */
    public static byte[] mobileNetFloat(int inputSize, float widthMultiplier, int depth) {
        return mobileNetFloat(MobileNetConfig.of(inputSize, widthMultiplier, depth));
    }

    /**
     * (h) The int8 version of {@link #mobileNetFloat(MobileNetConfig)} with the same configuration: the same float
     * weights, quantized per channel (convolutions) or per tensor (fully connected), int32 biases, and int8
     * activations whose ranges were calibrated on a fixed pseudo-random batch. The signature is the same
     * (float32 in, float32 out): QUANTIZE at the input, DEQUANTIZE after the int8 softmax.
     */
    public static byte[] mobileNetInt8(MobileNetConfig config) {
        return new MobileNetSample(config).buildInt8();
    }

    /** {@link #mobileNetInt8(MobileNetConfig)} with 1000 classes and the default seed. */
    public static byte[] mobileNetInt8(int inputSize, float widthMultiplier, int depth) {
        return mobileNetInt8(MobileNetConfig.of(inputSize, widthMultiplier, depth));
    }

    /**
     * (i) Every element type through an identity-like builtin op: one subgraph and signature per
     * {@link TensorType}, keyed by {@link #typeSignatureKey(TensorType)} (e.g. {@code float32}), input {@code x}
     * [-1] → RESHAPE to [-1] → output {@code y}, the same bytes. TFLite 2.21's RESHAPE copies any type byte for
     * byte (the packed INT4, UINT4 and INT2 included); RESOURCE and VARIANT tensors pass through it too but hold
     * no bytes (a resource's data only exists inside the interpreter, and no builtin op makes variants), so for
     * them only the type is observable.
     */
    public static byte[] allTypes() {
        ModelBuilder m = new ModelBuilder().description("tflite-ffm sample: every tensor type through RESHAPE");
        for (TensorType type : TensorType.values()) {
            String key = typeSignatureKey(type);
            SubgraphBuilder g = m.subgraph(key);
            TensorRef x = g.input(key + "_x:0", type, -1);
            TensorRef y = g.tensor(key + "_y:0", type, -1);
            g.op(BuiltinOperator.RESHAPE, List.of(x, g.constant("shape", new int[] {-1}, 1)), List.of(y));
            g.outputs(y);
            m.signature(key, g).input("x", x).output("y", y);
        }
        return m.build();
    }

    /** The signature key of {@code type} in {@link #allTypes()}: its name in lower case, e.g. {@code bfloat16}. */
    public static String typeSignatureKey(TensorType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
