package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench}: benchmark_model's figures, as text and as one JSON object. */
class BenchCommandTest {

    private static final String MNIST = SharedModels.model("mnist_dense_float.tflite");

    @Test
    void jsonHasEveryFigure() {
        CliRun r = CliRun.of(
                "bench",
                MNIST,
                "--threads",
                "2",
                "--interpreters",
                "2",
                "--iterations",
                "200",
                "--warmup",
                "2",
                "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode report = Json.parse(r.out());
        for (String field : List.of(
                "model",
                "signature",
                "interpreters",
                "threads",
                "xnnpack",
                "batch",
                "initMs",
                "modelLoadMs",
                "firstInvokeMs",
                "warmup",
                "invokes",
                "items",
                "seconds",
                "latencyUs",
                "invokesPerSecond",
                "itemsPerSecond")) {
            assertTrue(report.has(field), "bench --json has " + field + ": " + r.out());
        }
        assertEquals(200, report.get("invokes").asInt(), "exactly the iterations asked for, across interpreters");
        assertEquals(2, report.get("interpreters").asInt());
        JsonNode latency = report.get("latencyUs");
        for (String p : List.of("mean", "min", "p50", "p90", "p99", "max")) {
            assertTrue(latency.get(p).asDouble() > 0, p + " is measured: " + latency);
        }
        assertTrue(
                latency.get("min").asDouble() <= latency.get("p50").asDouble()
                        && latency.get("p50").asDouble() <= latency.get("p99").asDouble()
                        && latency.get("p99").asDouble() <= latency.get("max").asDouble(),
                "percentiles are ordered: " + latency);
        assertTrue(report.get("itemsPerSecond").asDouble() > 0, "throughput is measured");
    }

    @Test
    void batchPacksItemsIntoOneInvokeAndProfileTimesEachOperator() {
        CliRun r = CliRun.of(
                "bench",
                MNIST,
                "--batch",
                "8",
                "--iterations",
                "20",
                "--warmup",
                "1",
                "--profile",
                "--json",
                "--xnnpack",
                "off");
        assertEquals(0, r.status(), r.err());
        JsonNode report = Json.parse(r.out());
        assertEquals(160, report.get("items").asInt(), "8 items per invoke");
        JsonNode profile = report.get("profile");
        assertTrue(profile.isArray() && !profile.isEmpty(), "a profile row per operator: " + r.out());
        for (JsonNode row : profile) {
            assertEquals(20, row.get("count").asInt(), "each node runs once per measured invoke: " + row);
        }
        assertTrue(r.out().contains("FULLY_CONNECTED"), r.out());
    }

    @Test
    void textReportAndErrors() {
        CliRun text = CliRun.of("bench", SharedModels.model("hello_world_float.tflite"), "--iterations", "50");
        assertEquals(0, text.status(), text.err());
        assertTrue(text.out().contains("latency (µs): mean") && text.out().contains("throughput:"), text.out());
        CliRun noBatchDimension = CliRun.of("bench", SharedModels.model("xor_float.tflite"), "--batch", "4");
        assertEquals(1, noBatchDimension.status(), noBatchDimension.err());
        assertTrue(noBatchDimension.err().contains("first dimension is -1"), noBatchDimension.err());
        CliRun usage = CliRun.of("bench", MNIST, "--iterations", "5", "--duration", "1");
        assertEquals(2, usage.status(), "--iterations and --duration exclude each other: " + usage.err());
        assertEquals(2, CliRun.of("bench", MNIST, "--interpreters", "0").status());
    }
}
