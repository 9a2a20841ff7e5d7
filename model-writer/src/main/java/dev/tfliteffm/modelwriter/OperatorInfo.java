package dev.tfliteffm.modelwriter;

/**
 * One operator of a subgraph, as a {@code .tflite} file describes it.
 *
 * @param index       the operator's position in its subgraph (its place in the execution order)
 * @param opName      the builtin operator's name (e.g. {@code CONV_2D}), or the custom code of a custom op
 * @param builtinCode the builtin operator code ({@code 32}, CUSTOM, for custom ops)
 * @param customCode  the custom code, or null for builtin ops
 * @param version     the operator version
 * @param inputs      input tensor indices (-1 for an omitted optional input)
 * @param outputs     output tensor indices
 * @param optionsType the name of the builtin options table (e.g. {@code Conv2DOptions}), or null when none
 * @param options     the builtin options as the schema's object table (e.g. a
 *                    {@code org.tensorflow.lite.schema.Conv2DOptionsT} with padding and strides), or null when the
 *                    operator has none or they are of a kind newer than the schema classes
 */
public record OperatorInfo(
        int index,
        String opName,
        int builtinCode,
        String customCode,
        int version,
        int[] inputs,
        int[] outputs,
        String optionsType,
        Object options) {

    /** Whether this is a custom op. */
    public boolean isCustom() {
        return customCode != null;
    }
}
