package dev.tfliteffm;

import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;

/**
 * Facts about, and process-wide settings of, the TensorFlow Lite library this runtime runs on.
 */
public final class TensorFlowLite {

    /** System property: the least severe TFLite log message printed, e.g. {@code info}; default {@code warning}. */
    public static final String LOG_SEVERITY_PROPERTY = "tflite.ffm.log.severity";

    /** Severity of TFLite's own log messages (its {@code tflite::LogSeverity}). */
    public enum LogSeverity {
        /** Everything, including verbose messages. */
        VERBOSE,
        /** Informational messages, e.g. "Created TensorFlow Lite XNNPACK delegate for CPU." */
        INFO,
        /** Warnings and errors. */
        WARNING,
        /** Errors only. */
        ERROR,
        /** Nothing. */
        SILENT
    }

    private TensorFlowLite() {}

    /** The version the native library reports through {@code TfLiteVersion()}, e.g. {@code 2.21.0}. */
    public static String version() {
        return TfLiteLibrary.get().version();
    }

    /** The loaded native library: where it came from and how it was found. */
    public static TfLiteLibrary library() {
        return TfLiteLibrary.get();
    }

    /**
     * Sets the least severe message TFLite's own logger prints to stderr (these are informational logs, not
     * the error reports that become exceptions). The runtime sets {@link LogSeverity#WARNING} (or the
     * value of {@value #LOG_SEVERITY_PROPERTY}) before it creates its first interpreter.
     *
     * @return false if the library does not export the setting
     */
    public static boolean setLogSeverity(LogSeverity severity) {
        if (!LogSetting.AVAILABLE) {
            return false;
        }
        CApi.SET_MINIMUM_LOG_SEVERITY.call(severity.ordinal());
        return true;
    }

    /** Applies the default log severity once: reading the holder's field runs its class initializer, once per JVM. */
    static void applyDefaultLogSeverity() {
        Objects.requireNonNull(LogSetting.DEFAULT_APPLIED);
    }

    private static final class LogSetting {
        // A C++ function: the Linux and macOS libraries export it under its Itanium-mangled name.
        static final boolean AVAILABLE = CApi.SET_MINIMUM_LOG_SEVERITY.find().isPresent();
        static final Object DEFAULT_APPLIED = apply();

        private static Object apply() {
            String value =
                    System.getProperty(LOG_SEVERITY_PROPERTY, "warning").trim().toUpperCase(Locale.ROOT);
            LogSeverity severity;
            try {
                severity = LogSeverity.valueOf(value);
            } catch (IllegalArgumentException e) {
                System.getLogger("dev.tfliteffm")
                        .log(
                                System.Logger.Level.WARNING,
                                LOG_SEVERITY_PROPERTY + "=" + value
                                        + " is not one of verbose, info, warning, error, silent; using warning");
                severity = LogSeverity.WARNING;
            }
            setLogSeverity(severity);
            return MemorySegment.NULL;
        }
    }
}
