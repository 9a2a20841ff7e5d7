package dev.tfliteffm;

/**
 * One node's Java kernel inside one interpreter: the user's {@link JavaOperator} (or why the factory failed),
 * its reusable {@link OperatorContext}, and the error path of its callbacks. Used only by {@link JavaOperators}.
 */
final class OperatorKernel {

    private final JavaOperators.Binding binding;
    private final JavaOperator operator;
    private final Throwable creationFailure;
    private final OperatorContext context;

    /** Makes the node's kernel with the registration's factory; a failure is kept for prepare to report. */
    OperatorKernel(JavaOperators.Binding binding, byte[] customOptions) {
        this.binding = binding;
        this.context = new OperatorContext(binding.registration(), customOptions, binding.arena());
        JavaOperator op = null;
        Throwable failure = null;
        try {
            op = binding.registration().factory().create(customOptions.clone());
            if (op == null) {
                failure = new NullPointerException(
                        "the factory of op " + binding.registration().name() + " returned null");
            }
        } catch (Throwable t) {
            failure = t;
        }
        this.operator = op;
        this.creationFailure = failure;
    }

    /** Runs prepare or invoke; returns a {@code TfLiteStatus}, after reporting any exception to TFLite. */
    int run(long tfliteContext, long node, boolean preparing) {
        if (creationFailure != null) {
            return fail(tfliteContext, "could not be created", creationFailure);
        }
        context.begin(tfliteContext, node, preparing);
        try {
            if (preparing) {
                operator.prepare(context);
            } else {
                operator.invoke(context);
            }
            return 0;
        } catch (Throwable t) {
            return fail(tfliteContext, preparing ? "failed in prepare" : "failed in invoke", t);
        } finally {
            context.end();
        }
    }

    /** Tells TFLite (and so the failed call's {@link TfLiteException}) what went wrong; kTfLiteError. */
    private int fail(long tfliteContext, String what, Throwable t) {
        binding.reporter().cause(t);
        JavaOperators.reportError(
                tfliteContext, "Java operator " + binding.registration().name() + " " + what + ": " + t);
        return 1;
    }

    /** The user's close(); called once, from TFLite's free callback. */
    void close() {
        if (operator != null) {
            operator.close();
        }
    }
}
