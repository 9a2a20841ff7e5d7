package dev.tfliteffm.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJvm;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fuzz test of CI: seeded byte-level mutations and every structural mutation the model validator guards
 * against, of the shared and the sample models, each loaded, allocated and invoked with zeros in a child JVM (with
 * and without XNNPACK, alternately). No case may kill its JVM; a crash fails the test and leaves its reproducer (the
 * model and a text file saying what was mutated and how the child died) in {@code target/fuzz-crashes/}.
 *
 * <p>Kernel-specific mutations (another tensor of another shape, a type, an operator) are left to
 * {@code fuzz/run.sh}: a model can be well-formed and still crash a kernel, which only the pre-flight catches
 * ({@code ModelCheckTest}). About 30 s on an idle 2-core machine, a minute under load.
 */
class FuzzTest {

    private static final long SEED = 12;
    private static final int CASES = 3000;

    @Test
    void noMutationTheValidatorGuardsAgainstKillsTheJvm() throws Exception {
        Set<Mutant.Kind> guarded = EnumSet.noneOf(Mutant.Kind.class);
        for (Mutant.Kind k : Mutant.Kind.values()) {
            if (!k.kernelSpecific()) {
                guarded.add(k);
            }
        }
        FuzzConfig config = new FuzzConfig(
                Path.of("target", "fuzz-work"),
                Path.of("target", "fuzz-crashes"),
                true,
                2,
                250,
                Duration.ofSeconds(60),
                String.join(File.pathSeparator, ChildJvm.classPath()));
        FuzzReport report =
                new FuzzRunner(config, new FuzzCases(SEED, FuzzCorpus.seeds(), guarded), System.out).run(0, CASES);
        report.print(System.out);
        ChildBatch.deleteTree(config.workDir());
        assertTrue(
                report.crashes().isEmpty(),
                report.crashes().size() + " cases killed the JVM:\n"
                        + report.crashes().stream()
                                .map(c -> c.mutant().describe() + "; " + c.how() + "; reproducer " + c.reproducer())
                                .collect(Collectors.joining("\n")));
        assertTrue(report.hangs().isEmpty(), "hangs: " + report.hangs());
        // The mutations reach both sides: models the validator refuses, and models that still run.
        assertTrue(
                report.total(FuzzReport.Result.REFUSED) > CASES / 3,
                "refused: " + report.total(FuzzReport.Result.REFUSED));
        assertTrue(report.total(FuzzReport.Result.OK) > 0, "none ran");
    }
}
