package dev.tfliteffm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to build an {@link Interpreter}: threads, the XNNPACK delegate, cancellation, and further delegates.
 * Immutable; make one with {@link #builder()}.
 *
 * <p>Defaults: 1 thread (predictable when a service runs one interpreter per request thread), XNNPACK
 * <b>on</b> (this TFLite build applies no delegate by default, and XNNPACK made conv nets 7–20× faster here;
 * it changes results slightly, so compare outputs under the same setting), cancellation on.
 *
 * @param threads     threads for the CPU kernels and XNNPACK, 1 to {@value #MAX_THREADS}; -1 lets TFLite decide
 * @param xnnpack     whether to apply the XNNPACK delegate (with the same thread count)
 * @param cancellable whether {@link Interpreter#cancel()} may stop a running invoke
 * @param delegates   further delegates, applied after XNNPACK, in order; the interpreter holds them open
 */
public record InterpreterOptions(int threads, boolean xnnpack, boolean cancellable, List<Delegate> delegates) {

    /**
     * The most threads an interpreter may use. TFLite starts them all (99,999 started 32,451 native threads
     * before the process ran out), and more threads than cores only adds contention; a fixed bound keeps the
     * same options valid on every machine.
     */
    public static final int MAX_THREADS = 256;

    private static final InterpreterOptions DEFAULTS = new InterpreterOptions(1, true, true, List.of());

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code threads} is not -1 or between 1 and {@value #MAX_THREADS}
     */
    public InterpreterOptions {
        if (threads < -1 || threads == 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(
                    "threads must be between 1 and " + MAX_THREADS + ", or -1 to let TFLite decide; given " + threads);
        }
        delegates = List.copyOf(delegates);
    }

    /** The default options. */
    public static InterpreterOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder().threads(threads).xnnpack(xnnpack).cancellable(cancellable);
        delegates.forEach(b::addDelegate);
        return b;
    }

    /** Builds {@link InterpreterOptions}. */
    public static final class Builder {
        private int threads = DEFAULTS.threads;
        private boolean xnnpack = DEFAULTS.xnnpack;
        private boolean cancellable = DEFAULTS.cancellable;
        private final List<Delegate> delegates = new ArrayList<>();

        private Builder() {}

        /** Threads for the CPU kernels and XNNPACK (1 to {@value InterpreterOptions#MAX_THREADS}, or -1 to let TFLite decide). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Whether to apply the XNNPACK delegate (default on). */
        public Builder xnnpack(boolean on) {
            this.xnnpack = on;
            return this;
        }

        /** Whether {@link Interpreter#cancel()} may stop a running invoke (default on). */
        public Builder cancellable(boolean on) {
            this.cancellable = on;
            return this;
        }

        /** Adds a delegate, e.g. {@link Delegate#external}; the caller keeps ownership of it. */
        public Builder addDelegate(Delegate delegate) {
            delegates.add(Objects.requireNonNull(delegate, "delegate"));
            return this;
        }

        /** The options. */
        public InterpreterOptions build() {
            return new InterpreterOptions(threads, xnnpack, cancellable, delegates);
        }
    }
}
