package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.OpProfiler;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.tests.SharedModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-operator timings from TFLite's telemetry profiler. */
class OpProfilerTest {

    @Test
    void everyNodeOfTheGraphIsTimedOncePerInvoke() {
        OpProfiler profiler = OpProfiler.create();
        InterpreterOptions options =
                InterpreterOptions.builder().xnnpack(false).profiler(profiler).build();
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Interpreter ip = Interpreter.create(m, options)) {
            SignatureRunner r = ip.runner("serving_default");
            float[] y0 = r.run(Map.of("dense_input", new float[784]))
                    .get("activation_2")
                    .floats();
            profiler.reset();
            for (int i = 0; i < 5; i++) {
                r.invoke();
            }
            List<OpProfiler.OpStats> stats = profiler.stats();
            assertFalse(stats.isEmpty(), "TFLite reported op events");
            assertTrue(stats.stream().anyMatch(s -> s.op().equals("FULLY_CONNECTED")), stats.toString());
            for (OpProfiler.OpStats s : stats) {
                assertEquals(5, s.count(), "each node runs once per invoke: " + s);
                assertTrue(s.totalNanos() > 0, "time was measured: " + s);
            }
            // Profiling does not change results.
            try (Interpreter plain = Interpreter.create(
                    m, InterpreterOptions.builder().xnnpack(false).build())) {
                float[] y1 = plain.runner("serving_default")
                        .run(Map.of("dense_input", new float[784]))
                        .get("activation_2")
                        .floats();
                assertEquals(java.util.Arrays.toString(y0), java.util.Arrays.toString(y1));
            }
        }
    }

    @Test
    void xnnpackNodesAreReportedToo() {
        OpProfiler profiler = OpProfiler.create();
        try (Model m = Model.fromFile(SharedModels.model("mnist_dense_float.tflite"));
                Interpreter ip = Interpreter.create(
                        m, InterpreterOptions.builder().profiler(profiler).build())) {
            ip.runner("serving_default").run(Map.of("dense_input", new float[784]));
            assertFalse(profiler.stats().isEmpty(), "the delegate's node is timed");
        }
    }
}
