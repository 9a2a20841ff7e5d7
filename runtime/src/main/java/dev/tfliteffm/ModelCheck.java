package dev.tfliteffm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pre-flight for models you do not trust: loads the model and runs every signature (allocate, invoke with zeros,
 * then with your sample inputs if given) in a <em>child JVM</em>, so that a model that crashes TFLite kills the child,
 * not your process. The crash comes back as a {@link TfLiteException} in the {@link Report} (with the signal, the
 * step, and the child's {@code hs_err} file).
 *
 * <pre>{@code
 * ModelCheck.Report report = ModelCheck.inChildJvm(Path.of("upload.tflite"));
 * report.throwIfFailed();                 // or look at report.signatures()
 * try (Model model = Model.fromFile(Path.of("upload.tflite"))) { ... }
 * }</pre>
 *
 * <p>The child runs the signatures twice: all in one interpreter, then each in an interpreter of its own closed right
 * after (TFLite has crashed creating or closing an interpreter after another one of the same model failed).
 *
 * <p>The model validator that runs at every load (see {@link Model}) refuses most broken models without a child
 * JVM; what it cannot see is what a kernel needs of its tensors, which only running the model shows. A pre-flight
 * costs a JVM start-up plus a load and two invokes of every signature (1.5 to 3 s for the shared models): use it
 * once per model you did not make, e.g. when it is uploaded, not before every load. A model that passes with zeros
 * can still crash with other inputs or shapes; pass representative samples.
 *
 * <p>The child runs the same {@code java} with the same class path (or module path), and the
 * {@code tflite.ffm.*} system properties of this JVM.
 */
public final class ModelCheck {

    /** The steps of a check, in order. */
    public enum Stage {
        /** {@link Model#fromFile(Path)}: the validator and TFLite's verifier. */
        LOAD,
        /** {@link Interpreter#create(Model, InterpreterOptions)}: once to list the signatures, then once for each. */
        INTERPRETER,
        /** {@link SignatureRunner#allocateTensors()}. */
        ALLOCATE,
        /** {@link SignatureRunner#invoke()} with every input zero (empty strings for string inputs). */
        INVOKE,
        /** {@link SignatureRunner#run(Map)} with the caller's sample inputs. */
        SAMPLE,
        /** {@link Interpreter#close()}, also right after a stage failed. */
        CLOSE
    }

    /**
     * How one signature fared.
     *
     * @param signature the signature key ({@link Interpreter#PLACEHOLDER_SIGNATURE_KEY} for a model without
     *     signatures)
     * @param failure   why it failed, or {@code null} when every stage passed
     * @param stage     the stage that failed, or {@code null}
     */
    public record SignatureResult(String signature, TfLiteException failure, Stage stage) {
        /** Whether every stage passed. */
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * What the check found.
     *
     * @param model       the model file
     * @param loadFailure why the model could not be loaded or given an interpreter, or {@code null}; when set,
     *                    {@code signatures} is empty
     * @param signatures  one result per signature, in the model's order
     * @param crashed     whether the child JVM died (a signal, or an exit without finishing)
     * @param hsErrFile   the child's fatal error log, when the JVM wrote one
     */
    public record Report(
            Path model,
            TfLiteException loadFailure,
            List<SignatureResult> signatures,
            boolean crashed,
            Optional<Path> hsErrFile) {

        /** Copies the list. */
        public Report {
            signatures = List.copyOf(signatures);
        }

        /** Whether the model loaded and every signature passed every stage. */
        public boolean ok() {
            return loadFailure == null && signatures.stream().allMatch(SignatureResult::ok);
        }

        /**
         * Throws the first failure, if any.
         *
         * @throws TfLiteException the load failure or the first signature's failure
         */
        public void throwIfFailed() {
            if (loadFailure != null) {
                throw loadFailure;
            }
            for (SignatureResult r : signatures) {
                if (!r.ok()) {
                    throw r.failure();
                }
            }
        }
    }

    /** An option of {@link #inChildJvm(Path, Option...)}; made by the static methods here. */
    public static final class Option {
        private final Duration timeout;
        private final InterpreterOptions interpreterOptions;
        private final String signature;
        private final Map<String, NdArray> inputs;

        private Option(Duration timeout, InterpreterOptions options, String signature, Map<String, NdArray> inputs) {
            this.timeout = timeout;
            this.interpreterOptions = options;
            this.signature = signature;
            this.inputs = inputs;
        }

        /** How long the child may take in all (default 2 minutes); then it is killed and the check fails. */
        public static Option timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, given " + timeout);
            }
            return new Option(timeout, null, null, null);
        }

        /**
         * The threads and XNNPACK setting of the child's interpreter (default: {@link InterpreterOptions#defaults()}).
         *
         * @throws IllegalArgumentException if the options have delegates, which cannot cross to another process
         */
        public static Option interpreterOptions(InterpreterOptions options) {
            Objects.requireNonNull(options, "options");
            if (!options.delegates().isEmpty()) {
                throw new IllegalArgumentException("delegates cannot be passed to a child JVM; given "
                        + options.delegates().size());
            }
            return new Option(null, options, null, null);
        }

        /** Inputs to run {@code signature} with after the zeros, as {@link SignatureRunner#run(Map)} takes them. */
        public static Option sampleInputs(String signature, Map<String, NdArray> inputs) {
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(inputs, "inputs");
            inputs.forEach((k, v) -> {
                Objects.requireNonNull(k, "input name");
                Objects.requireNonNull(v, "input '" + k + "'");
            });
            return new Option(null, null, signature, Map.copyOf(inputs));
        }
    }

    private ModelCheck() {}

    /**
     * Checks {@code model} in a child JVM.
     *
     * @return the report; a crash is a failed result whose exception says how the child died
     * @throws UncheckedIOException if the child JVM cannot be started or its files written
     */
    public static Report inChildJvm(Path model, Option... options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        Duration timeout = Duration.ofMinutes(2);
        InterpreterOptions interpreterOptions = InterpreterOptions.defaults();
        Map<String, Map<String, NdArray>> samples = new LinkedHashMap<>();
        for (Option o : options) {
            Objects.requireNonNull(o, "option");
            if (o.timeout != null) {
                timeout = o.timeout;
            }
            if (o.interpreterOptions != null) {
                interpreterOptions = o.interpreterOptions;
            }
            if (o.signature != null) {
                samples.put(o.signature, o.inputs);
            }
        }
        try {
            return new ChildCheck(model.toAbsolutePath(), timeout, interpreterOptions, samples).run();
        } catch (IOException e) {
            throw new UncheckedIOException("the child JVM of the check of " + model + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + model, e);
        }
    }
}
