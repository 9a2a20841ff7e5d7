package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The safety net for interpreters and models never closed (issue 12, item 9): the garbage collector frees them
 * with one warning per creation site, and owner arenas stay reachable. Run in a child JVM by {@link LeakTest},
 * which measures its memory. Set {@code tflite.ffm.leak.trace=true} and the warnings carry the whole stack.
 */
class LeakCases {

    static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();
    private static final Logger LOG = Logger.getLogger("dev.tfliteffm");
    private static final Handler HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            RECORDS.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void listen() {
        LOG.setLevel(Level.ALL); // later leaks of a site are logged at DEBUG (FINE)
        LOG.addHandler(HANDLER);
    }

    @AfterAll
    static void stopListening() {
        LOG.removeHandler(HANDLER);
    }

    static List<LogRecord> leakRecords(String about) {
        return RECORDS.stream()
                .filter(r -> r.getMessage().contains("was never closed")
                        && r.getMessage().contains(about))
                .toList();
    }

    /** Runs the collector until {@code count} leaks about {@code about} were reported (at most a minute). */
    static List<LogRecord> awaitLeaks(String about, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (leakRecords(about).size() < count && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        List<LogRecord> records = leakRecords(about);
        assertEquals(count, records.size(), "leaks reported about " + about);
        return records;
    }

    /** Resident memory of this process in KiB, from /proc/self/status. */
    static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    /** Creates {@code n} interpreters (2.7 MB each once allocated) and drops them without closing them. */
    private static void leak(Model m, int n) {
        for (int i = 0; i < n; i++) {
            Interpreter ip = Interpreter.create(m);
            ip.runner("serving_default").allocateTensors();
        }
    }

    @Test
    void interpretersNeverClosedAreFreedWithOneWarningPerCreationSite() throws Exception {
        Path mnist = SharedModels.model("mnist_dense_float.tflite");
        String about = mnist.getFileName().toString();
        try (Model m = Model.fromFile(mnist)) {
            leak(m, 20);
            awaitLeaks(about, 20);
            long before = rssKiB();
            int rounds = 4;
            for (int round = 1; round <= rounds; round++) {
                leak(m, 50);
                awaitLeaks(about, 20 + 50 * round);
                System.out.println("LEAK round " + round + ": RSS " + rssKiB() / 1024 + " MiB");
            }
            long growth = rssKiB() - before;
            System.out.println("LEAK 200 unclosed interpreters: RSS grew " + growth / 1024 + " MiB (leaking, they"
                    + " would hold about 540 MiB)");
            assertTrue(growth < 150 * 1024, "RSS grew " + growth / 1024 + " MiB over 200 freed interpreters");
        }
        List<LogRecord> warnings = leakRecords(about).stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .toList();
        assertEquals(1, warnings.size(), "one warning for one creation site: " + warnings);
        String message = warnings.getFirst().getMessage();
        assertTrue(
                message.contains("created by dev.tfliteffm.tests.runtime.LeakCases.leak(LeakCases.java:"),
                "names the creation site: " + message);
        Throwable site = warnings.getFirst().getThrown();
        if (Boolean.getBoolean("tflite.ffm.leak.trace")) {
            assertTrue(
                    site != null
                            && java.util.Arrays.stream(site.getStackTrace())
                                    .anyMatch(e -> e.getMethodName().startsWith("interpretersNeverClosed")),
                    "the whole stack of the creation: " + site);
        } else {
            assertTrue(site == null && message.contains("tflite.ffm.leak.trace=true"), message);
        }
    }

    @Test
    void modelsNeverClosedAreFreedToo() throws Exception {
        Path xor = SharedModels.model("xor_float.tflite");
        for (int i = 0; i < 10; i++) {
            Model m = Model.fromFile(xor);
            try (Interpreter ip = Interpreter.create(m)) {
                ip.defaultRunner().allocateTensors();
            }
        }
        List<LogRecord> records = awaitLeaks("a model (model file " + xor, 10);
        assertEquals(
                1, records.stream().filter(r -> r.getLevel() == Level.WARNING).count(), records.toString());
    }

    /** An Arena.ofAuto() owner closed a live interpreter at GC: the interpreter did not keep it reachable. */
    @Test
    void anAutoOwnerArenaStaysReachableWhileItsObjectsAreInUse() throws Exception {
        Path sine = SharedModels.model("hello_world_float.tflite");
        Model m = Model.fromFile(sine, Arena.ofAuto());
        Interpreter ip = Interpreter.create(m, InterpreterOptions.defaults(), Arena.ofAuto());
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertFalse(ip.isClosed(), "closed by its collected owner while in use");
        assertFalse(m.isClosed(), "closed by its collected owner while in use");
        float y = ip.runner("serving_default")
                .run(Map.of("dense_input", new float[] {1.5708f}))
                .get("dense_2")
                .floats()[0];
        assertEquals(0.9957f, y, 1e-4f);
        // Once unreachable, the owners close them: no leak warning for objects that have an owner.
        ip = null;
        m = null;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(leakRecords(sine.getFileName().toString()).isEmpty(), RECORDS.toString());
    }
}
