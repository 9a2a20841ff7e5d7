package dev.tfliteffm.tests;

import dev.tfliteffm.modelwriter.samples.SampleModels;

/**
 * Models that pass the model validator (well-formed, every index and size consistent) and still crash a TFLite
 * kernel: what only the pre-flight ({@code ModelCheck}) catches. Each is a fuzz case of docs/reliability.md, made
 * here by the same edit so that it does not depend on the fuzzer's numbering.
 */
public final class KernelCrashModels {

    private KernelCrashModels() {}

    /**
     * The int8 MobileNet sample with an input batch of 0: TFLite's own depthwise convolution divides by zero
     * (SIGFPE; XNNPACK off). Fuzz seed 12, case 2623 (SHAPE_CHANGE).
     */
    public static byte[] depthwiseConvolutionOfAnEmptyBatch() {
        return ModelEdits.edit(
                SampleModels.mobileNetInt8(32, 0.25f, 2),
                m -> m.getSubgraphs()[0].getTensors()[0].setShape(new int[] {0, 32, 32, 3}));
    }

    /**
     * The float MobileNet sample whose softmax output is typed VARIANT: TFLite gives it no float buffer and the
     * softmax kernel writes through it (SIGSEGV). Fuzz seed 12, case 2810 (TYPE_CHANGE).
     */
    public static byte[] softmaxIntoAVariant() {
        return ModelEdits.edit(
                SampleModels.mobileNetFloat(32, 0.25f, 2),
                m -> m.getSubgraphs()[0].getTensors()[20].setType((byte) 14));
    }
}
