package dev.tfliteffm;

/**
 * Makes the {@link JavaOperator} of one node: TFLite's {@code init} callback. Called while an interpreter is
 * created, once per node of the model that uses the registered op, possibly on several threads at once when
 * several interpreters are created concurrently (so a factory must be thread-safe; a lambda without shared
 * mutable state is).
 */
@FunctionalInterface
public interface JavaOperatorFactory {

    /**
     * A kernel for one node.
     *
     * @param customOptions the bytes the model stores with the node (for Flex ops a FlexBuffer holding the
     *                      TensorFlow NodeDef, see {@code dev.tfliteffm.flex.FlexNodeDef}); empty when none. The
     *                      array is the kernel's own copy.
     * @return the kernel; an exception thrown here fails the interpreter's first allocation (or invoke) with a
     *     {@link TfLiteException} naming the op
     */
    JavaOperator create(byte[] customOptions);
}
