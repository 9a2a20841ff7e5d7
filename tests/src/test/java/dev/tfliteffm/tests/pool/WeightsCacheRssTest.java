package dev.tfliteffm.tests.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared XNNPACK weights cache keeps one copy of the packed weights for a whole pool: resident memory of
 * 1 and 8 interpreters over the model writer's MobileNet (224×224, width 1.0, 13 blocks; 16 MB of float
 * weights), with and without the cache, each measured in a fresh JVM ({@link RssProbe}).
 */
class WeightsCacheRssTest {

    /** A fixed, pre-touched heap: its pages are resident from the start, so RSS moves with native memory only. */
    private static final Map<String, String> FIXED_HEAP =
            Map.of("JAVA_TOOL_OPTIONS", "-Xms384m -Xmx384m -XX:+AlwaysPreTouch -XX:+UseSerialGC");

    private static long deltaKb(int n, boolean share) throws Exception {
        Process p = ChildJvm.start(
                RssProbe.class,
                Map.of(),
                FIXED_HEAP,
                ChildJvm.classPath(),
                String.valueOf(n),
                String.valueOf(share),
                "224",
                "1.0",
                "13");
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(3)).assertSuccess();
        String line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("RSS-DELTA-KB "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RSS line: " + r.stdout()));
        return Long.parseLong(line.split(" ")[1]);
    }

    @Test
    void eightInterpretersShareOneCopyOfThePackedWeights() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(Path.of("/proc/self/status")), "resident memory is read from /proc (Linux)");
        long oneOwn = deltaKb(1, false);
        long oneShared = deltaKb(1, true);
        long eightOwn = deltaKb(8, false);
        long eightShared = deltaKb(8, true);
        String table = String.format(
                "RSS growth, MobileNet float 224/1.0/13 (16 MB weights), XNNPACK on:%n"
                        + "  1 interpreter : own weights %d MB, shared cache %d MB%n"
                        + "  8 interpreters: own weights %d MB, shared cache %d MB",
                oneOwn / 1024, oneShared / 1024, eightOwn / 1024, eightShared / 1024);
        System.out.println(table);
        // Without the cache each interpreter packs its own copy of the weights (about the model's 16 MB);
        // with it, the seven interpreters after the first find theirs in the cache.
        assertTrue(eightShared < eightOwn * 0.75, table);
        assertTrue(
                eightOwn - eightShared > 7 * 8 * 1024,
                "the cache saved less than 8 MB per extra interpreter\n" + table);
    }
}
