package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.modelwriter.SampleModels;
import dev.tfliteffm.modelwriter.StringTensors;
import dev.tfliteffm.modelwriter.TensorType;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sample (i): every element type goes in and comes out of RESHAPE unchanged, with the C API's type code. */
class AllTypesModelTest {

    @Test
    void everyTypeHasASignature() {
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.allTypes())) {
            List<String> expected = Arrays.stream(TensorType.values())
                    .map(SampleModels::typeSignatureKey)
                    .toList();
            assertEquals(expected, tflite.signatureKeys());
        }
    }

    @Test
    void everyTypeRoundTripsItsBytes() {
        int elements = 7; // odd, so the packed 4-bit and 2-bit types end in a partial byte
        Random random = new Random(42);
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.allTypes())) {
            for (TensorType type : TensorType.values()) {
                String key = SampleModels.typeSignatureKey(type);
                RawInterpreter.Runner r =
                        tflite.runner(key).resize("x", elements).allocate();
                assertEquals(type.tfLiteTypeCode(), r.inputType("x"), key);
                assertEquals(type.tfLiteTypeCode(), r.type("y"), key);
                byte[] in;
                switch (type) {
                    case STRING -> {
                        in = StringTensors.encode("a", "", "bc", "déf", "g", "hi", "🙂");
                        r.setStrings("x", in);
                    }
                    case RESOURCE, VARIANT -> in = new byte[0]; // no data to pass
                    default -> {
                        in = new byte[Math.toIntExact(type.bufferBytes(elements))];
                        random.nextBytes(in);
                        if (type == TensorType.BOOL) {
                            for (int i = 0; i < in.length; i++) {
                                in[i] &= 1;
                            }
                        }
                        r.set("x", in);
                    }
                }
                r.invoke();
                assertArrayEquals(in, r.bytes("y"), key);
                assertArrayEquals(new int[] {elements}, r.shape("y"), key);
            }
        }
    }
}
