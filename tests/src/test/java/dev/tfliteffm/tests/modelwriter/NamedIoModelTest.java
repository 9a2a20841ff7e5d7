package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.SampleModels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sample (e): inputs and outputs are found by signature name, not by tensor name or subgraph position. */
class NamedIoModelTest {

    @Test
    void signatureNamesMapToTheRightTensors() {
        float[] a = {1f, 2f, -3f};
        float[] b = {10f, 0.5f, 4f};
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.namedInputsOutputs())) {
            RawInterpreter.Runner r = tflite.runner("serving_default");
            assertEquals(Set.of("a", "b", "offset"), new HashSet<>(r.inputNames()));
            assertEquals(Set.of("sum", "product", "shifted"), new HashSet<>(r.outputNames()));
            r.resize("a", a.length).resize("b", b.length).allocate();
            assertEquals(TfLite.kTfLiteInt32(), r.inputType("offset"));
            r.set("a", a).set("b", b).set("offset", 7).invoke();
            float[] sum = new float[a.length];
            float[] product = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                sum[i] = a[i] + b[i];
                product[i] = a[i] * b[i];
            }
            assertArrayEquals(sum, r.floats("sum"));
            assertArrayEquals(product, r.floats("product"));
            assertArrayEquals(new int[] {107}, r.ints("shifted"));
        }
    }

    @Test
    void tensorNamesAreNotSignatureNames() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.namedInputsOutputs())) {
            RawInterpreter.Runner r = tflite.runner("serving_default");
            assertEquals(
                    "serving_default_a:0", TfLite.TfLiteTensorName(r.input("a")).getString(0));
            assertEquals(
                    "serving_default_offset:0",
                    TfLite.TfLiteTensorName(r.input("offset")).getString(0));
            assertEquals(
                    "StatefulPartitionedCall:1",
                    TfLite.TfLiteTensorName(r.output("product")).getString(0));
        }
    }
}
