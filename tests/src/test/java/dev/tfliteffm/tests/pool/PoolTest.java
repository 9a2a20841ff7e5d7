package dev.tfliteffm.tests.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Runs the pool and batch cases, each class in a child JVM: they cancel and close interpreters from other
 * threads, so a crash must fail a test, not end the run.
 */
class PoolTest {

    private static void runInChild(Class<?> cases) throws Exception {
        ChildJvm.Result r = ChildJUnit.run(cases);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
        System.out.println(r.stdout()
                .lines()
                .filter(l -> l.startsWith("CHILD-JUNIT") || l.startsWith("  ") || l.startsWith("Packed"))
                .reduce("", (a, b) -> a + b + "\n"));
    }

    @Test
    void pool() throws Exception {
        runInChild(PoolCases.class);
    }

    @Test
    void batchJobs() throws Exception {
        runInChild(BatchCases.class);
    }

    @Test
    void packing() throws Exception {
        runInChild(PackingCases.class);
    }

    @Test
    void conformance() throws Exception {
        runInChild(PoolConformanceCases.class);
    }
}
