package dev.tfliteffm.bench;

/**
 * One step of the official Java API's two array paths, for a contender whose classes live in another class
 * loader ({@link CompatLoader}): the benchmark calls it through this interface, which both loaders share.
 */
public interface ApiSteps extends AutoCloseable {

    /** {@code Interpreter.run(input, output)} with Java arrays shaped as the tensors; returns the output array. */
    Object run();

    /** {@code Interpreter.runSignature(inputs, outputs, key)} with shaped arrays; returns the output array. */
    Object runSignature();

    /** The output of the last step, flat (int8 outputs as their raw values). */
    float[] lastOutput();

    @Override
    void close();
}
