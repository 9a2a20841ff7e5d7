package dev.tfliteffm.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports what went wrong: a usage error prints its message, suggestions for a typo and
 * the command's usage, and exits with 2; any other failure prints one line (the stack trace too with
 * {@code --verbose}) and exits with 1.
 */
final class Errors {

    private static final String PREFIX = "tflite-ffm: ";

    private Errors() {}

    /** A picocli {@code IParameterExceptionHandler}: the message, "Did you mean" and the usage; status 2. */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(PREFIX + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        cli.usage(err);
        return Main.USAGE_ERROR;
    }

    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u
                && !e.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            return "unknown command '" + u.getUnmatched().getFirst() + "'";
        }
        String text = e.getMessage();
        // picocli's sentences start with a capital; the CLI's messages do not.
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * Any failure of a command: TfLiteException, the runtime's IllegalArgumentException and
     * IllegalStateException, a .npy or JSON format error, I/O. One line with status 1.
     */
    static int failure(Throwable e, PrintWriter err, boolean verbose) {
        Throwable reported = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = reported.getMessage() != null ? reported.getMessage() : reported.toString();
        err.println(PREFIX + oneLine(message, verbose));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    // TFLite's reports can span lines and repeat; the CLI prints one line unless asked for more.
    private static String oneLine(String text, boolean verbose) {
        if (verbose) {
            return text;
        }
        String line = text.replace('\n', ' ').replaceAll("\\s+", " ").strip();
        return line.length() > 400 ? line.substring(0, 400) + "... (--verbose for all)" : line;
    }
}
