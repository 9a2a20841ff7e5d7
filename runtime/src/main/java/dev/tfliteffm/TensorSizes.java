package dev.tfliteffm;

import java.lang.foreign.MemorySegment;

/** The element-count check of tensors after an allocation (TFLite's kernels count elements in 32 bits). */
final class TensorSizes {

    private TensorSizes() {}

    /**
     * After an allocation of {@code interpreter} (entered): refuses shapes whose element counts TFLite's kernels got wrong. They count
     * elements in 32-bit ints, so an intermediate tensor beyond 2^31 elements (a [2^28, 1] input to a 16-unit
     * dense layer) silently gave outputs of shape [0, 1].
     *
     * @throws IllegalArgumentException naming the tensor and its shape
     */
    static void check(long interpreter, Tensor[] watched, boolean primarySubgraph, String what) {
        if (primarySubgraph) {
            // TfLiteInterpreterGetTensor returns null past the last tensor: the C API has no tensor count.
            for (int i = 0; ; i++) {
                MemorySegment t = CApi.asPointer(CApi.INTERPRETER_GET_TENSOR.call(interpreter, i));
                if (t.equals(MemorySegment.NULL)) {
                    break;
                }
                checkElementCount(t, what);
            }
        } else {
            for (Tensor t : watched) {
                checkElementCount(MemorySegment.ofAddress(t.address()), what);
            }
        }
    }

    private static void checkElementCount(MemorySegment tensor, String what) {
        int[] shape = Tensor.shapeOf(tensor);
        for (int d : shape) {
            if (d == 0) {
                return; // no elements
            }
        }
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE || n < 0) {
                MemorySegment name = CApi.asPointer(CApi.TENSOR_NAME.call(tensor.address()));
                throw new IllegalArgumentException(what + ": the input shapes make tensor '"
                        + (name.equals(MemorySegment.NULL)
                                ? "?"
                                : name.reinterpret(4096).getString(0))
                        + "' " + java.util.Arrays.toString(shape)
                        + ", more than the 2147483647 elements TFLite counts in 32 bits; use smaller inputs");
            }
        }
    }
}
