package dev.tfliteffm.cli;

/**
 * A {@code .npy} file that cannot be read: its message names the file (or the source name given) and what is
 * wrong with it.
 */
final class NpyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete message. */
    NpyFormatException(String message) {
        super(message);
    }

    /** {@code source: problem}. */
    static NpyFormatException of(String source, String problem) {
        return new NpyFormatException(source + ": " + problem);
    }
}
