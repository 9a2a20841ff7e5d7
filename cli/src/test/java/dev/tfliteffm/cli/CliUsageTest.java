package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's usage: {@code --help} on every command, typo suggestions, usage errors with exit status 2,
 * and the shell completion script. None of these loads a model.
 */
class CliUsageTest {

    @ParameterizedTest(name = "[{index}] {0} --help")
    @ValueSource(strings = {"", "inspect", "run", "bench", "batch", "check", "demo", "version"})
    void everyCommandHasHelp(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command));
        args.add("--help");
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().isEmpty(), r.err());
        String usage = "usage: tflite-ffm" + (command.isEmpty() ? "" : " " + command) + " ";
        assertTrue(r.out().startsWith(usage), r.out());
        // The common flags, wherever the command's name is.
        assertTrue(
                r.out().contains("--threads=N")
                        && r.out().contains("--xnnpack=on|off")
                        && r.out().contains("--verbose"),
                r.out());
        if (!command.isEmpty()) {
            assertEquals(r.out(), CliRun.of("help", command).out(), "help " + command + " is " + command + " --help");
            assertEquals(r.out(), CliRun.of(command, "-h").out(), "-h is --help");
        }
    }

    @Test
    void topLevelHelpListsTheCommandsAndHidesCompletion() {
        CliRun r = CliRun.of("help");
        assertEquals(0, r.status(), r.err());
        for (String command : List.of("inspect", "run", "check", "demo", "version", "help")) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " in " + r.out());
        }
        assertFalse(r.out().contains("\n  generate-completion"), r.out());
        assertEquals(r.out(), CliRun.of("--help").out());
        assertTrue(CliRun.of("run", "--help").out().contains("--input=NAME=FILE.npy|NAME=JSON"));
        assertTrue(CliRun.of("inspect", "--help").out().contains("--ops"));
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun r = CliRun.of("inpsect", "model.tflite");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("tflite-ffm: unknown command 'inpsect'\n"), r.err());
        assertTrue(r.err().contains("Did you mean: tflite-ffm inspect"), r.err());
        assertTrue(r.err().contains("usage: tflite-ffm "), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        CliRun r = CliRun.of("inspect", "model.tflite", "--jsn");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown option: '--jsn'"), r.err());
        assertTrue(r.err().contains("Possible solutions: --json"), r.err());
        assertTrue(r.err().contains("usage: tflite-ffm inspect "), r.err()); // the command's own usage
        r = CliRun.of("run", "model.tflite", "--ouput-dir", "out");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--output-dir"), r.err());
    }

    @Test
    void usageErrorsExitWith2AndPrintTheUsage() {
        Object[][] cases = {
            {new String[] {}, "no command given"},
            {new String[] {"frobnicate"}, "unknown command 'frobnicate'"},
            {new String[] {"run"}, "missing required parameter: 'MODEL'"},
            {new String[] {"inspect"}, "missing required parameter: 'MODEL'"},
            {new String[] {"--threads", "zero", "version"}, "'zero' is not a number from 1 to 256"},
            {new String[] {"--threads", "0", "version"}, "'0' is not a number from 1 to 256"},
            {new String[] {"--threads", "99999", "version"}, "'99999' is not a number from 1 to 256"},
            {new String[] {"version", "--threads"}, "--threads"},
            {new String[] {"--xnnpack", "maybe", "version"}, "'maybe' is not on or off"},
            {new String[] {"run", "m.tflite", "--input", "novalue"}, "--input takes NAME=FILE.npy or NAME=JSON"},
            {new String[] {"run", "m.tflite", "--input", "=1"}, "--input takes NAME=FILE.npy or NAME=JSON"},
            {new String[] {"run", "m.tflite", "--input", "a=1", "--input", "a=2"}, "input 'a' given twice"},
            {new String[] {"run", "m.tflite", "--output-dir", ""}, "--output-dir is empty"},
            {new String[] {"run", "a.tflite", "b.tflite"}, "'b.tflite'"},
            {new String[] {"version", "extra"}, "'extra'"},
            {new String[] {"help", "frobnicate"}, "frobnicate"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.status(), what);
            assertTrue(r.err().startsWith("tflite-ffm: "), what);
            assertTrue(r.err().lines().findFirst().orElseThrow().contains((String) c[1]), what);
            assertTrue(r.err().contains("usage: tflite-ffm"), what);
            assertTrue(r.out().isEmpty(), what);
        }
    }

    @Test
    void commonFlagsGoBeforeOrAfterTheCommand() {
        // Checked when parsed: a bad value is a usage error on either side of the command's name.
        assertEquals(2, CliRun.of("inspect", "m.tflite", "--xnnpack", "maybe").status());
        assertEquals(2, CliRun.of("--xnnpack", "maybe", "inspect", "m.tflite").status());
        assertEquals(2, CliRun.of("run", "m.tflite", "--threads=0").status());
        // Good values get as far as loading the (missing) model: exit status 1.
        for (String[] args : new String[][] {
            {"--xnnpack=off", "--threads", "2", "inspect", "missing.tflite"},
            {"inspect", "missing.tflite", "--xnnpack", "on", "--threads=-1", "-v"}
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().startsWith("tflite-ffm: "), r.err());
        }
    }

    @Test
    void generatesACompletionScript() {
        CliRun r = CliRun.of("generate-completion");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(
                r.out().contains("complete -F _complete_tflite-ffm") || r.out().contains("_picocli_tflite-ffm"),
                r.out());
        assertTrue(r.out().contains("local commands=\"inspect run bench batch check demo version help\""), r.out());
        assertTrue(r.out().contains("\"on\" \"off\""), "--xnnpack's values: " + r.out());
        assertTrue(r.out().contains("'--signature'") && r.out().contains("'--output-dir'"), r.out());
    }
}
