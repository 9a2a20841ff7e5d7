package dev.tfliteffm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every subcommand has: the root command (its streams and common flags) and {@code -h/--help}. */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    HelpOption help;
}
