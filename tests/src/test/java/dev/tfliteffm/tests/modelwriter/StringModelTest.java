package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.modelwriter.SampleModels;
import dev.tfliteffm.modelwriter.StringTensors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample (c): string tensors out of a constant vocabulary, and strings in and out of a signature. */
class StringModelTest {

    @Test
    void lookupReturnsVocabularyEntries() {
        int[] ids = {5, 0, 4, 4, 2};
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.strings())) {
            RawInterpreter.Runner lookup =
                    tflite.runner("lookup").resize("ids", ids.length).allocate();
            lookup.set("ids", ids).invoke();
            assertEquals(TfLite.kTfLiteString(), lookup.type("words"));
            List<String> expected = java.util.Arrays.stream(ids)
                    .mapToObj(SampleModels.VOCABULARY::get)
                    .toList();
            assertEquals(expected, StringTensors.decode(lookup.bytes("words")));
            assertArrayEquals(new int[] {ids.length}, lookup.shape("words"));
        }
    }

    @Test
    void echoReturnsTheSameStringsAndTheFirst() {
        List<String> text = List.of("Grüße", "", "tflite-ffm", "∑ unicode ✓");
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.strings())) {
            RawInterpreter.Runner echo =
                    tflite.runner("echo").resize("text", text.size()).allocate();
            assertEquals(TfLite.kTfLiteString(), echo.inputType("text"));
            echo.setStrings("text", StringTensors.encode(text)).invoke();
            assertEquals(text, StringTensors.decode(echo.bytes("echoed")));
            assertEquals(List.of(text.getFirst()), StringTensors.decode(echo.bytes("first")));
        }
    }
}
