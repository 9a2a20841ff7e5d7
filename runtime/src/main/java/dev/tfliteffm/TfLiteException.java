package dev.tfliteffm;

import java.io.Serial;
import java.util.List;

/**
 * What TensorFlow Lite itself reports: a failed TFLite call, or a model TFLite cannot load.
 * {@link #status()} is TFLite's status; {@link #nativeMessages()} holds what TFLite's error reporter said
 * during the failed call (also part of {@link #getMessage()}). Misuse of this API is reported with Java's own
 * exceptions instead; the package documentation gives the rule.
 */
public final class TfLiteException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why a call failed: TFLite's {@code TfLiteStatus} codes, and a model that cannot be loaded. */
    public enum Status {
        /** {@code kTfLiteError}: a generic runtime error. */
        ERROR(1),
        /** {@code kTfLiteDelegateError}: a delegate failed; the interpreter is usually still usable. */
        DELEGATE_ERROR(2),
        /** {@code kTfLiteApplicationError}: an incompatibility between the runtime and a delegate. */
        APPLICATION_ERROR(3),
        /** {@code kTfLiteDelegateDataNotFound}: serialized delegate data not found. */
        DELEGATE_DATA_NOT_FOUND(4),
        /** {@code kTfLiteDelegateDataWriteError}: serialized delegate data could not be written. */
        DELEGATE_DATA_WRITE_ERROR(5),
        /** {@code kTfLiteDelegateDataReadError}: serialized delegate data could not be read. */
        DELEGATE_DATA_READ_ERROR(6),
        /** {@code kTfLiteUnresolvedOps}: the model uses ops the op resolver does not have. */
        UNRESOLVED_OPS(7),
        /** {@code kTfLiteCancelled}: the invocation was cancelled. */
        CANCELLED(8),
        /** {@code kTfLiteOutputShapeNotKnown}: an output shape is only known after invoke. */
        OUTPUT_SHAPE_NOT_KNOWN(9),
        /** The model could not be loaded: not a file, unreadable, or refused by TFLite's verifier. */
        INVALID_MODEL(-1),
        /** A status code this runtime does not know. */
        UNKNOWN(-2);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** TFLite's {@code TfLiteStatus} value, or a negative number for statuses of this runtime. */
        public int code() {
            return code;
        }

        /** The status for a {@code TfLiteStatus} value. */
        public static Status of(int code) {
            for (Status s : values()) {
                if (s.code == code && code > 0) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    private final Status status;

    @SuppressWarnings("serial") // List.copyOf gives a serializable list
    private final List<String> nativeMessages;

    /** An exception with a status, a message, and what TFLite reported. */
    public TfLiteException(Status status, String message, List<String> nativeMessages) {
        super(compose(message, nativeMessages));
        this.status = status;
        this.nativeMessages = List.copyOf(nativeMessages);
    }

    /** An exception with a status and a message. */
    public TfLiteException(Status status, String message) {
        this(status, message, List.of());
    }

    /** An exception with a status, a message and a cause. */
    public TfLiteException(Status status, String message, Throwable cause) {
        this(status, message, List.of());
        initCause(cause);
    }

    /** Why the call failed. */
    public Status status() {
        return status;
    }

    /** What TFLite's error reporter said during the failed call, in order; empty when it said nothing. */
    public List<String> nativeMessages() {
        return nativeMessages;
    }

    private static String compose(String message, List<String> nativeMessages) {
        if (nativeMessages.isEmpty()) {
            return message;
        }
        return message + ": " + String.join("; ", nativeMessages);
    }
}
