package dev.tfliteffm.cli;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tflite-ffm} command line. Exit status 0 on success, 2 for a usage error, 1 for any other
 * failure, which prints one line (and the stack trace with {@code --verbose}).
 */
public final class Main {

    static final String USAGE = """
            usage: tflite-ffm COMMAND [--verbose]
            commands:
              version    print the TensorFlow Lite version and where its library was loaded from
              help       print this text""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        boolean verbose = false;
        for (String arg : args) {
            if (arg.equals("--verbose") || arg.equals("-v")) {
                verbose = true;
            } else {
                rest.add(arg);
            }
        }
        if (rest.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String command = rest.getFirst();
        try {
            switch (command) {
                case "version" -> {
                    TfLiteLibrary library = TensorFlowLite.library();
                    out.println("TensorFlow Lite " + TensorFlowLite.version());
                    out.println("library: " + library.location());
                    out.println("found by: " + describe(library.source()));
                    return 0;
                }
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("tflite-ffm: unknown command '" + command + "'");
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            err.println("tflite-ffm: " + firstLine(e.getMessage() != null ? e.getMessage() : e.toString()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static String describe(TfLiteLibrary.Source source) {
        return switch (source) {
            case EXPLICIT_PATH -> "explicit path (" + TfLiteLibrary.PATH_PROPERTY + " / " + TfLiteLibrary.PATH_ENV + ")";
            case EXTRACTED -> "bundled platform jar, extracted now";
            case CACHED -> "bundled platform jar, extracted earlier";
            case SYSTEM -> "system library search path";
        };
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " (run with --verbose for details)";
    }
}
