package dev.tfliteffm.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for each of the CLI's own commands, as a picocli mixin. Not an inherited option: picocli's
 * {@code help} and {@code generate-completion} commands declare their own.
 */
final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;
}
