package dev.tfliteffm.cli;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tflite-ffm} command line: {@code version}, {@code inspect}, {@code run}, {@code demo}.
 * Exit status 0 on success, 2 for a usage error, 1 for any other failure, which prints one line (and the
 * stack trace with {@code --verbose}).
 */
public final class Main {

    static final String USAGE = """
            usage: tflite-ffm [--threads N] [--xnnpack on|off] [--verbose] COMMAND ...
            commands:
              demo                      the Signatures walkthrough on a two-signature codec model
              inspect MODEL [--json] [--ops]
                                        TFLite version, signatures, each input/output's dtype, shape,
                                        shape signature and quantization; --ops lists the operators
              run MODEL [--signature KEY] --input NAME=FILE.npy|NAME=JSON ... [--output-dir DIR] [--json]
                                        runs a signature (default: the model's default one); inputs from
                                        .npy files or inline JSON arrays; outputs to DIR/NAME.npy
              version                   the TFLite version and where its library was loaded from
              help                      this text
            options:
              --threads N               threads for TFLite and XNNPACK (default 1)
              --xnnpack on|off          the XNNPACK delegate (default on)
              --verbose                 stack traces with errors""";

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** A mistake in the command line: exit status 2 with the usage text. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A failure to report in one line: exit status 1. */
    static final class CliException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CliException(String message) {
            super(message);
        }

        CliException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options();
        boolean verbose = false;
        try {
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--verbose", "-v" -> verbose = true;
                    case "--threads" -> options.threads = parseThreads(value(args, ++i, arg));
                    case "--xnnpack" -> options.xnnpack = parseOnOff(value(args, ++i, arg), arg);
                    default -> {
                        if (arg.startsWith("--threads=")) {
                            options.threads = parseThreads(arg.substring("--threads=".length()));
                        } else if (arg.startsWith("--xnnpack=")) {
                            options.xnnpack = parseOnOff(arg.substring("--xnnpack=".length()), "--xnnpack");
                        } else {
                            rest.add(arg);
                        }
                    }
                }
            }
            options.verbose = verbose;
            if (rest.isEmpty()) {
                throw new UsageException("no command given");
            }
            String command = rest.getFirst();
            List<String> commandArgs = rest.subList(1, rest.size());
            return switch (command) {
                case "version" -> {
                    noArguments(command, commandArgs);
                    TfLiteLibrary library = TensorFlowLite.library();
                    out.println("TensorFlow Lite " + TensorFlowLite.version());
                    out.println("library: " + library.location());
                    out.println("found by: " + describe(library.source()));
                    yield 0;
                }
                case "inspect" -> Inspect.run(commandArgs, options, out);
                case "run" -> RunCommand.run(commandArgs, options, out);
                case "demo" -> {
                    noArguments(command, commandArgs);
                    yield Demo.run(options, out);
                }
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("tflite-ffm: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (RuntimeException | LinkageError e) {
            // TfLiteException, CliException, Npy/Json format errors, I/O: one line each.
            return fail(err, e, verbose);
        }
    }

    private static int fail(PrintStream err, Throwable e, boolean verbose) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        if (e instanceof UncheckedIOException io && io.getCause() != null) {
            message = io.getCause().getMessage() != null
                    ? io.getCause().getMessage()
                    : io.getCause().toString();
        }
        err.println("tflite-ffm: " + oneLine(message, verbose));
        if (verbose) {
            e.printStackTrace(err);
        }
        return 1;
    }

    static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parseThreads(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 || n == -1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--threads takes a number >= 1 (or -1 to let TFLite decide), not '" + text + "'");
    }

    private static boolean parseOnOff(String text, String flag) {
        return switch (text) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new UsageException(flag + " takes on or off, not '" + text + "'");
        };
    }

    private static void noArguments(String command, List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException(command + " takes no arguments, given " + args);
        }
    }

    private static String describe(TfLiteLibrary.Source source) {
        return switch (source) {
            case EXPLICIT_PATH ->
                "explicit path (" + TfLiteLibrary.PATH_PROPERTY + " / " + TfLiteLibrary.PATH_ENV + ")";
            case EXTRACTED -> "bundled platform jar, extracted now";
            case CACHED -> "bundled platform jar, extracted earlier";
            case SYSTEM -> "system library search path";
        };
    }

    // TFLite's reports can span lines and repeat; the CLI prints one line unless asked for more.
    private static String oneLine(String text, boolean verbose) {
        if (verbose) {
            return text;
        }
        String line = text.replace('\n', ' ').replaceAll("\\s+", " ").strip();
        return line.length() > 400 ? line.substring(0, 400) + "... (--verbose for all)" : line;
    }

    /** Common options of all commands. */
    static final class Options {
        int threads = 1;
        boolean xnnpack = true;
        boolean verbose;

        dev.tfliteffm.InterpreterOptions interpreterOptions() {
            return dev.tfliteffm.InterpreterOptions.builder()
                    .threads(threads)
                    .xnnpack(xnnpack)
                    .build();
        }
    }

    static UncheckedIOException io(IOException e) {
        return new UncheckedIOException(e);
    }
}
