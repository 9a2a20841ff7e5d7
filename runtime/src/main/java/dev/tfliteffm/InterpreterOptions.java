package dev.tfliteffm;

import dev.tfliteffm.flex.FlexStringOps;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to build an {@link Interpreter}: threads, the XNNPACK delegate, cancellation, further delegates, and
 * operators written in Java. Immutable; make one with {@link #builder()}.
 *
 * <p>Defaults: 1 thread (predictable when a service runs one interpreter per request thread), XNNPACK
 * <b>on</b> (this TFLite build applies no delegate by default, and XNNPACK made conv nets 7–20× faster here;
 * it changes results slightly, so compare outputs under the same setting), cancellation on, the built-in Flex
 * string ops on ({@link FlexStringOps}: {@code FlexAsString} and {@code FlexStringToNumber}, which
 * converter-made models with {@code tf.strings.as_string}/{@code to_number} need; a registration of the same
 * name by {@link Builder#addOperator} replaces them).
 *
 * <p><b>Java operators</b> ({@link Builder#addOperator(String, int, JavaOperatorFactory)}) resolve the model's
 * <em>custom</em> ops by custom name and version, as TFLite's C API does. A name equal to a builtin op's
 * (e.g. {@code ADD}) replaces nothing: builtin nodes are resolved by builtin code, never by name, so such an
 * operator only serves custom nodes named so. A name equal to a custom op the TFLite library already has
 * ({@code Mfcc}, {@code TFLite_Detection_PostProcess}, ...) does replace that op for models using it.
 *
 * @param threads     threads for the CPU kernels and XNNPACK, 1 to {@value #MAX_THREADS}; -1 lets TFLite decide
 * @param xnnpack     whether to apply the XNNPACK delegate (with the same thread count)
 * @param cancellable whether {@link Interpreter#cancel()} may stop a running invoke
 * @param delegates   further delegates, applied after XNNPACK, in order; the interpreter holds them open
 * @param operators   Java operators for the model's custom ops (distinct name and version pairs)
 * @param flexStringOps whether to add the built-in {@link FlexStringOps} (unless {@code operators} has them)
 * @param profiler    per-operator timings of every invoke, or {@code null} for none (the default)
 */
public record InterpreterOptions(
        int threads,
        boolean xnnpack,
        boolean cancellable,
        List<Delegate> delegates,
        List<OperatorRegistration> operators,
        boolean flexStringOps,
        OpProfiler profiler) {

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
        operators = List.copyOf(operators);
        Set<String> seen = new HashSet<>();
        for (OperatorRegistration r : operators) {
            if (!seen.add(r.name() + " v" + r.version())) {
                throw new IllegalArgumentException(
                        "operator " + r.name() + " version " + r.version() + " is registered twice");
            }
        }
    }

    /** Options without Java operators or a profiler, with the built-in Flex string ops. */
    public InterpreterOptions(int threads, boolean xnnpack, boolean cancellable, List<Delegate> delegates) {
        this(threads, xnnpack, cancellable, delegates, List.of(), true, null);
    }

    /**
     * What an interpreter of a model with custom ops {@code modelCustomCodes} ({@code null}: not known)
     * registers: {@link #operators()}, then the Flex string ops they do not replace and the model names.
     */
    List<OperatorRegistration> operatorsToRegister(Set<String> modelCustomCodes) {
        if (!flexStringOps || (modelCustomCodes != null && modelCustomCodes.isEmpty())) {
            return operators;
        }
        List<OperatorRegistration> all = new ArrayList<>(operators);
        for (OperatorRegistration flex : FlexStringOps.registrations()) {
            if ((modelCustomCodes == null || modelCustomCodes.contains(flex.name()))
                    && operators.stream()
                            .noneMatch(r -> r.name().equals(flex.name()) && r.version() == flex.version())) {
                all.add(flex);
            }
        }
        return all;
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
        Builder b = new Builder()
                .threads(threads)
                .xnnpack(xnnpack)
                .cancellable(cancellable)
                .flexStringOps(flexStringOps)
                .profiler(profiler);
        delegates.forEach(b::addDelegate);
        b.operators.addAll(operators);
        return b;
    }

    /** Builds {@link InterpreterOptions}. */
    public static final class Builder {
        private int threads = DEFAULTS.threads;
        private boolean xnnpack = DEFAULTS.xnnpack;
        private boolean cancellable = DEFAULTS.cancellable;
        private final List<Delegate> delegates = new ArrayList<>();
        private final List<OperatorRegistration> operators = new ArrayList<>();
        private boolean flexStringOps = DEFAULTS.flexStringOps;
        private OpProfiler profiler;

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

        /**
         * Registers a Java operator for the model's custom ops named {@code name} with version 1 (what the
         * converter writes for custom and Flex ops).
         */
        public Builder addOperator(String name, JavaOperatorFactory factory) {
            return addOperator(name, 1, factory);
        }

        /**
         * Registers a Java operator for the model's custom ops named {@code name} with this {@code version}: each
         * such node gets a kernel from {@code factory}. See the class comment for names that clash.
         *
         * @throws IllegalArgumentException for an empty name, a version below 1, or a name and version already
         *     added
         */
        public Builder addOperator(String name, int version, JavaOperatorFactory factory) {
            OperatorRegistration r = new OperatorRegistration(name, version, factory);
            for (OperatorRegistration o : operators) {
                if (o.name().equals(name) && o.version() == version) {
                    throw new IllegalArgumentException(
                            "operator " + name + " version " + version + " is already added");
                }
            }
            operators.add(r);
            return this;
        }

        /**
         * Whether to add the built-in Flex string ops, {@code FlexAsString} and {@code FlexStringToNumber}
         * (default on; see {@link FlexStringOps}).
         */
        public Builder flexStringOps(boolean on) {
            this.flexStringOps = on;
            return this;
        }

        /** Collects per-operator timings of every invoke into {@code profiler}; {@code null} for none. */
        public Builder profiler(OpProfiler profiler) {
            this.profiler = profiler;
            return this;
        }

        /** The options. */
        public InterpreterOptions build() {
            return new InterpreterOptions(threads, xnnpack, cancellable, delegates, operators, flexStringOps, profiler);
        }
    }
}
