package dev.tfliteffm.tests.javaops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import org.junit.jupiter.api.Test;

/** Runs the Java operator cases in child JVMs: a bad upcall must fail a test, never end the test run. */
class JavaOperatorTest {

    @Test
    void javaOperators() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(JavaOperatorCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }

    @Test
    void flexStringOps() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(FlexStringOpsCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }

    @Test
    void flexCodecModel() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(FlexCodecCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }

    @Test
    void asStringMatchesCPrintf() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(AsStringPrintfCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }
}
