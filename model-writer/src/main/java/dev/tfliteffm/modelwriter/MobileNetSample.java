package dev.tfliteffm.modelwriter;

import dev.tfliteffm.modelwriter.OpOptions.Activation;
import dev.tfliteffm.modelwriter.OpOptions.Padding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The MobileNet-style sample: a 3×3 stride-2 stem convolution, then depthwise-separable blocks (3×3 depthwise,
 * 1×1 pointwise, both ReLU6) with a residual ADD where a block keeps its size, a global average pool, a fully
 * connected layer and a softmax. Weights are pseudo-random from the config's seed. The int8 variant is a
 * post-training quantization of the float one: per-channel symmetric conv weights, int32 biases, and activation
 * ranges calibrated by running the float network here on a fixed pseudo-random image batch.
 */
final class MobileNetSample {

    /** MobileNet v1's blocks: output channels (before α) and stride. */
    private static final int[][] V1_BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
        {1024, 2}, {1024, 1}
    };

    private static final int STEM_CHANNELS = 32;
    private static final int CALIBRATION_IMAGES = 4;

    /** A convolution-like layer's float parameters. Depthwise filters are [1, 3, 3, C]; others [O, kh, kw, I]. */
    private record Conv(String name, float[] weights, int[] weightShape, float[] bias, int stride, boolean depthwise) {
        int outChannels() {
            return depthwise ? weightShape[3] : weightShape[0];
        }
    }

    private record Block(Conv depthwise, Conv pointwise, boolean residual) {}

    private final MobileNetConfig config;
    private final Conv stem;
    private final List<Block> blocks = new ArrayList<>();
    private final float[] fcWeights;
    private final float[] fcBias;
    private final int lastChannels;

    MobileNetSample(MobileNetConfig config) {
        this.config = config;
        SplittableRandom random = new SplittableRandom(config.seed());
        int channels = scaled(STEM_CHANNELS);
        stem = conv("stem", random, channels, 3, 3, 2);
        for (int i = 0; i < config.depth(); i++) {
            int[] spec = V1_BLOCKS[Math.min(i, V1_BLOCKS.length - 1)];
            int out = scaled(spec[0]);
            Conv dw = depthwise("block" + i + "_depthwise", random, channels, spec[1]);
            Conv pw = conv("block" + i + "_pointwise", random, out, 1, channels, 1);
            blocks.add(new Block(dw, pw, spec[1] == 1 && out == channels));
            channels = out;
        }
        lastChannels = channels;
        // Logits of a few units for activations around 1: a softmax that is neither flat nor saturated.
        fcWeights = uniform(random, config.numClasses() * channels, (float) (8.0 / Math.sqrt(channels)));
        fcBias = uniform(random, config.numClasses(), 0.1f);
    }

    /** α-scaled channel count, rounded to a multiple of 8 and at least 8, as MobileNet does. */
    private int scaled(int channels) {
        return Math.max(8, Math.round(channels * config.widthMultiplier() / 8f) * 8);
    }

    private static Conv conv(String name, SplittableRandom random, int out, int kernel, int in, int stride) {
        int fanIn = kernel * kernel * in;
        float[] w = uniform(random, out * fanIn, (float) Math.sqrt(6.0 / fanIn));
        return new Conv(name, w, new int[] {out, kernel, kernel, in}, uniform(random, out, 0.1f), stride, false);
    }

    private static Conv depthwise(String name, SplittableRandom random, int channels, int stride) {
        float[] w = uniform(random, 9 * channels, (float) Math.sqrt(6.0 / 9));
        return new Conv(name, w, new int[] {1, 3, 3, channels}, uniform(random, channels, 0.1f), stride, true);
    }

    private static float[] uniform(SplittableRandom random, int n, float limit) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return values;
    }

    // ---- float model -------------------------------------------------------------------------------------

    byte[] buildFloat() {
        ModelBuilder m = newModel("float32");
        SubgraphBuilder g = m.subgraph("main");
        int s = config.inputSize();
        TensorRef x = g.input("serving_default_image:0", TensorType.FLOAT32, -1, s, s, 3);
        int size = outSize(s, stem.stride());
        TensorRef h = g.tensor("stem_out", TensorType.FLOAT32, -1, size, size, stem.outChannels());
        addConv(g, stem, x, h);
        for (Block b : blocks) {
            int dwSize = outSize(size, b.depthwise().stride());
            TensorRef dw = g.tensor(
                    b.depthwise().name() + "_out",
                    TensorType.FLOAT32,
                    -1,
                    dwSize,
                    dwSize,
                    b.depthwise().outChannels());
            addConv(g, b.depthwise(), h, dw);
            TensorRef pw = g.tensor(
                    b.pointwise().name() + "_out",
                    TensorType.FLOAT32,
                    -1,
                    dwSize,
                    dwSize,
                    b.pointwise().outChannels());
            addConv(g, b.pointwise(), dw, pw);
            if (b.residual()) {
                TensorRef sum = g.tensor(
                        b.pointwise().name() + "_residual",
                        TensorType.FLOAT32,
                        -1,
                        dwSize,
                        dwSize,
                        b.pointwise().outChannels());
                g.op(BuiltinOperator.ADD, OpOptions.add(Activation.RELU6), List.of(h, pw), List.of(sum));
                pw = sum;
            }
            h = pw;
            size = dwSize;
        }
        TensorRef pooled = g.tensor("pooled", TensorType.FLOAT32, -1, 1, 1, lastChannels);
        g.op(
                BuiltinOperator.AVERAGE_POOL_2D,
                OpOptions.pool2d(Padding.VALID, 1, 1, size, size, Activation.NONE),
                List.of(h),
                List.of(pooled));
        TensorRef w = g.constant("logits_weights", fcWeights, config.numClasses(), lastChannels);
        TensorRef bias = g.constant("logits_bias", fcBias, config.numClasses());
        TensorRef logits = g.tensor("logits", TensorType.FLOAT32, -1, config.numClasses());
        g.op(
                BuiltinOperator.FULLY_CONNECTED,
                OpOptions.fullyConnected(Activation.NONE),
                List.of(pooled, w, bias),
                List.of(logits));
        TensorRef probabilities = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1, config.numClasses());
        g.op(BuiltinOperator.SOFTMAX, OpOptions.softmax(1f), List.of(logits), List.of(probabilities));
        g.outputs(probabilities);
        m.signature("serving_default", g).input("image", x).output("probabilities", probabilities);
        return m.build();
    }

    private static void addConv(SubgraphBuilder g, Conv c, TensorRef in, TensorRef out) {
        TensorRef w = g.constant(c.name() + "_weights", c.weights(), c.weightShape());
        TensorRef b = g.constant(c.name() + "_bias", c.bias(), c.outChannels());
        g.op(
                c.depthwise() ? BuiltinOperator.DEPTHWISE_CONV_2D : BuiltinOperator.CONV_2D,
                convOptions(c),
                List.of(in, w, b),
                List.of(out));
    }

    private static OpOptions convOptions(Conv c) {
        return c.depthwise()
                ? OpOptions.depthwiseConv2d(Padding.SAME, c.stride(), c.stride(), 1, Activation.RELU6)
                : OpOptions.conv2d(Padding.SAME, c.stride(), c.stride(), Activation.RELU6);
    }

    // ---- int8 model --------------------------------------------------------------------------------------

    byte[] buildInt8() {
        Calibration cal = calibrate();
        ModelBuilder m = newModel("int8");
        SubgraphBuilder g = m.subgraph("main");
        int s = config.inputSize();
        TensorRef x = g.input("serving_default_image:0", TensorType.FLOAT32, -1, s, s, 3);
        Quantization inputQ = asymmetric(-1f, 1f);
        TensorRef xq = g.tensor("image_int8", TensorType.INT8, -1, s, s, 3).quantized(inputQ);
        g.op(BuiltinOperator.QUANTIZE, List.of(x), List.of(xq));
        int size = outSize(s, stem.stride());
        int layer = 0;
        TensorRef h = g.tensor("stem_out", TensorType.INT8, -1, size, size, stem.outChannels())
                .quantized(asymmetric(0f, cal.max.get(layer++)));
        addQuantizedConv(g, stem, xq, h);
        for (Block b : blocks) {
            int dwSize = outSize(size, b.depthwise().stride());
            TensorRef dw = g.tensor(
                            b.depthwise().name() + "_out",
                            TensorType.INT8,
                            -1,
                            dwSize,
                            dwSize,
                            b.depthwise().outChannels())
                    .quantized(asymmetric(0f, cal.max.get(layer++)));
            addQuantizedConv(g, b.depthwise(), h, dw);
            TensorRef pw = g.tensor(
                            b.pointwise().name() + "_out",
                            TensorType.INT8,
                            -1,
                            dwSize,
                            dwSize,
                            b.pointwise().outChannels())
                    .quantized(asymmetric(0f, cal.max.get(layer++)));
            addQuantizedConv(g, b.pointwise(), dw, pw);
            if (b.residual()) {
                TensorRef sum = g.tensor(
                                b.pointwise().name() + "_residual",
                                TensorType.INT8,
                                -1,
                                dwSize,
                                dwSize,
                                b.pointwise().outChannels())
                        .quantized(asymmetric(0f, cal.max.get(layer++)));
                g.op(BuiltinOperator.ADD, OpOptions.add(Activation.RELU6), List.of(h, pw), List.of(sum));
                pw = sum;
            }
            h = pw;
            size = dwSize;
        }
        // TFLite's int8 average pool keeps its input's scale and zero point.
        TensorRef pooled =
                g.tensor("pooled", TensorType.INT8, -1, 1, 1, lastChannels).quantized(h.quantization());
        g.op(
                BuiltinOperator.AVERAGE_POOL_2D,
                OpOptions.pool2d(Padding.VALID, 1, 1, size, size, Activation.NONE),
                List.of(h),
                List.of(pooled));
        float wScale = maxAbs(fcWeights, 0, fcWeights.length) / 127f;
        TensorRef w = g.constant(
                        "logits_weights",
                        TensorType.INT8,
                        new int[] {config.numClasses(), lastChannels},
                        quantize(fcWeights, 0, fcWeights.length, wScale))
                .quantized(wScale, 0);
        float biasScale = (float) ((double) pooled.quantization().scale(0) * wScale);
        TensorRef bias = g.constant(
                        "logits_bias",
                        TensorType.INT32,
                        new int[] {config.numClasses()},
                        quantizeBias(fcBias, new float[] {biasScale}))
                .quantized(biasScale, 0);
        TensorRef logits = g.tensor("logits", TensorType.INT8, -1, config.numClasses())
                .quantized(asymmetric(cal.logitsMin, cal.logitsMax));
        g.op(
                BuiltinOperator.FULLY_CONNECTED,
                OpOptions.fullyConnected(Activation.NONE),
                List.of(pooled, w, bias),
                List.of(logits));
        // TFLite's int8 softmax requires this output quantization.
        TensorRef softmax = g.tensor("softmax_int8", TensorType.INT8, -1, config.numClasses())
                .quantized(1f / 256f, -128);
        g.op(BuiltinOperator.SOFTMAX, OpOptions.softmax(1f), List.of(logits), List.of(softmax));
        TensorRef probabilities = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, -1, config.numClasses());
        g.op(BuiltinOperator.DEQUANTIZE, List.of(softmax), List.of(probabilities));
        g.outputs(probabilities);
        m.signature("serving_default", g).input("image", x).output("probabilities", probabilities);
        return m.build();
    }

    private void addQuantizedConv(SubgraphBuilder g, Conv c, TensorRef in, TensorRef out) {
        int channels = c.outChannels();
        int perChannel = c.weights().length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[c.weights().length];
        float inScale = in.quantization().scale(0);
        float[] biasScales = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            float max = 0f;
            for (int i = 0; i < perChannel; i++) {
                max = Math.max(max, Math.abs(c.weights()[weightIndex(c, ch, i, perChannel)]));
            }
            scales[ch] = max > 0f ? max / 127f : 1e-6f;
            for (int i = 0; i < perChannel; i++) {
                int k = weightIndex(c, ch, i, perChannel);
                q[k] = (byte) clamp(Math.round(c.weights()[k] / scales[ch]), -127, 127);
            }
            // TFLite checks bias scale == input scale × filter scale (to 1e-6 relative).
            biasScales[ch] = (float) ((double) inScale * scales[ch]);
        }
        int axis = c.depthwise() ? 3 : 0;
        TensorRef w = g.constant(c.name() + "_weights", TensorType.INT8, c.weightShape(), q)
                .quantized(Quantization.perChannel(scales, axis));
        TensorRef b = g.constant(
                        c.name() + "_bias", TensorType.INT32, new int[] {channels}, quantizeBias(c.bias(), biasScales))
                .quantized(Quantization.perChannel(biasScales, 0));
        g.op(
                c.depthwise() ? BuiltinOperator.DEPTHWISE_CONV_2D : BuiltinOperator.CONV_2D,
                convOptions(c),
                List.of(in, w, b),
                List.of(out));
    }

    /** Index of the i-th weight of output channel ch: depthwise filters keep channels last, others first. */
    private static int weightIndex(Conv c, int ch, int i, int perChannel) {
        return c.depthwise() ? i * c.outChannels() + ch : ch * perChannel + i;
    }

    private static byte[] quantizeBias(float[] bias, float[] scales) {
        ByteBuffer out = ByteBuffer.allocate(bias.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bias.length; i++) {
            out.putInt(Math.round(bias[i] / scales[scales.length == 1 ? 0 : i]));
        }
        return out.array();
    }

    private static byte[] quantize(float[] values, int from, int to, float scale) {
        byte[] q = new byte[to - from];
        for (int i = from; i < to; i++) {
            q[i - from] = (byte) clamp(Math.round(values[i] / scale), -127, 127);
        }
        return q;
    }

    private static float maxAbs(float[] values, int from, int to) {
        float max = 0f;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        return max > 0f ? max : 1e-6f;
    }

    /** int8 quantization covering [min, max] (widened to include 0, as TFLite needs 0 to be exact). */
    static Quantization asymmetric(float min, float max) {
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
        if (max - min < 1e-6f) {
            max = min + 1e-6f;
        }
        float scale = (max - min) / 255f;
        long zeroPoint = clamp(Math.round(-128 - min / scale), -128, 127);
        return Quantization.perTensor(scale, zeroPoint);
    }

    private static int clamp(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }

    private ModelBuilder newModel(String kind) {
        return new ModelBuilder()
                .description("tflite-ffm sample: MobileNet-style " + kind + " net, input "
                        + config.inputSize() + "x" + config.inputSize() + "x3, width multiplier "
                        + config.widthMultiplier()
                        + ", " + config.depth() + " blocks, " + config.numClasses() + " classes, seed "
                        + config.seed());
    }

    /** SAME padding: ceil(in / stride). */
    private static int outSize(int in, int stride) {
        return (in + stride - 1) / stride;
    }

    // ---- calibration: the float network in plain Java ----------------------------------------------------

    /** Largest activation of each ReLU6 layer in graph order, and the logits' range. */
    private static final class Calibration {
        final List<Float> max = new ArrayList<>();
        float logitsMin;
        float logitsMax;
    }

    private Calibration calibrate() {
        int s = config.inputSize();
        SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        Calibration cal = new Calibration();
        List<float[]> maxima = new ArrayList<>();
        float logitsMin = Float.MAX_VALUE;
        float logitsMax = -Float.MAX_VALUE;
        for (int image = 0; image < CALIBRATION_IMAGES; image++) {
            float[] x = uniform(random, s * s * 3, 1f);
            List<Float> layerMax = new ArrayList<>();
            float[] logits = forward(x, layerMax);
            maxima.add(toArray(layerMax));
            for (float v : logits) {
                logitsMin = Math.min(logitsMin, v);
                logitsMax = Math.max(logitsMax, v);
            }
        }
        for (int layer = 0; layer < maxima.getFirst().length; layer++) {
            float max = 0f;
            for (float[] m : maxima) {
                max = Math.max(max, m[layer]);
            }
            // Headroom for inputs other than the calibration batch; ReLU6 never exceeds 6.
            cal.max.add(max > 0f ? Math.min(6f, 1.25f * max) : 6f);
        }
        // Margin for inputs other than the calibration batch.
        float margin = 0.25f * (logitsMax - logitsMin);
        cal.logitsMin = logitsMin - margin;
        cal.logitsMax = logitsMax + margin;
        return cal;
    }

    private static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }

    /** The float network on one NHWC image; records each ReLU6 layer's largest output; returns the logits. */
    private float[] forward(float[] image, List<Float> layerMax) {
        int size = config.inputSize();
        float[] h = convolve(stem, image, size, 3);
        size = outSize(size, stem.stride());
        layerMax.add(max(h));
        int channels = stem.outChannels();
        for (Block b : blocks) {
            float[] dw = convolve(b.depthwise(), h, size, channels);
            size = outSize(size, b.depthwise().stride());
            layerMax.add(max(dw));
            float[] pw = convolve(b.pointwise(), dw, size, channels);
            layerMax.add(max(pw));
            if (b.residual()) {
                for (int i = 0; i < pw.length; i++) {
                    pw[i] = relu6(pw[i] + h[i]);
                }
                layerMax.add(max(pw));
            }
            h = pw;
            channels = b.pointwise().outChannels();
        }
        float[] pooled = new float[channels];
        for (int i = 0; i < h.length; i++) {
            pooled[i % channels] += h[i];
        }
        for (int c = 0; c < channels; c++) {
            pooled[c] /= size * size;
        }
        float[] logits = new float[config.numClasses()];
        for (int k = 0; k < logits.length; k++) {
            float sum = fcBias[k];
            for (int c = 0; c < channels; c++) {
                sum += fcWeights[k * channels + c] * pooled[c];
            }
            logits[k] = sum;
        }
        return logits;
    }

    /** A SAME-padded 3×3 (or 1×1) convolution or depthwise convolution with ReLU6, NHWC, batch 1. */
    private static float[] convolve(Conv c, float[] in, int size, int inChannels) {
        int k = c.weightShape()[1];
        int stride = c.stride();
        int out = outSize(size, stride);
        int padBefore = Math.max((out - 1) * stride + k - size, 0) / 2;
        int outChannels = c.outChannels();
        float[] result = new float[out * out * outChannels];
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                for (int oc = 0; oc < outChannels; oc++) {
                    float sum = c.bias()[oc];
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * stride + ky - padBefore;
                        if (iy < 0 || iy >= size) {
                            continue;
                        }
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox * stride + kx - padBefore;
                            if (ix < 0 || ix >= size) {
                                continue;
                            }
                            int base = (iy * size + ix) * inChannels;
                            if (c.depthwise()) {
                                sum += in[base + oc] * c.weights()[(ky * k + kx) * outChannels + oc];
                            } else {
                                int w = ((oc * k + ky) * k + kx) * inChannels;
                                for (int ic = 0; ic < inChannels; ic++) {
                                    sum += in[base + ic] * c.weights()[w + ic];
                                }
                            }
                        }
                    }
                    result[(oy * out + ox) * outChannels + oc] = relu6(sum);
                }
            }
        }
        return result;
    }

    private static float relu6(float v) {
        return Math.max(0f, Math.min(6f, v));
    }

    private static float max(float[] values) {
        float max = 0f;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
