package dev.tfliteffm.modelwriter.samples;

/**
 * The size of a {@link SampleModels#mobileNetFloat MobileNet-style} sample model.
 *
 * @param inputSize       height and width of the RGB input image (≥ 1)
 * @param widthMultiplier MobileNet's α: scales every layer's channel count (rounded to a multiple of 8, at least 8)
 * @param depth           the number of depthwise-separable blocks after the stem convolution (≥ 0); MobileNet v1
 *                        has 13, more repeat the last one
 * @param numClasses      the number of output classes (≥ 1)
 * @param seed            the seed of the pseudo-random weights: the same configuration gives the same model
 */
public record MobileNetConfig(int inputSize, float widthMultiplier, int depth, int numClasses, long seed) {

    /** The default seed. */
    public static final long DEFAULT_SEED = 20_250_401L;

    /** Checks the sizes. */
    public MobileNetConfig {
        if (inputSize < 1 || !(widthMultiplier > 0f) || depth < 0 || numClasses < 1) {
            throw new IllegalArgumentException("MobileNetConfig needs inputSize ≥ 1, widthMultiplier > 0, depth ≥ 0"
                    + " and numClasses ≥ 1; got inputSize=" + inputSize + " widthMultiplier=" + widthMultiplier
                    + " depth=" + depth + " numClasses=" + numClasses);
        }
    }

    /** A configuration with 1000 classes and the default seed, e.g. {@code of(224, 1.0f, 13)} for MobileNet v1's shape. */
    public static MobileNetConfig of(int inputSize, float widthMultiplier, int depth) {
        return new MobileNetConfig(inputSize, widthMultiplier, depth, 1000, DEFAULT_SEED);
    }
}
