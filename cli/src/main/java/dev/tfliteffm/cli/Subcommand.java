package dev.tfliteffm.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand has: the root command (its streams and common flags), {@code -h/--help}, usage errors. */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** A usage error of this command: printed with its usage, exit status 2. */
    RuntimeException usage(String message) {
        return CommandLines.usageError(spec, message);
    }

    /**
     * Runs a command made from plain arguments (see {@link PlainArgs}) as picocli runs one: an exception is a
     * one-line failure (status 1); an {@link Error} goes on to {@link Main} (which reports a {@link LinkageError}
     * in one line too).
     */
    int callPlain(PrintWriter err) {
        try {
            return call();
        } catch (Exception e) {
            return Errors.failure(e, err, main.verbose);
        }
    }
}
