package dev.tfliteffm;

/**
 * One node's kernel of an operator written in Java: what TFLite runs for a custom op of the model whose name
 * was registered with {@link InterpreterOptions.Builder#addOperator(String, int, JavaOperatorFactory)}.
 * A {@link JavaOperatorFactory} makes one instance per node of the model, per interpreter, so fields may hold
 * per-node state (attributes parsed from the custom options, scratch arrays sized in {@link #prepare}).
 *
 * <p><b>When TFLite calls it.</b> {@link #prepare} when the interpreter allocates tensors, and again after an
 * input of the graph was resized; {@link #invoke} on every invoke of a signature (or the primary subgraph)
 * that contains the node; {@link #close()} when the interpreter is closed. All three run on the thread that
 * called the interpreter; one interpreter is used by one thread at a time, so an instance needs no locks.
 *
 * <p><b>Errors.</b> An exception thrown by {@code prepare} or {@code invoke} fails TFLite's call with
 * {@code kTfLiteError}: the interpreter's call throws a {@link TfLiteException} whose message names the op and
 * gives the exception's class and message, and whose cause is the exception. Nothing escapes into native code,
 * and the interpreter stays usable.
 *
 * <p><b>Tensors</b> are reached through the {@link OperatorContext}; their views are valid during the callback
 * only. On the prepared path of a numeric op ({@link OperatorTensor#data()}, {@link OperatorTensor#dim(int)},
 * {@link OperatorTensor#byteSize()}) the runtime allocates nothing on the Java heap.
 */
public interface JavaOperator extends AutoCloseable {

    /**
     * Checks the inputs and sizes the outputs ({@link OperatorTensor#resize(int...)}, and
     * {@link OperatorTensor#setDataType(DataType)} when the model leaves an output's type to the op). Data of
     * non-constant tensors is not allocated yet. The default does nothing: outputs keep the model's shapes.
     */
    default void prepare(OperatorContext context) {}

    /** Computes the outputs from the inputs. */
    void invoke(OperatorContext context);

    /** Frees what this node's kernel holds; called once, when its interpreter is closed. Default: nothing. */
    @Override
    default void close() {}
}
