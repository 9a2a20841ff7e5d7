package dev.tfliteffm.modelwriter;

/** The bytes given to {@link ModelReader} are not a TFLite flatbuffer it can read; the message says why. */
public class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** An exception with this message and cause. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
