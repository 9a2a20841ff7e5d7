package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} killed mid-run (in a child JVM, {@code destroyForcibly}) leaves only complete outputs, and a rerun
 * finishes the job with the same results as a run that was never interrupted.
 */
class BatchResumeTest {

    private static final int ITEMS = 3000;

    @Test
    void aKilledRunLeavesCompleteOutputsAndARerunFinishesIt(@TempDir Path tmp) throws Exception {
        Path input = BatchFixtures.npzForm(tmp.resolve("in.npz"), BatchFixtures.rows(ITEMS, 11));
        Path out = tmp.resolve("out");
        Process child = childBatch(input, out, tmp.resolve("child.log"));
        Path items = out.resolve("items");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (count(items) < 200 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        child.destroyForcibly();
        child.waitFor();
        int written = count(items);
        assertTrue(
                written >= 200,
                "the child wrote items before it was killed: " + Files.readString(tmp.resolve("child.log")));
        for (Path item : list(items)) {
            NpyArray a = Npy.read(item.resolve("activation_2.npy"));
            assertArrayEquals(new long[] {1, 10}, a.shape(), "complete: " + item);
            assertEquals(1, list(item).size(), "nothing but the output in " + item);
        }
        boolean finished = written == ITEMS;
        if (!finished) {
            assertFalse(Files.exists(out.resolve("outputs.npz")), "no outputs.npz before every item is done");
        }

        CliRun rerun = CliRun.of("batch", BatchFixtures.MNIST, "--inputs", "" + input, "--outputs", "" + out);
        assertEquals(0, rerun.status(), rerun.err());
        Matcher m =
                Pattern.compile("batch: 3000 items, 0 failed, (\\d+) skipped").matcher(rerun.out());
        assertTrue(m.find(), rerun.out());
        assertTrue(Integer.parseInt(m.group(1)) >= written, "the rerun skips what the killed run wrote");
        assertFalse(Files.exists(out.resolve(".tmp")), "no temporary files are left");

        Path fresh = tmp.resolve("fresh");
        CliRun uninterrupted = CliRun.of(
                "batch", BatchFixtures.MNIST, "--inputs", "" + input, "--outputs", "" + fresh, "--workers", "2");
        assertEquals(0, uninterrupted.status(), uninterrupted.err());
        assertEquals(
                Npz.read(fresh.resolve("outputs.npz")),
                Npz.read(out.resolve("outputs.npz")),
                "the resumed run's outputs are the uninterrupted run's");
    }

    /** {@code batch} in a child JVM on this test's class path, one worker so that it runs long enough. */
    private static Process childBatch(Path input, Path out, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        String cache = System.getProperty("tflite.ffm.cache.dir");
        if (cache != null) {
            command.add("-Dtflite.ffm.cache.dir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(
                List.of("batch", BatchFixtures.MNIST, "--inputs", "" + input, "--outputs", "" + out, "--workers", "1"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static int count(Path dir) throws IOException {
        return Files.isDirectory(dir) ? list(dir).size() : 0;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
