package dev.tfliteffm.tests.runtime;

import dev.tfliteffm.tests.ChildJUnit;
import org.junit.jupiter.api.Test;

/** Runs {@link DelegateCases} in a child JVM: a native plugin must not be able to take the test run down. */
class DelegateTest {

    @Test
    void externalDelegatePlugins() throws Exception {
        ChildJUnit.run(DelegateCases.class);
    }
}
