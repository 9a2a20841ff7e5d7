package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import org.junit.jupiter.api.Test;

/** Runs {@link MisuseCases} in a child JVM: misuse must give exceptions; a JVM crash fails here. */
class MisuseTest {

    @Test
    void misuseGivesExceptionsNeverACrash() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(MisuseCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }

    @Test
    void tfliteMessagesNeverReachStderrRaw() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(ErrorRoutingCases.class);
        assertTrue(!r.stderr().contains("Encountered unresolved custom op"), "printed raw: " + r.stderr());
        assertTrue(
                !r.stderr().contains("INFO: Created TensorFlow Lite XNNPACK delegate"), "printed raw: " + r.stderr());
    }
}
