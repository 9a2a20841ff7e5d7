package dev.tfliteffm.tests.fuzz;

/**
 * One fuzz case: a model made from a seed model by one mutation.
 *
 * @param seed   the seed model's name
 * @param kind   the kind of mutation
 * @param change what was changed, e.g. {@code subgraph 0, operator 3, input 1: tensor 5 -> 9}
 * @param bytes  the mutated model
 */
public record Mutant(String seed, Kind kind, String change, byte[] bytes) {

    /** The kinds of mutation: on bytes, or on the flatbuffer's structure (the crash classes of issue 12). */
    public enum Kind {
        /** A few bytes set to random values. */
        BYTE_FLIP(false, false),
        /** The file cut short. */
        TRUNCATION(false, false),
        /** Random bytes behind the TFL3 identifier. */
        RANDOM_BYTES(false, false),
        /** A subgraph input or output index out of range (-1, past the end). */
        IO_INDEX(true, false),
        /** An operator input, output or intermediate index out of range. */
        OP_TENSOR_INDEX(true, false),
        /** An operator's operator code index out of range. */
        OPCODE_INDEX(true, false),
        /** A tensor's buffer index pointing at a buffer of another size, or past the end. */
        BUFFER_INDEX(true, false),
        /** Quantization scale or zero point arrays, or the quantized dimension, not matching the shape. */
        QUANTIZATION(true, false),
        /** A dimension making the element count or byte size overflow int32, or negative. */
        SHAPE_OVERFLOW(true, false),
        /** A signature's tensor or subgraph index out of range, or an input or output name used twice. */
        SIGNATURE(true, false),
        /** Two subgraph inputs, or two outputs, given the same tensor name. */
        DUPLICATE_NAME(true, false),
        /** An operator output, or a subgraph input, pointing at a constant tensor. */
        CONSTANT_WRITE(true, false),
        /** An operator input or output swapped for another existing tensor of another shape or type. */
        TENSOR_SWAP(true, true),
        /** A dimension changed within int32 limits (e.g. a huge first dimension). */
        SHAPE_CHANGE(true, true),
        /** A tensor's element type changed. */
        TYPE_CHANGE(true, true),
        /** An operator given another existing operator code (another kernel on the same tensors). */
        OPCODE_SWAP(true, true);

        private final boolean structural;
        private final boolean kernelSpecific;

        Kind(boolean structural, boolean kernelSpecific) {
            this.structural = structural;
            this.kernelSpecific = kernelSpecific;
        }

        /** Whether the mutation works on the flatbuffer's tables rather than its bytes. */
        public boolean structural() {
            return structural;
        }

        /**
         * Whether the result can be well-formed and consistent, and wrong only for what a kernel needs of its
         * tensors: beyond what the model validator checks, so a crash is caught by the pre-flight instead.
         */
        public boolean kernelSpecific() {
            return kernelSpecific;
        }
    }

    /** One line for reports: seed, kind and change. */
    public String describe() {
        return seed + ": " + kind + ": " + change;
    }
}
