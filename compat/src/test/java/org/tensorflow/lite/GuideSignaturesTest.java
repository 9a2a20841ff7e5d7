package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java code of TensorFlow Lite's "Signatures in TensorFlow Lite" guide (tensorflow.org/lite/guide/signatures,
 * section "Run Signatures", Java) against the model writer's codec, whose signatures encode and decode take input
 * "x" and give "encoded_result" and "decoded_result" like the guide's model.
 *
 * <p>The guide's statements are unchanged. The guide declares {@code inputs} and {@code outputs} twice in one
 * block, which javac refuses, so each half stands in a block of its own: the only change.
 */
class GuideSignaturesTest {

    @Test
    void guideSnippetRunsUnchanged() throws Exception {
        File file_of_tensorflowlite_model = TestModels.file(SampleModels.codec());
        float[] input = {-1f, 0f, 0.5f};
        byte[] encoded_result = new byte[input.length];
        float[] decoded_result = new float[input.length];

        // ---- the guide's snippet ----
        try (Interpreter interpreter = new Interpreter(file_of_tensorflowlite_model)) {
            {
                // Run encoding signature.
                Map<String, Object> inputs = new HashMap<>();
                inputs.put("x", input);
                Map<String, Object> outputs = new HashMap<>();
                outputs.put("encoded_result", encoded_result);
                interpreter.runSignature(inputs, outputs, "encode");
            }
            {
                // Run decoding signature.
                Map<String, Object> inputs = new HashMap<>();
                inputs.put("x", encoded_result);
                Map<String, Object> outputs = new HashMap<>();
                outputs.put("decoded_result", decoded_result);
                interpreter.runSignature(inputs, outputs, "decode");
            }
        }
        // ---- end of the snippet ----

        // encoded = round(x / 0.05) + 10; decoded = (encoded − 10) × 0.05
        assertArrayEquals(new byte[] {-10, 10, 20}, encoded_result);
        assertArrayEquals(input, decoded_result, 1e-6f);
        assertEquals(SampleModels.CODEC_ZERO_POINT, 10);
    }
}
