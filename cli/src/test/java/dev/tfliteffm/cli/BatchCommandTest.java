package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch}: the three input forms give what {@code run} gives item by item; failures; progress lines. */
class BatchCommandTest {

    private static final int ITEMS = 50;

    @TempDir
    static Path shared;

    private static List<float[]> rows;
    private static List<float[]> expected;

    /** The 50 items, and {@code run}'s output for each, one by one. */
    @BeforeAll
    static void runOneByOne() throws IOException {
        rows = BatchFixtures.rows(ITEMS, 7);
        BatchFixtures.dirForm(shared.resolve("items"), rows);
        expected = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            Path out = shared.resolve("run").resolve(BatchFixtures.itemName(i));
            Path input =
                    shared.resolve("items").resolve(BatchFixtures.itemName(i)).resolve("dense_input.npy");
            CliRun r = CliRun.of(
                    "run", BatchFixtures.MNIST, "--input", "dense_input=" + input, "--output-dir", out.toString());
            assertEquals(0, r.status(), r.err());
            expected.add(BatchFixtures.floats(Npy.read(out.resolve("activation_2.npy"))));
        }
    }

    @Test
    void directoryFormWritesOneDirectoryPerItemEqualToRun(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of(
                "batch",
                BatchFixtures.MNIST,
                "--inputs",
                shared.resolve("items").toString(),
                "--outputs",
                out.toString(),
                "--workers",
                "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("batch: 50 items, 0 failed, 0 skipped, "), r.out());
        for (int i = 0; i < ITEMS; i++) {
            NpyArray a = Npy.read(out.resolve(BatchFixtures.itemName(i)).resolve("activation_2.npy"));
            assertArrayEquals(new long[] {1, 10}, a.shape());
            assertArrayEquals(expected.get(i), BatchFixtures.floats(a), "item " + i);
        }
        assertFalse(Files.exists(out.resolve(".tmp")), "no temporary files are left");
        assertEquals("", Files.readString(out.resolve("failures.jsonl")));
        CliRun again = CliRun.of(
                "batch",
                BatchFixtures.MNIST,
                "--inputs",
                shared.resolve("items").toString(),
                "--outputs",
                out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().startsWith("batch: 50 items, 0 failed, 50 skipped, "), again.out());
    }

    @Test
    void jsonlFormWritesOneLinePerItemEqualToRun(@TempDir Path tmp) throws IOException {
        Path input = BatchFixtures.jsonlForm(tmp.resolve("in.jsonl"), rows);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "batch",
                BatchFixtures.MNIST,
                "--inputs",
                input.toString(),
                "--outputs",
                out.toString(),
                "--workers",
                "2",
                "--batch",
                "8");
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("outputs.jsonl"));
        assertEquals(ITEMS, lines.size());
        for (int i = 0; i < ITEMS; i++) {
            JsonNode line = Json.parse(lines.get(i));
            assertEquals(i, line.get("index").asInt(), "input order");
            assertArrayEquals(expected.get(i), jsonFloats(line.get("outputs").get("activation_2")), "item " + i);
        }
    }

    @Test
    void jsonlResumeDropsAPartialLastLineAndSkipsWrittenIndices(@TempDir Path tmp) throws IOException {
        Path input = BatchFixtures.jsonlForm(tmp.resolve("in.jsonl"), rows);
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                CliRun.of("batch", BatchFixtures.MNIST, "--inputs", input.toString(), "--outputs", "" + out)
                        .status());
        Path file = out.resolve("outputs.jsonl");
        List<String> lines = Files.readAllLines(file);
        // As a killed run leaves it: the first 20 lines, then half of the 21st.
        String partial = lines.get(20).substring(0, lines.get(20).length() / 2);
        Files.writeString(file, String.join("\n", lines.subList(0, 20)) + "\n" + partial);
        CliRun r = CliRun.of("batch", BatchFixtures.MNIST, "--inputs", input.toString(), "--outputs", "" + out);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("batch: 50 items, 0 failed, 20 skipped, "), r.out());
        assertEquals(lines, Files.readAllLines(file), "the same lines as the uninterrupted run");
    }

    @Test
    void npzFormWritesItemsAndOutputsNpzEqualToRun(@TempDir Path tmp) throws IOException {
        Path input = BatchFixtures.npzForm(tmp.resolve("in.npz"), rows);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "batch",
                BatchFixtures.MNIST,
                "--inputs",
                input.toString(),
                "--outputs",
                out.toString(),
                "--batch",
                "8",
                "--workers",
                "2");
        assertEquals(0, r.status(), r.err());
        NpyArray all = Npz.read(out.resolve("outputs.npz")).get("activation_2");
        assertArrayEquals(new long[] {ITEMS, 10}, all.shape(), "items [1,784] give [N,10], as numpy would stack");
        float[] values = BatchFixtures.floats(all);
        for (int i = 0; i < ITEMS; i++) {
            float[] item = java.util.Arrays.copyOfRange(values, i * 10, i * 10 + 10);
            assertArrayEquals(expected.get(i), item, "item " + i);
            assertArrayEquals(
                    expected.get(i),
                    BatchFixtures.floats(
                            Npy.read(out.resolve("items").resolve("" + i).resolve("activation_2.npy"))));
        }
    }

    @Test
    void aFailingItemIsRecordedAndTheOthersWritten(@TempDir Path tmp) throws IOException {
        Path in = BatchFixtures.dirForm(tmp.resolve("in"), rows.subList(0, 5));
        Path bad = Files.createDirectories(in.resolve("item0002b"));
        Npy.write(bad.resolve("dense_input.npy"), new NpyArray("<f4", new long[] {1, 785}, new byte[785 * 4]));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of(
                "batch", BatchFixtures.MNIST, "--inputs", in.toString(), "--outputs", out.toString(), "--workers", "2");
        assertEquals(1, r.status(), "exit 1 when an item failed: " + r.out() + r.err());
        assertTrue(r.out().startsWith("batch: 6 items, 1 failed, 0 skipped, "), r.out());
        List<String> failures = Files.readAllLines(out.resolve("failures.jsonl"));
        assertEquals(1, failures.size(), failures.toString());
        JsonNode failure = Json.parse(failures.getFirst());
        assertEquals(3, failure.get("index").asInt(), "sorted: item0000, item0001, item0002, item0002b");
        assertEquals("item0002b", failure.get("item").asText());
        assertTrue(failure.get("error").asText().contains("785"), failure.toString());
        assertFalse(Files.exists(out.resolve("item0002b")));
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(
                    expected.get(i),
                    BatchFixtures.floats(
                            Npy.read(out.resolve(BatchFixtures.itemName(i)).resolve("activation_2.npy"))));
        }
    }

    @Test
    void offATerminalProgressIsPeriodicLines(@TempDir Path tmp) throws IOException {
        Path input = BatchFixtures.npzForm(tmp.resolve("in.npz"), BatchFixtures.rows(2000, 3));
        CliRun r = CliRun.of(
                "batch",
                BatchFixtures.MNIST,
                "--inputs",
                input.toString(),
                "--outputs",
                tmp.resolve("out").toString(),
                "--workers",
                "1",
                "--progress-interval",
                "0.01");
        assertEquals(0, r.status(), r.err());
        Pattern line = Pattern.compile("batch: \\d+/2000 items, 0 failed, [0-9.]+ items/s");
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.size() >= 2, "several progress lines: " + r.err());
        assertTrue(lines.stream().allMatch(l -> line.matcher(l).matches()), r.err());
        assertFalse(r.err().contains("\r"), "no progress bar redrawing off a terminal");
    }

    private static float[] jsonFloats(JsonNode nested) {
        JsonNode row = nested.get(0);
        float[] out = new float[row.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) row.get(i).asDouble();
        }
        return out;
    }
}
