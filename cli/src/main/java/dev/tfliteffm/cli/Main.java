package dev.tfliteffm.cli;

import dev.tfliteffm.InterpreterOptions;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code tflite-ffm} command line: {@code inspect}, {@code run}, {@code bench}, {@code batch}, {@code check},
 * {@code demo}, {@code version}, {@code help} (and a hidden {@code generate-completion} for shell completion), with the
 * flags every command takes. Exit status 0 on success, 2 for a usage error (with the command's usage), 1 for any
 * other failure, which prints one line (and the stack trace with {@code --verbose}).
 */
@Command(
        name = "tflite-ffm",
        description = "Inspects and runs TensorFlow Lite models.",
        footer = {
            "%nErrors print one line and exit with status 1 (2 for a usage error).",
            "Shell completion (bash, zsh): source <(tflite-ffm generate-completion)"
        },
        subcommands = {
            InspectCommand.class,
            RunCommand.class,
            BenchCommand.class,
            BatchCommand.class,
            CheckCommand.class,
            DemoCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class Main implements Callable<Integer> {

    /** Exit status of a usage error. */
    static final int USAGE_ERROR = 2;

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

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main(out, err);
        CommandLine cli = new CommandLine(main);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, err.charset()), true);
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, out.charset()), true));
        cli.setErr(errWriter);
        cli.setExpandAtFiles(false); // an argument starting with '@' is a file name or JSON, not an argument file
        cli.setParameterExceptionHandler(Errors::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> Errors.failure(e, errWriter, main.verbose));
        cli.getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(true);
        cli.getSubcommands()
                .get("help")
                .getCommandSpec()
                .usageMessage()
                .header("this help, or a command's: help COMMAND");
        style(cli);
        try {
            return cli.execute(args);
        } catch (LinkageError e) { // e.g. no native library for this platform: still one line
            return Errors.failure(e, errWriter, main.verbose);
        } finally {
            out.flush();
            errWriter.flush();
        }
    }

    /** No command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /** The interpreter options the flags ask for. */
    InterpreterOptions interpreterOptions() {
        return InterpreterOptions.builder()
                .threads(threads)
                .xnnpack(xnnpack == OptionValues.Switch.ON)
                .build();
    }

    // The headings of the usage text, lower case as the CLI's messages, for every command.
    private static void style(CommandLine cli) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.synopsisHeading("usage: ")
                .optionListHeading("options:%n")
                .parameterListHeading("parameters:%n")
                .commandListHeading("commands:%n")
                .sortOptions(false)
                .width(100);
        cli.getSubcommands().values().forEach(Main::style);
    }
}
