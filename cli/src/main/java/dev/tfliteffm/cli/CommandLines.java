package dev.tfliteffm.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;

/**
 * The picocli side of {@link Main}: the command line with one command or all of them, its usage style, usage
 * errors. Kept out of {@link Main} and the commands' classes, so that a {@code run} started without picocli does
 * not load picocli's classes (verifying a class loads the classes it throws or returns as another type).
 */
final class CommandLines {

    private CommandLines() {}

    /**
     * Parses and runs {@code args} through picocli, with the command {@code only} or, when null, every command.
     * With {@code only}, a usage error of the top level (whose usage lists the commands) is not printed but
     * flagged in {@code rootUsageError}: nothing has run then, and the caller asks the whole command line.
     */
    static int execute(Main main, String[] args, String only, PrintWriter errWriter, boolean[] rootUsageError) {
        CommandLine cli = commandLine(main, only);
        cli.setOut(new PrintWriter(new OutputStreamWriter(main.out, main.out.charset()), true));
        cli.setErr(errWriter);
        cli.setExpandAtFiles(false); // an argument starting with '@' is a file name or JSON, not an argument file
        if (only == null) {
            cli.setParameterExceptionHandler(Errors::usageError);
        } else {
            cli.setParameterExceptionHandler((e, a) -> {
                if (e.getCommandLine() == cli) {
                    rootUsageError[0] = true;
                    return Main.USAGE_ERROR;
                }
                return Errors.usageError(e, a);
            });
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> Errors.failure(e, errWriter, main.verbose));
        return cli.execute(args);
    }

    /** The command line with the command {@code only}, or with every command (and help, completion) when null. */
    static CommandLine commandLine(Main main, String only) {
        CommandLine cli = new CommandLine(main);
        for (String name : only == null ? Main.COMMANDS : List.of(only)) {
            cli.addSubcommand(name, newCommand(name));
        }
        if (only == null) {
            cli.addSubcommand(CommandLine.HelpCommand.class);
            cli.addSubcommand(AutoComplete.GenerateCompletion.class);
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
        }
        style(cli);
        return cli;
    }

    private static Subcommand newCommand(String name) {
        return switch (name) {
            case "inspect" -> new InspectCommand();
            case "run" -> new RunCommand();
            case "bench" -> new BenchCommand();
            case "batch" -> new BatchCommand();
            case "check" -> new CheckCommand();
            case "demo" -> new DemoCommand();
            case "version" -> new VersionCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A usage error of the command {@code spec}: printed with its usage, exit status 2. */
    static RuntimeException usageError(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
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
        cli.getSubcommands().values().forEach(CommandLines::style);
    }
}
