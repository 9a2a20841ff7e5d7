package dev.tfliteffm.modelwriter;

import java.util.List;

/**
 * One subgraph of a {@code .tflite} file.
 *
 * @param index     the subgraph's index (0 is the primary subgraph)
 * @param name      the subgraph's name (may be empty)
 * @param tensors   the tensors, by index
 * @param inputs    the input tensor indices
 * @param outputs   the output tensor indices
 * @param operators the operators in execution order
 */
public record SubgraphInfo(
        int index, String name, List<TensorInfo> tensors, int[] inputs, int[] outputs, List<OperatorInfo> operators) {

    /** The tensor with this name, or null. */
    public TensorInfo tensorNamed(String tensorName) {
        for (TensorInfo t : tensors) {
            if (t.name().equals(tensorName)) {
                return t;
            }
        }
        return null;
    }
}
