package dev.tfliteffm.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated bindings alone load, allocate and invoke a real model with its known answers. */
class RawBindingsTest {

    @Test
    void sineModelGivesItsKnownAnswers() {
        // ../shared/models/README.md: x=0 → 0.0264, 1.5708 → 0.9957, 3.1416 → -0.0050, 4.7124 → -1.0057, 6.0 → -0.2802
        // (±1e-5)
        float[] xs = {0f, 1.5708f, 3.1416f, 4.7124f, 6.0f};
        float[] expected = {0.0264f, 0.9957f, -0.0050f, -1.0057f, -0.2802f};
        float[] ys = RawSine.invoke(SharedModels.model("hello_world_float.tflite"), xs);
        assertArrayEquals(expected, ys, 1e-4f);
    }

    @Test
    void signatureAndTensorMetadataThroughTheBindings() {
        Path model = SharedModels.model("hello_world_float.tflite");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = TfLite.TfLiteModelCreateFromFile(arena.allocateFrom(model.toString()));
            assertFalse(m.equals(MemorySegment.NULL));
            MemorySegment interpreter = TfLite.TfLiteInterpreterCreate(m, MemorySegment.NULL);
            try {
                assertEquals(1, TfLite.TfLiteInterpreterGetSignatureCount(interpreter));
                assertEquals(
                        "serving_default",
                        TfLite.TfLiteInterpreterGetSignatureKey(interpreter, 0).getString(0));
                MemorySegment runner =
                        TfLite.TfLiteInterpreterGetSignatureRunner(interpreter, arena.allocateFrom("serving_default"));
                try {
                    assertEquals(1, TfLite.TfLiteSignatureRunnerGetInputCount(runner));
                    assertEquals(
                            "dense_input",
                            TfLite.TfLiteSignatureRunnerGetInputName(runner, 0).getString(0));
                    assertEquals(
                            "dense_2",
                            TfLite.TfLiteSignatureRunnerGetOutputName(runner, 0).getString(0));
                    assertEquals(TfLite.kTfLiteOk(), TfLite.TfLiteSignatureRunnerAllocateTensors(runner));
                    MemorySegment input =
                            TfLite.TfLiteSignatureRunnerGetInputTensor(runner, arena.allocateFrom("dense_input"));
                    assertEquals(TfLite.kTfLiteFloat32(), TfLite.TfLiteTensorType(input));
                    assertEquals(2, TfLite.TfLiteTensorNumDims(input));
                    assertEquals(4, TfLite.TfLiteTensorByteSize(input));
                    // A 2.21 function that the 2.16 headers lack, declared in the project's header.
                    MemorySegment dimsSignature = TfLite.TfLiteTensorGetDimsSignature(input);
                    assertFalse(dimsSignature.equals(MemorySegment.NULL));
                } finally {
                    TfLite.TfLiteSignatureRunnerDelete(runner);
                }
            } finally {
                TfLite.TfLiteInterpreterDelete(interpreter);
                TfLite.TfLiteModelDelete(m);
            }
        }
    }
}
