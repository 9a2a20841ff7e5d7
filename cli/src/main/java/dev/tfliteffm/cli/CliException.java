package dev.tfliteffm.cli;

/** A failure of a command that the CLI reports in one line, with exit status 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
