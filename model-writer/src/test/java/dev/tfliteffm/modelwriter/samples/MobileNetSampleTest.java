package dev.tfliteffm.modelwriter.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.TensorInfo;
import dev.tfliteffm.modelwriter.TensorType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sample (h)'s structure as written: per-channel int8 weights, and bytes that depend on the configuration only.
 * How the nets compute in TFLite is the tests module's MobileNetModelTest.
 */
class MobileNetSampleTest {

    /** The tests module's MobileNetModelTest.SMALL: 4 blocks at α 0.25, stride-1 and stride-2 blocks, one ADD. */
    private static final MobileNetConfig SMALL = new MobileNetConfig(16, 0.25f, 4, 10, 7);

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
        assertTrue(
                info.operatorNames().containsAll(List.of("QUANTIZE", "DEQUANTIZE")),
                info.operatorNames().toString());
    }

    @Test
    void sameConfigGivesTheSameBytesAndTheSeedMatters() {
        assertArrayEquals(SampleModels.mobileNetFloat(SMALL), SampleModels.mobileNetFloat(SMALL));
        MobileNetConfig otherSeed = new MobileNetConfig(16, 0.25f, 4, 10, 8);
        assertNotEquals(
                Arrays.hashCode(SampleModels.mobileNetFloat(SMALL)),
                Arrays.hashCode(SampleModels.mobileNetFloat(otherSeed)));
    }
}
