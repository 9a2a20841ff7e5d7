package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import org.junit.jupiter.api.Test;

/** Runs {@link StressCases} in a child JVM and prints its figures. */
class StressTest {

    @Test
    void eightInterpretersUnderRandomCancelsNeverCrash() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(StressCases.class);
        r.stdout().lines().filter(l -> l.startsWith("STRESS")).forEach(System.out::println);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }
}
