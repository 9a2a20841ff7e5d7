package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.modelwriter.MobileNetConfig;
import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.SampleModels;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorType;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sample (h): the MobileNet-style nets in TFLite against a plain-loop float reference over the same weights. */
class MobileNetModelTest {

    /** Small but complete: 4 blocks at α 0.25 include stride-1 and stride-2 blocks and one residual ADD. */
    private static final MobileNetConfig SMALL = new MobileNetConfig(16, 0.25f, 4, 10, 7);

    private static final int BATCH = 2;

    @Test
    void floatNetMatchesTheReference() {
        byte[] model = SampleModels.mobileNetFloat(SMALL);
        ModelInfo info = ModelReader.read(model);
        assertTrue(
                info.operatorNames()
                        .containsAll(List.of(
                                "CONV_2D",
                                "DEPTHWISE_CONV_2D",
                                "ADD",
                                "AVERAGE_POOL_2D",
                                "FULLY_CONNECTED",
                                "SOFTMAX")),
                info.operatorNames().toString());
        float[] images = images(BATCH, SMALL.inputSize(), 1);
        float[] expected = new ReferenceNet(info).run(images, BATCH, SMALL.inputSize(), SMALL.inputSize(), 3);
        try (RawInterpreter tflite = RawInterpreter.load(model)) {
            float[] actual = run(tflite, images);
            assertArrayEquals(expected, actual, 1e-5f);
        }
        assertNotUniform(expected);
    }

    @Test
    void int8NetIsCloseToTheFloatReference() {
        byte[] floatModel = SampleModels.mobileNetFloat(SMALL);
        byte[] int8Model = SampleModels.mobileNetInt8(SMALL);
        float[] images = images(BATCH, SMALL.inputSize(), 2);
        float[] expected = new ReferenceNet(ModelReader.read(floatModel))
                .run(images, BATCH, SMALL.inputSize(), SMALL.inputSize(), 3);
        try (RawInterpreter tflite = RawInterpreter.load(int8Model)) {
            float[] actual = run(tflite, images);
            int classes = SMALL.numClasses();
            for (int n = 0; n < BATCH; n++) {
                double meanError = 0;
                for (int k = 0; k < classes; k++) {
                    // Quantization error: a few int8 steps through each layer, and the 1/256 output step.
                    assertEquals(
                            expected[n * classes + k], actual[n * classes + k], 0.03f, "image " + n + " class " + k);
                    meanError += Math.abs(expected[n * classes + k] - actual[n * classes + k]) / classes;
                }
                assertTrue(meanError < 0.01, "mean error " + meanError + " of image " + n);
                assertEquals(argmax(expected, n, classes), argmax(actual, n, classes), "top-1 of image " + n);
            }
        }
    }

    @Test
    void int8NetQuantizesWeightsPerChannel() {
        ModelInfo info = ModelReader.read(SampleModels.mobileNetInt8(SMALL));
        TensorInfo stem = info.primarySubgraph().tensorNamed("stem_weights");
        assertEquals(TensorType.INT8, stem.type());
        assertEquals(stem.shape()[0], stem.quantization().scales().length);
        assertEquals(0, stem.quantization().axis());
        TensorInfo depthwise = info.primarySubgraph().tensorNamed("block0_depthwise_weights");
        assertEquals(3, depthwise.quantization().axis());
        assertEquals(depthwise.shape()[3], depthwise.quantization().scales().length);
        assertEquals(
                TensorType.INT32,
                info.primarySubgraph().tensorNamed("block0_depthwise_bias").type());
        assertTrue(info.operatorNames().containsAll(List.of("QUANTIZE", "DEQUANTIZE")));
    }

    @Test
    void sameConfigGivesTheSameBytesAndTheSeedMatters() {
        assertArrayEquals(SampleModels.mobileNetFloat(SMALL), SampleModels.mobileNetFloat(SMALL));
        MobileNetConfig otherSeed = new MobileNetConfig(16, 0.25f, 4, 10, 8);
        assertNotEquals(
                java.util.Arrays.hashCode(SampleModels.mobileNetFloat(SMALL)),
                java.util.Arrays.hashCode(SampleModels.mobileNetFloat(otherSeed)));
    }

    @Test
    void sizeParametersShapeTheNet() {
        MobileNetConfig wide = new MobileNetConfig(32, 1.0f, 6, 5, 1);
        ModelInfo info = ModelReader.read(SampleModels.mobileNetFloat(wide));
        TensorInfo input =
                info.primarySubgraph().tensors().get(info.primarySubgraph().inputs()[0]);
        assertArrayEquals(new int[] {-1, 32, 32, 3}, input.shapeSignature());
        assertArrayEquals(
                new int[] {32, 3, 3, 3},
                info.primarySubgraph().tensorNamed("stem_weights").shape());
        assertArrayEquals(
                new int[] {128, 1, 1, 128},
                info.primarySubgraph().tensorNamed("block2_pointwise_weights").shape());
        assertArrayEquals(
                new int[] {5, 512},
                info.primarySubgraph().tensorNamed("logits_weights").shape());
        long depthwiseOps = info.primarySubgraph().operators().stream()
                .filter(op -> op.opName().equals("DEPTHWISE_CONV_2D"))
                .count();
        assertEquals(6, depthwiseOps);
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.mobileNetInt8(wide))) {
            float[] probabilities = tflite.runner("serving_default")
                    .resize("image", 1, 32, 32, 3)
                    .allocate()
                    .set("image", images(1, 32, 3))
                    .invoke()
                    .floats("probabilities");
            assertEquals(5, probabilities.length);
            float total = 0f;
            for (float p : probabilities) {
                total += p;
            }
            assertEquals(1f, total, 0.02f);
        }
    }

    private static float[] run(RawInterpreter tflite, float[] images) {
        RawInterpreter.Runner r = tflite.runner("serving_default")
                .resize("image", BATCH, SMALL.inputSize(), SMALL.inputSize(), 3)
                .allocate();
        r.set("image", images).invoke();
        assertArrayEquals(new int[] {BATCH, SMALL.numClasses()}, r.shape("probabilities"));
        return r.floats("probabilities");
    }

    private static float[] images(int batch, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * size * size * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static int argmax(float[] values, int row, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (values[row * classes + k] > values[row * classes + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Guards against a vacuous comparison: the reference's probabilities must actually vary. */
    private static void assertNotUniform(float[] probabilities) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float p : probabilities) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertTrue(max - min > 0.05f, "probabilities span only " + min + ".." + max);
    }
}
