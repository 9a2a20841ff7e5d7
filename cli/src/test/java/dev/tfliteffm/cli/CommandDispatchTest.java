package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How {@link Main} starts a command cheaply: the command line built with only the command named (the same usage
 * and errors as the whole one), and {@code run}, {@code inspect} and {@code version} with plain arguments started
 * without picocli, their fields set as picocli sets them, their output the same.
 */
class CommandDispatchTest {

    private static final String M = "model.tflite";

    private static Main main() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Main(sink, sink);
    }

    @Test
    void theCommandIsFoundAfterTheCommonFlagsOnly() {
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("run", M), "run");
        cases.put(List.of("-v", "--threads", "2", "--xnnpack=off", "--verbose", "inspect", M), "inspect");
        cases.put(List.of("--threads=-1", "--xnnpack", "on", "version"), "version");
        for (String command : Main.COMMANDS) {
            cases.put(List.of(command), command);
        }
        // The whole command line: help, completion, a typo, no command, anything unusual before the command.
        for (List<String> args : List.of(
                List.<String>of(),
                List.of("help", "run"),
                List.of("generate-completion"),
                List.of("--help", "run"),
                List.of("-h"),
                List.of("-vh", "run"),
                List.of("inpsect", M),
                List.of("--", "run"),
                List.of("--threads"),
                List.of("--threads", "run", M),
                List.of("--threads", "-1", "run", M),
                List.of("--xnnpack", "help"),
                List.of("--threads", "", "run"),
                List.of("--thread", "2", "run"),
                List.of(M, "run"))) {
            cases.put(args, null);
        }
        cases.forEach((args, expected) ->
                assertEquals(expected, Main.commandOf(args.toArray(new String[0])), String.join(" ", args)));
    }

    @Test
    void aCommandAloneHasTheUsageItHasAmongAll() {
        CommandLine all = CommandLines.commandLine(main(), null);
        for (String command : Main.COMMANDS) {
            CommandLine alone = CommandLines.commandLine(main(), command);
            assertEquals(List.of(command), List.copyOf(alone.getSubcommands().keySet()));
            assertEquals(
                    all.getSubcommands().get(command).getUsageMessage(),
                    alone.getSubcommands().get(command).getUsageMessage(),
                    command);
        }
        assertEquals(
                List.of("inspect", "run", "bench", "batch", "check", "demo", "version", "help", "generate-completion"),
                List.copyOf(all.getSubcommands().keySet()));
    }

    @Test
    void aUsageErrorOfTheCommonFlagsListsEveryCommand() {
        // Dispatched to `inspect` alone first; the top level's usage error comes from the whole command line.
        for (String[] args : new String[][] {
            {"--threads", "0", "inspect", M}, {"--xnnpack", "maybe", "run", M}, {"--threads=x", "version"}
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("tflite-ffm: invalid value for option '--"), r.err());
            for (String command : List.of("inspect", "run", "bench", "batch", "check", "demo", "version", "help")) {
                assertTrue(r.err().contains("\n  " + command + " "), command + " in " + r.err());
            }
            assertEquals(1, r.err().split("usage: ", -1).length - 1, "one usage: " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // run, inspect and version without picocli

    @Test
    void plainArgumentsGetTheFieldsPicocliGivesThem() {
        String[][] plain = {
            {"run", M},
            {"run", M, "--input", "x=[1]"},
            {"run", "--input=x=[[1,2]]", M, "--json"},
            {"-v", "run", M, "--output-dir", "out", "--signature", "sig"},
            {
                "--threads",
                "2",
                "--xnnpack=off",
                "run",
                M,
                "--input",
                "a=1",
                "--input",
                "b=a.npy",
                "--op-library",
                "o.jar"
            },
            {"run", M, "--threads=3", "--xnnpack", "on", "--verbose", "--op-library=p.jar", "--op-library", "q.jar"},
            {"--verbose", "run", "--output-dir=o/p", M, "--input", "s=[\"a b\", \"=\"]"},
            {"run", M, "--threads=-1", "--xnnpack=false", "--signature=serving_default"},
            {"run", "run"},
            {"run", "@model.tflite", "--input", "x=@file"},
            {"run", "dir/model v2.tflite", "--input", "x = 1", "--output-dir", "."},
            {"inspect", M},
            {"inspect", M, "--json", "--ops"},
            {
                "-v",
                "--threads",
                "4",
                "inspect",
                "--ops",
                M,
                "--op-library",
                "a.jar",
                "--op-library=b.jar",
                "--xnnpack=off"
            },
            {"inspect", "version"},
            {"version"},
            {"--xnnpack", "off", "version", "-v", "--threads=8"},
        };
        for (String[] args : plain) {
            Main direct = main();
            Subcommand command = plain(direct, args);
            assertNotNull(command, Arrays.toString(args));
            Main parsed = main();
            ParseResult result = CommandLines.commandLine(parsed, null).parseArgs(args);
            Subcommand viaPicocli =
                    (Subcommand) result.subcommand().commandSpec().userObject();
            assertEquals(fields(parsed, viaPicocli), fields(direct, command), Arrays.toString(args));
        }
    }

    private static Subcommand plain(Main main, String[] args) {
        return switch (args[Arrays.asList(args).indexOf(Main.commandOf(args))]) {
            case "run" -> RunCommand.plain(main, args);
            case "inspect" -> InspectCommand.plain(main, args);
            case "version" -> VersionCommand.plain(main, args);
            default -> throw new AssertionError(Arrays.toString(args));
        };
    }

    private static List<Object> fields(Main main, Subcommand command) {
        List<Object> fields = new java.util.ArrayList<>(
                Arrays.asList(command.getClass(), main.threads, main.xnnpack, main.verbose, command.main == main));
        switch (command) {
            case RunCommand run ->
                fields.addAll(Arrays.asList(
                        run.model, run.signature, run.inputSpecs, run.outputDir, run.json, run.opLibraries.jars));
            case InspectCommand inspect ->
                fields.addAll(Arrays.asList(inspect.path, inspect.json, inspect.ops, inspect.opLibraries.jars));
            default -> {}
        }
        return fields;
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        String[][] notPlain = {
            {"run"},
            {"run", M, "other.tflite"},
            {"run", M, "--help"},
            {"run", "-h", M},
            {"-h", "run", M},
            {"--json", "run", M},
            {"--signature", "s", "run", M},
            {M, "run"},
            {"run", M, "--"},
            {"run", "--", M},
            {"run", M, "--json", "--json"},
            {"-v", "run", M, "-v"},
            {"-v", "run", M, "--verbose"},
            {"--threads", "2", "run", M, "--threads", "3"},
            {"run", M, "--signature", "a", "--signature=b"},
            {"run", M, "--output-dir", "a", "--output-dir", "b"},
            {"run", M, "--signature", "--json"},
            {"run", M, "--signature", "run"},
            {"run", M, "--signature", "help"},
            {"run", M, "--input"},
            {"run", M, "--signature="},
            {"run", M, "--output-dir", ""},
            {"run", M, "--output-dir="},
            {"run", M, "--input", "novalue"},
            {"run", M, "--input", "=1"},
            {"run", M, "--input", "a=1", "--input", "a=2"},
            {"run", M, "--threads", "0"},
            {"run", M, "--threads", "-1"},
            {"run", M, "--threads=many"},
            {"run", M, "--xnnpack", "maybe"},
            {"run", M, "--jsn"},
            {"run", M, "--ops"},
            {"run", M, "-vh"},
            {"run", M, "-v=true"},
            {"run", M, "--json=true"},
            {"run", M, "--verbose=false"},
            {"run", "-model.tflite"},
            {"run", ""},
            {"run", "bad\0path"},
            {"run", M, "--output-dir", "bad\0path"},
            {"inspect"},
            {"inspect", M, M},
            {"inspect", M, "--input", "x=1"},
            {"inspect", M, "--json", "--json"},
            {"inspect", M, "--ops=true"},
            {"inspect", "bad\0path"},
            {"inspect", M, "-h"},
            {"version", "extra"},
            {"version", "--help"},
            {"version", "--json"},
            {"version", "--threads", "0"},
        };
        for (String[] args : notPlain) {
            Main main = main();
            assertNull(
                    switch (Main.commandOf(args) == null ? args[0] : Main.commandOf(args)) {
                        case "inspect" -> InspectCommand.plain(main, args);
                        case "version" -> VersionCommand.plain(main, args);
                        default -> RunCommand.plain(main, args);
                    },
                    Arrays.toString(args));
            assertEquals(
                    List.of(1, OptionValues.Switch.ON, false),
                    List.of(main.threads, main.xnnpack, main.verbose),
                    "the common flags stay as they were: " + Arrays.toString(args));
        }
    }

    @Test
    void aPlainCommandPrintsWhatPicocliPrints() {
        // After `--` picocli takes the model as it is; the same arguments without it run without picocli.
        String model = SharedModels.model("hello_world_float.tflite");
        for (String[] args : new String[][] {
            {"run", "--input", "dense_input=[[1.5708]]", "--json"},
            {"run", "--input", "dense_input=[1, 2]"},
            {"run", "--input", "dense_input=[[1],[2,3]]"},
            {"run", "--input", "dense_input=[[1.5708]]", "--signature", "nope"},
            {"run", "--input", "wrong=[1]"},
            {"run", "--input", "dense_input=missing.npy", "-v"},
            {"inspect"},
            {"inspect", "--json", "--ops"},
            {"version"},
        }) {
            String[] plain = args[0].equals("version") ? args : concat(args, model);
            String[] picocli = args[0].equals("version") ? concat(args, "--") : concat(args, "--", model);
            assertNotNull(plain(main(), plain), Arrays.toString(plain));
            CliRun a = CliRun.of(plain);
            CliRun b = CliRun.of(picocli);
            assertEquals(b.status(), a.status(), Arrays.toString(args));
            assertEquals(b.out(), a.out(), Arrays.toString(args));
            assertEquals(firstLine(b.err()), firstLine(a.err()), Arrays.toString(args)); // then -v's stack trace
        }
        assertNull(RunCommand.plain(main(), new String[] {"run", "--", model}));
        assertNull(VersionCommand.plain(main(), new String[] {"version", "--"}));
        CliRun missing = CliRun.of("run", "missing.tflite");
        assertEquals(1, missing.status());
        assertEquals("tflite-ffm: model file missing.tflite does not exist\n", missing.err());
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
