package dev.tfliteffm.modelwriter;

/**
 * A model that {@link ModelBuilder} was asked to write is inconsistent: a tensor index out of range, a
 * signature naming a tensor its subgraph lacks, a constant buffer of the wrong size, and the like. The message
 * names the offending subgraph, operator, tensor, signature or buffer and says what was expected, so the
 * mistake is found when the model is built rather than when TFLite refuses the file.
 */
public class ModelBuildException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public ModelBuildException(String message) {
        super(message);
    }
}
