package dev.tfliteffm.cli;

import dev.tfliteffm.InterpreterOptions;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tflite-ffm} command line: {@code inspect}, {@code run}, {@code bench}, {@code batch}, {@code check},
 * {@code demo}, {@code version}, {@code help} (and a hidden {@code generate-completion} for shell completion), with the
 * flags every command takes. Exit status 0 on success, 2 for a usage error (with the command's usage), 1 for any
 * other failure, which prints one line (and the stack trace with {@code --verbose}).
 *
 * <p>Start-up: picocli builds its model of a command from the annotations, by reflection, at every start (its
 * classes, compiled for Java 5, are not kept in the launcher's AOT cache). So {@code run}, {@code inspect} and
 * {@code version} with plain arguments ({@link PlainArgs}) run without picocli at all; otherwise the command line
 * ({@link CommandLines}) is built with only the command that the arguments name after nothing but the common
 * flags (a usage error of those flags, which prints the top-level usage, goes to the whole command line), and
 * with every command for anything else ({@code help}, {@code --help}, a typo, {@code generate-completion}).
 */
@Command(
        name = "tflite-ffm",
        description = "Inspects and runs TensorFlow Lite models.",
        footer = {
            "%nErrors print one line and exit with status 1 (2 for a usage error).",
            "Shell completion (bash, zsh): source <(tflite-ffm generate-completion)"
        })
public final class Main implements Callable<Integer> {

    /** Exit status of a usage error. */
    static final int USAGE_ERROR = 2;

    /** The CLI's own commands, in the order of the help listing (picocli's help and generate-completion follow). */
    static final List<String> COMMANDS = List.of("inspect", "run", "bench", "batch", "check", "demo", "version");

    // Flags of every command: INHERIT lets them appear before or after the command's name.
    @Option(
            names = "--threads",
            paramLabel = "N",
            scope = ScopeType.INHERIT,
            converter = OptionValues.Threads.class,
            description = "threads for TFLite and XNNPACK (default 1; -1 lets TFLite decide)")
    int threads = 1;

    @Option(
            names = "--xnnpack",
            paramLabel = "on|off",
            scope = ScopeType.INHERIT,
            converter = OptionValues.OnOff.class,
            completionCandidates = OptionValues.OnOff.class,
            description = "the XNNPACK delegate (default on)")
    OptionValues.Switch xnnpack = OptionValues.Switch.ON;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "stack traces with errors")
    boolean verbose;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** Where commands print their results. */
    final PrintStream out;

    /** Where commands print progress. */
    final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, err.charset()), true);
        Main main = new Main(out, err);
        try {
            String command = commandOf(args);
            // Without picocli when the arguments are plain; each command its own variable, so that verifying
            // this method loads no command's class.
            if ("run".equals(command)) {
                RunCommand run = RunCommand.plain(main, args);
                if (run != null) {
                    return run.callPlain(errWriter);
                }
            } else if ("inspect".equals(command)) {
                InspectCommand inspect = InspectCommand.plain(main, args);
                if (inspect != null) {
                    return inspect.callPlain(errWriter);
                }
            } else if ("version".equals(command)) {
                VersionCommand version = VersionCommand.plain(main, args);
                if (version != null) {
                    return version.callPlain(errWriter);
                }
            }
            if (command != null) {
                boolean[] rootUsageError = {false};
                int status = CommandLines.execute(main, args, command, errWriter, rootUsageError);
                if (!rootUsageError[0]) {
                    return status;
                }
                main = new Main(out, err); // the whole command line parses the arguments again, from the start
            }
            return CommandLines.execute(main, args, null, errWriter, null);
        } catch (LinkageError e) { // e.g. no native library for this platform: still one line
            return Errors.failure(e, errWriter, main.verbose);
        } finally {
            out.flush();
            errWriter.flush();
        }
    }

    /**
     * The command that {@code args} name after nothing but the common flags, or null: no command, a flag before it
     * that is not one of those (-h, a typo, --), or a flag's value that is missing or looks like a flag or command.
     */
    static String commandOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-v", "--verbose" -> {
                    // a flag without a value
                }
                case "--threads", "--xnnpack" -> {
                    if (i + 1 == args.length || !isPlainValue(args[i + 1])) {
                        return null;
                    }
                    i++;
                }
                default -> {
                    if (!arg.startsWith("--threads=") && !arg.startsWith("--xnnpack=")) {
                        return COMMANDS.contains(arg) ? arg : null;
                    }
                }
            }
        }
        return null;
    }

    /** A flag's value given as the next argument that picocli takes as it is: not a flag, not a command. */
    static boolean isPlainValue(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !COMMANDS.contains(value) && !value.equals("help");
    }

    /** No command: a usage error. */
    @Override
    public Integer call() {
        throw CommandLines.usageError(spec, "no command given");
    }

    /** The interpreter options the flags ask for. */
    InterpreterOptions interpreterOptions() {
        return InterpreterOptions.builder()
                .threads(threads)
                .xnnpack(xnnpack == OptionValues.Switch.ON)
                .build();
    }
}
