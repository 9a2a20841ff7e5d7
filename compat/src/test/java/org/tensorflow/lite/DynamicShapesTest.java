package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs of unknown dimensions, resized by the arrays given, and outputs read after the run. */
class DynamicShapesTest {

    private static final float[] W = SampleModels.DYNAMIC_SCALE;
    private static final float[] B = SampleModels.DYNAMIC_OFFSET;

    @Test
    void signaturesFollowTheArraysShapes() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.dynamicShapes()))) {
            for (int rows : new int[] {2, 5, 1}) {
                float[][] x = new float[rows][3];
                for (int i = 0; i < rows; i++) {
                    x[i] = new float[] {i, i + 1, i + 2};
                }
                float[][] scaled = new float[rows][3];
                float[] sums = new float[rows];
                Map<String, Object> outputs = new HashMap<>();
                outputs.put("scaled", scaled);
                outputs.put("row_sums", sums);
                interpreter.runSignature(Map.of("x", x), outputs, "scale_rows");
                for (int i = 0; i < rows; i++) {
                    float sum = 0;
                    for (int j = 0; j < 3; j++) {
                        assertEquals(x[i][j] * W[j] + B[j], scaled[i][j], 1e-5f);
                        sum += scaled[i][j];
                    }
                    assertEquals(sum, sums[i], 1e-4f);
                }
            }
            // flatten runs another subgraph, whose -1 dimensions may change.
            float[] flat = new float[10];
            interpreter.runSignature(Map.of("x", new float[2][5]), Map.of("flat", flat), "flatten");
            assertArrayEquals(
                    new int[] {10},
                    interpreter.getOutputTensorFromSignature("flat", "flatten").shape());
        }
    }

    @Test
    void outputsOfUnknownShapeReadAfterTheRun() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.dynamicShapes()))) {
            interpreter.runSignature(Map.of("x", new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}), Map.of(), "flatten");
            Tensor flat = interpreter.getOutputTensorFromSignature("flat", "flatten");
            assertArrayEquals(new int[] {9}, flat.shape());
            ByteBuffer data = flat.asReadOnlyBuffer();
            FloatBuffer floats = data.asFloatBuffer();
            assertEquals(9, floats.remaining());
            assertEquals(9f, floats.get(8));
        }
    }

    @Test
    void primarySubgraphByIndex() {
        try (Interpreter interpreter = new Interpreter(TestModels.buffer(SampleModels.dynamicShapes()))) {
            float[][] scaled = new float[2][3];
            float[] sums = new float[2];
            Map<Integer, Object> outputs = new HashMap<>();
            outputs.put(0, scaled);
            outputs.put(1, sums);
            interpreter.runForMultipleInputsOutputs(new Object[] {new float[][] {{1, 1, 1}, {2, 2, 2}}}, outputs);
            assertArrayEquals(new float[] {1.5f, -2f, 3f}, scaled[0], 1e-6f);
            assertEquals(2.5f, sums[0], 1e-6f);
            assertArrayEquals(new int[] {-1, 3}, interpreter.getInputTensor(0).shapeSignature());
        }
    }
}
