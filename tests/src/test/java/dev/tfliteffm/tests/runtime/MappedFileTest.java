package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.tests.ChildJUnit;
import dev.tfliteffm.tests.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model files that change under a model (issue 12, item 4), each in a child JVM. */
class MappedFileTest {

    @Test
    void theCopyingLoadSurvivesAndTheMappedLoadRefusesChangedFiles() throws Exception {
        ChildJvm.Result r = ChildJUnit.run(MappedFileCases.class);
        assertTrue(r.stdout().contains("failed=0"), r.stdout());
    }

    /** What Model's documentation says: a mapped file truncated under a running interpreter is a SIGBUS. */
    @Test
    void truncatingTheFileOfAMappedModelUnderARunningInterpreterIsASigbus() throws Exception {
        Path errors = Files.createTempDirectory("hs_err");
        List<String> arguments = new ArrayList<>(List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-XX:ErrorFile=" + errors.resolve("hs_err_%p.log"),
                "-XX:-CreateCoredumpOnCrash"));
        if (System.getProperty("tflite.ffm.cache.dir") != null) {
            arguments.add("-Dtflite.ffm.cache.dir=" + System.getProperty("tflite.ffm.cache.dir"));
        }
        arguments.addAll(List.of(
                "-cp",
                String.join(java.io.File.pathSeparator, ChildJvm.classPath()),
                TruncatedMappedModel.class.getName()));
        ChildJvm.Result r = ChildJvm.result(ChildJvm.startJava(arguments, Map.of()), Duration.ofMinutes(2));
        String output = r.stdout() + r.stderr();
        assertTrue(output.contains("before: 0.99"), output);
        assertFalse(
                output.contains("SURVIVED"), "the mapped load survived a truncation: update Model's docs\n" + output);
        assertNotEquals(0, r.exitCode(), output);
        assertTrue(output.contains("SIGBUS"), "expected a SIGBUS report:\n" + output);
    }
}
