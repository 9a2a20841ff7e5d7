package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import org.junit.jupiter.api.Test;

/** Runs {@link RegressionCases} in a child JVM: the crashes of issue 12 must be exceptions now. */
class RegressionTest {

    @Test
    void issue12RegressionsGiveExceptionsNeverACrash() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(RegressionCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }
}
