package dev.tfliteffm.modelwriter;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale × (quantized − zeroPoint)}. Per-tensor quantization
 * has one scale and zero point; per-channel quantization has one of each per index of the dimension
 * {@code axis} (TFLite's {@code quantized_dimension}).
 *
 * @param scales     the scales, one per channel, or a single one
 * @param zeroPoints the zero points, as many as scales
 * @param axis       the quantized dimension; 0 for per-tensor quantization
 */
public record Quantization(float[] scales, long[] zeroPoints, int axis) {

    /** Copies the arrays, so a quantization cannot change after it was made. */
    public Quantization {
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    /** One scale and zero point for the whole tensor. */
    public static Quantization perTensor(float scale, long zeroPoint) {
        return new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    /** One scale and zero point per index along {@code axis}. */
    public static Quantization perChannel(float[] scales, long[] zeroPoints, int axis) {
        return new Quantization(scales, zeroPoints, axis);
    }

    /** Symmetric per-channel quantization (all zero points 0), as TFLite wants for conv weights. */
    public static Quantization perChannel(float[] scales, int axis) {
        return new Quantization(scales, new long[scales.length], axis);
    }

    /** Whether this has more than one scale. */
    public boolean isPerChannel() {
        return scales.length > 1;
    }

    /** The scales (a copy). */
    @Override
    public float[] scales() {
        return scales.clone();
    }

    /** The zero points (a copy). */
    @Override
    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** The scale of one channel (0 for per-tensor). */
    public float scale(int channel) {
        return scales[channel];
    }

    /** The zero point of one channel (0 for per-tensor). */
    public long zeroPoint(int channel) {
        return zeroPoints[channel];
    }

    /** Equal when scales, zero points and axis are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q
                && axis == q.axis
                && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    /** A hash of scales, zero points and axis. */
    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + axis;
    }

    /** E.g. {@code scale=0.05 zeroPoint=10}, or the arrays and axis when per channel. */
    @Override
    public String toString() {
        if (!isPerChannel()) {
            return "scale=" + scales[0] + " zeroPoint=" + zeroPoints[0];
        }
        return "scales=" + Arrays.toString(scales) + " zeroPoints=" + Arrays.toString(zeroPoints) + " axis=" + axis;
    }
}
