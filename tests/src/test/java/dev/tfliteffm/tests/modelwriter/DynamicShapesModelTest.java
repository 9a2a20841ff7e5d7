package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.SampleModels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Sample (b): inputs with unknown dimensions, resized before each run, outputs following the new shapes. */
class DynamicShapesModelTest {

    @Test
    void inputsCarryTheirShapeSignature() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.dynamicShapes())) {
            RawInterpreter.Runner rows = tflite.runner("scale_rows");
            MemorySegment signature =
                    TfLite.TfLiteTensorGetDimsSignature(rows.input("x")).reinterpret(12);
            assertArrayEquals(new int[] {2, -1, 3}, signature.toArray(ValueLayout.JAVA_INT)); // size, then dims
            assertArrayEquals(new int[] {1, 3}, rows.inputShape("x"));
        }
    }

    @Test
    void scaleRowsFollowsEachResize() {
        float[] w = SampleModels.DYNAMIC_SCALE;
        float[] b = SampleModels.DYNAMIC_OFFSET;
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.dynamicShapes())) {
            RawInterpreter.Runner rows = tflite.runner("scale_rows");
            for (int n : new int[] {4, 1, 7}) {
                float[] x = new float[n * 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i * 7 % 11) - 5.5f + n;
                }
                rows.resize("x", n, 3).allocate().set("x", x).invoke();
                assertArrayEquals(new int[] {n, 3}, rows.shape("scaled"));
                assertArrayEquals(new int[] {n}, rows.shape("row_sums"));
                float[] scaled = rows.floats("scaled");
                float[] sums = rows.floats("row_sums");
                for (int r = 0; r < n; r++) {
                    float sum = 0f;
                    for (int c = 0; c < 3; c++) {
                        float expected = x[r * 3 + c] * w[c] + b[c];
                        assertEquals(expected, scaled[r * 3 + c], 1e-5f);
                        sum += expected;
                    }
                    assertEquals(sum, sums[r], 1e-4f);
                }
            }
        }
    }

    @Test
    void flattenTakesAnyMatrix() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.dynamicShapes())) {
            RawInterpreter.Runner flatten = tflite.runner("flatten");
            for (int[] shape : new int[][] {{2, 5}, {6, 1}, {3, 3}}) {
                float[] x = new float[shape[0] * shape[1]];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i * 0.5f - 1f;
                }
                flatten.resize("x", shape).allocate().set("x", x).invoke();
                assertArrayEquals(new int[] {x.length}, flatten.shape("flat"));
                assertArrayEquals(x, flatten.floats("flat"));
            }
        }
    }
}
