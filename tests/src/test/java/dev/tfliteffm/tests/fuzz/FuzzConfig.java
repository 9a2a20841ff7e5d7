package dev.tfliteffm.tests.fuzz;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the fuzzer.
 *
 * @param workDir     where case files, batch lists and crash logs go while it runs
 * @param crashDir    where reproducers of crashes are saved
 * @param validate    whether the children run with the model validator on
 * @param parallel    how many child JVMs run at once
 * @param batchSize   cases per child JVM
 * @param caseTimeout how long one case may run before its child is killed (a hang)
 * @param classPath   the children's class path
 */
record FuzzConfig(
        Path workDir,
        Path crashDir,
        boolean validate,
        int parallel,
        int batchSize,
        Duration caseTimeout,
        String classPath) {}
