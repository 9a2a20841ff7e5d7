package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import org.junit.jupiter.api.Test;
import org.tensorflow.lite.InterpreterApi.Options.TfLiteRuntime;

/** {@link TensorFlowLite} (the official {@code TensorFlowLiteTest}). */
class TensorFlowLiteTest {

    @Test
    @SuppressWarnings("deprecation")
    void version() {
        assertEquals("3", TensorFlowLite.version());
    }

    @Test
    void schemaVersion() {
        assertEquals("3", TensorFlowLite.schemaVersion());
        assertEquals("3", TensorFlowLite.schemaVersion(TfLiteRuntime.FROM_APPLICATION_ONLY));
        assertEquals("3", TensorFlowLite.schemaVersion(TfLiteRuntime.PREFER_SYSTEM_OVER_APPLICATION));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> TensorFlowLite.schemaVersion(TfLiteRuntime.FROM_SYSTEM_ONLY));
        assertContains(e, "org.tensorflow.lite.TensorFlowLite#schemaVersion");
    }

    @Test
    void runtimeVersion() {
        assertEquals(dev.tfliteffm.TensorFlowLite.version(), TensorFlowLite.runtimeVersion());
        assertTrue(TensorFlowLite.runtimeVersion().matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals(
                TensorFlowLite.runtimeVersion(),
                TensorFlowLite.runtimeVersion(TfLiteRuntime.PREFER_SYSTEM_OVER_APPLICATION));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> TensorFlowLite.runtimeVersion(TfLiteRuntime.FROM_SYSTEM_ONLY));
        assertContains(e, "org.tensorflow.lite.TensorFlowLite#runtimeVersion");
    }

    @Test
    void init() {
        TensorFlowLite.init();
        TensorFlowLite.init();
    }
}
