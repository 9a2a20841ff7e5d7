package dev.tfliteffm;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale * (quantized - zeroPoint)}. Per-tensor quantization has
 * one scale and one zero point; per-channel quantization has one of each per slice along
 * {@link #quantizedDimension()}. A tensor that is not quantized has none ({@link #isQuantized()} is false).
 *
 * @param scales             the scales (copied on access)
 * @param zeroPoints         the zero points, as many as the scales (copied on access)
 * @param quantizedDimension the dimension the channels run along (0 for per-tensor quantization)
 */
public record Quantization(float[] scales, long[] zeroPoints, int quantizedDimension) {

    /** No quantization. */
    public static final Quantization NONE = new Quantization(new float[0], new long[0], 0);

    /** Validates and copies. */
    public Quantization {
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
        if (scales.length != zeroPoints.length) {
            throw new IllegalArgumentException(scales.length + " scales but " + zeroPoints.length + " zero points");
        }
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** Whether the tensor has quantization parameters. */
    public boolean isQuantized() {
        return scales.length > 0;
    }

    /** Whether there is one scale per channel rather than one for the tensor. */
    public boolean isPerChannel() {
        return scales.length > 1;
    }

    /** The scale of a per-tensor quantization (the first one of a per-channel one); 0 when not quantized. */
    public float scale() {
        return scales.length == 0 ? 0f : scales[0];
    }

    /** The zero point of a per-tensor quantization (the first one of a per-channel one); 0 when not quantized. */
    public long zeroPoint() {
        return zeroPoints.length == 0 ? 0 : zeroPoints[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q
                && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints)
                && quantizedDimension == q.quantizedDimension;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + quantizedDimension;
    }

    @Override
    public String toString() {
        return isQuantized()
                ? "Quantization[scales=" + Arrays.toString(scales) + ", zeroPoints=" + Arrays.toString(zeroPoints)
                        + (isPerChannel() ? ", quantizedDimension=" + quantizedDimension : "") + "]"
                : "Quantization[none]";
    }
}
