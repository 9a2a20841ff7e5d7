package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.SharedModels;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Run in a child JVM by {@link MisuseTest}, whose stderr it checks: TFLite's error reports become exception
 * text, and the XNNPACK info line is not printed.
 */
class ErrorRoutingCases {

    @Test
    void errorsBecomeExceptionText() {
        try (Model m = Model.fromFile(SharedModels.model("audio_preprocessor_custom_ops.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            TfLiteException e = assertThrows(
                    TfLiteException.class, () -> ip.runner("serving_default").allocateTensors());
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status());
            assertTrue(e.getMessage().contains("Encountered unresolved custom op: SignalWindow"), e.getMessage());
        }
        // XNNPACK is on by default; its "Created ... delegate" info line must not be printed.
        try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            ip.runner("serving_default").allocateTensors();
        }
    }

    /**
     * One upcall stub serves every model's and interpreter's reporter (its user data names the reporter): each
     * failure's messages go to its own exception only, also when reporters are closed and their handles reused.
     */
    @Test
    void eachInterpreterGetsItsOwnMessages() {
        String failing = "audio_preprocessor_custom_ops.tflite";
        try (Model bad = Model.fromFile(SharedModels.model(failing));
                Model good = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ok = Interpreter.create(good)) {
            java.util.List<String> alone;
            try (Interpreter a = Interpreter.create(bad)) {
                alone = assertThrows(
                                TfLiteException.class,
                                () -> a.runner("serving_default").allocateTensors())
                        .nativeMessages();
            }
            assertTrue(alone.stream().anyMatch(m -> m.contains("unresolved custom op")), alone.toString());
            for (int round = 0; round < 3; round++) { // closed reporters' handles are reused by the next ones
                try (Interpreter a = Interpreter.create(bad);
                        Interpreter b = Interpreter.create(bad)) {
                    TfLiteException eb = assertThrows(
                            TfLiteException.class,
                            () -> b.runner("serving_default").allocateTensors());
                    ok.runner("serving_default").run(java.util.Map.of("dense_input", new float[] {1f}));
                    TfLiteException ea = assertThrows(
                            TfLiteException.class,
                            () -> a.runner("serving_default").allocateTensors());
                    assertEquals(alone, eb.nativeMessages(), "b's messages, exactly");
                    assertEquals(alone, ea.nativeMessages(), "a's messages, exactly (none of b's)");
                }
            }
        }
    }

    @Test
    void loggerGetsNothingForSuccessfulCalls() {
        Logger logger = Logger.getLogger("dev.tfliteffm.tflite");
        java.util.List<LogRecord> records = new java.util.ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(h);
        try (Model m = Model.fromFile(SharedModels.model("hello_world_float.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            ip.runner("serving_default").run(java.util.Map.of("dense_input", new float[] {1f}));
        } finally {
            logger.removeHandler(h);
        }
        assertTrue(records.isEmpty(), records.toString());
    }
}
