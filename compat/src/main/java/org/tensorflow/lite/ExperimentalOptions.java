package org.tensorflow.lite;

/**
 * Options with the fields that {@link Interpreter.Options}' experimental setters set (the official
 * {@code InterpreterImpl.Options}); what {@link InterpreterImpl} takes.
 */
class ExperimentalOptions extends InterpreterApi.Options {
    private Boolean allowFp16PrecisionForFp32;
    private Boolean allowBufferHandleOutput;
    private Boolean compressQuantizationZeroPoints;

    /** Default options. */
    public ExperimentalOptions() {}

    /** A copy of {@code options}, with its experimental settings if it has any. */
    public ExperimentalOptions(InterpreterApi.Options options) {
        super(options);
        if (options instanceof ExperimentalOptions o) {
            allowFp16PrecisionForFp32 = o.allowFp16PrecisionForFp32;
            allowBufferHandleOutput = o.allowBufferHandleOutput;
            compressQuantizationZeroPoints = o.compressQuantizationZeroPoints;
        }
    }

    /** A copy of {@code options}, or null for null. */
    static ExperimentalOptions copyOf(InterpreterApi.Options options) {
        return options == null ? null : new ExperimentalOptions(options);
    }

    void setAllowFp16(boolean allow) {
        allowFp16PrecisionForFp32 = allow;
    }

    void setBufferHandleOutput(boolean allow) {
        allowBufferHandleOutput = allow;
    }

    void setCompressZeroPoints(boolean value) {
        compressQuantizationZeroPoints = value;
    }

    boolean compressZeroPoints() {
        return compressQuantizationZeroPoints != null && compressQuantizationZeroPoints;
    }
}
