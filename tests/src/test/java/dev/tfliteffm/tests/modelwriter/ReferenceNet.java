package dev.tfliteffm.tests.modelwriter;

import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.OperatorInfo;
import dev.tfliteffm.modelwriter.SubgraphInfo;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorType;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/**
 * A float reference for the MobileNet-style sample, independent of TFLite and of the writer's own code: it walks
 * the operators of a model read back by {@code ModelReader}, with the weights and options found in the file, and
 * computes each op with plain loops (NHWC).
 */
final class ReferenceNet {

    private final SubgraphInfo graph;
    private final Map<Integer, float[]> values = new HashMap<>();
    private final Map<Integer, int[]> shapes = new HashMap<>();

    ReferenceNet(ModelInfo model) {
        graph = model.primarySubgraph();
        for (TensorInfo t : graph.tensors()) {
            if (t.isConstant() && t.type() == TensorType.FLOAT32) {
                float[] data = new float[t.data().remaining() / 4];
                t.data()
                        .duplicate()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(data);
                values.put(t.index(), data);
                shapes.put(t.index(), t.shape());
            }
        }
    }

    /** Runs the subgraph on one input of this shape; returns the first output. */
    float[] run(float[] input, int... inputShape) {
        values.put(graph.inputs()[0], input);
        shapes.put(graph.inputs()[0], inputShape);
        for (OperatorInfo op : graph.operators()) {
            switch (op.opName()) {
                case "CONV_2D" -> conv(op, (Conv2DOptionsT) op.options());
                case "DEPTHWISE_CONV_2D" -> depthwise(op, (DepthwiseConv2DOptionsT) op.options());
                case "ADD" -> add(op, (AddOptionsT) op.options());
                case "AVERAGE_POOL_2D" -> averagePool(op, (Pool2DOptionsT) op.options());
                case "FULLY_CONNECTED" -> fullyConnected(op, (FullyConnectedOptionsT) op.options());
                case "SOFTMAX" -> softmax(op, (SoftmaxOptionsT) op.options());
                default -> throw new IllegalArgumentException("The reference has no " + op.opName());
            }
        }
        return values.get(graph.outputs()[0]);
    }

    private void conv(OperatorInfo op, Conv2DOptionsT o) {
        convolve(op, o.getStrideH(), o.getStrideW(), o.getPadding(), o.getFusedActivationFunction(), false);
    }

    private void depthwise(OperatorInfo op, DepthwiseConv2DOptionsT o) {
        if (o.getDepthMultiplier() != 1) {
            throw new IllegalArgumentException("The reference handles depth multiplier 1 only");
        }
        convolve(op, o.getStrideH(), o.getStrideW(), o.getPadding(), o.getFusedActivationFunction(), true);
    }

    private void convolve(OperatorInfo op, int strideH, int strideW, byte padding, byte activation, boolean depthwise) {
        int[] in = shapes.get(op.inputs()[0]);
        float[] x = values.get(op.inputs()[0]);
        int[] fs = shapes.get(op.inputs()[1]);
        float[] f = values.get(op.inputs()[1]);
        float[] bias = values.get(op.inputs()[2]);
        int batch = in[0], h = in[1], w = in[2], c = in[3];
        int kh = fs[1], kw = fs[2];
        int oc = depthwise ? fs[3] : fs[0];
        int oh = outSize(h, kh, strideH, padding), ow = outSize(w, kw, strideW, padding);
        int padTop = padBefore(h, kh, strideH, oh, padding), padLeft = padBefore(w, kw, strideW, ow, padding);
        float[] y = new float[batch * oh * ow * oc];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int o = 0; o < oc; o++) {
                        double sum = bias[o];
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * strideH + ky - padTop, ix = ox * strideW + kx - padLeft;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                int base = ((n * h + iy) * w + ix) * c;
                                if (depthwise) {
                                    sum += x[base + o] * f[(ky * kw + kx) * oc + o];
                                } else {
                                    for (int i = 0; i < c; i++) {
                                        sum += x[base + i] * f[((o * kh + ky) * kw + kx) * c + i];
                                    }
                                }
                            }
                        }
                        y[((n * oh + oy) * ow + ox) * oc + o] = activate((float) sum, activation);
                    }
                }
            }
        }
        put(op.outputs()[0], y, batch, oh, ow, oc);
    }

    private void add(OperatorInfo op, AddOptionsT o) {
        float[] a = values.get(op.inputs()[0]);
        float[] b = values.get(op.inputs()[1]);
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = activate(a[i] + b[i], o.getFusedActivationFunction());
        }
        put(op.outputs()[0], y, shapes.get(op.inputs()[0]));
    }

    private void averagePool(OperatorInfo op, Pool2DOptionsT o) {
        int[] in = shapes.get(op.inputs()[0]);
        float[] x = values.get(op.inputs()[0]);
        int batch = in[0], h = in[1], w = in[2], c = in[3];
        int kh = o.getFilterHeight(), kw = o.getFilterWidth();
        int oh = outSize(h, kh, o.getStrideH(), o.getPadding()), ow = outSize(w, kw, o.getStrideW(), o.getPadding());
        int padTop = padBefore(h, kh, o.getStrideH(), oh, o.getPadding());
        int padLeft = padBefore(w, kw, o.getStrideW(), ow, o.getPadding());
        float[] y = new float[batch * oh * ow * c];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0;
                        int count = 0; // TFLite averages over the cells inside the input
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * o.getStrideH() + ky - padTop, ix = ox * o.getStrideW() + kx - padLeft;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    sum += x[((n * h + iy) * w + ix) * c + ch];
                                    count++;
                                }
                            }
                        }
                        y[((n * oh + oy) * ow + ox) * c + ch] =
                                activate((float) (sum / count), o.getFusedActivationFunction());
                    }
                }
            }
        }
        put(op.outputs()[0], y, batch, oh, ow, c);
    }

    private void fullyConnected(OperatorInfo op, FullyConnectedOptionsT o) {
        float[] x = values.get(op.inputs()[0]);
        int[] ws = shapes.get(op.inputs()[1]);
        float[] weights = values.get(op.inputs()[1]);
        float[] bias = op.inputs()[2] >= 0 ? values.get(op.inputs()[2]) : new float[ws[0]];
        int units = ws[0], depth = ws[1], batch = x.length / depth;
        float[] y = new float[batch * units];
        for (int n = 0; n < batch; n++) {
            for (int u = 0; u < units; u++) {
                double sum = bias[u];
                for (int i = 0; i < depth; i++) {
                    sum += x[n * depth + i] * weights[u * depth + i];
                }
                y[n * units + u] = activate((float) sum, o.getFusedActivationFunction());
            }
        }
        put(op.outputs()[0], y, batch, units);
    }

    private void softmax(OperatorInfo op, SoftmaxOptionsT o) {
        int[] shape = shapes.get(op.inputs()[0]);
        float[] x = values.get(op.inputs()[0]);
        int classes = shape[shape.length - 1];
        float[] y = new float[x.length];
        for (int row = 0; row < x.length / classes; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, x[row * classes + k]);
            }
            double total = 0;
            for (int k = 0; k < classes; k++) {
                total += Math.exp(o.getBeta() * (x[row * classes + k] - max));
            }
            for (int k = 0; k < classes; k++) {
                y[row * classes + k] = (float) (Math.exp(o.getBeta() * (x[row * classes + k] - max)) / total);
            }
        }
        put(op.outputs()[0], y, shape);
    }

    private void put(int tensor, float[] data, int... shape) {
        values.put(tensor, data);
        shapes.put(tensor, shape);
    }

    private static int outSize(int in, int filter, int stride, byte padding) {
        return padding == Padding.SAME ? (in + stride - 1) / stride : (in - filter + stride) / stride;
    }

    private static int padBefore(int in, int filter, int stride, int out, byte padding) {
        return padding == Padding.SAME ? Math.max((out - 1) * stride + filter - in, 0) / 2 : 0;
    }

    private static float activate(float v, byte activation) {
        return switch (activation) {
            case ActivationFunctionType.NONE -> v;
            case ActivationFunctionType.RELU -> Math.max(0f, v);
            case ActivationFunctionType.RELU6 -> Math.max(0f, Math.min(6f, v));
            default -> throw new IllegalArgumentException("The reference has no activation " + activation);
        };
    }
}
