package dev.tfliteffm.tests.conformance;

import dev.tfliteffm.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inputs the conformance tests feed both sides: all zeros, the extremes of each input's type, and seeded
 * random values, as raw bytes in native order.
 */
final class ConformanceInputs {

    /** One input of a signature, as the Java runtime reports it before allocation. */
    record InputSpec(String name, DataType type, int[] shape, int[] shapeSignature) {
        int elementCount() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    /** The inputs of one invoke, with a label for messages, and the shape of each input. */
    record InputSet(String label, Map<String, byte[]> bytes, Map<String, int[]> shapes) {}

    /** Random values per input set. */
    private static final int RANDOM_SETS = 3;

    private ConformanceInputs() {}

    /**
     * The input sets for one signature, in the order they are invoked: zeros, random, and the type's extremes.
     * {@code few} keeps only zeros and one random set.
     */
    static List<InputSet> sets(List<InputSpec> inputs, boolean few) {
        List<InputSet> sets = new ArrayList<>();
        sets.add(fill("zeros", inputs, null, (spec, random, i) -> 0));
        for (long seed = 1; seed <= (few ? 1 : RANDOM_SETS); seed++) {
            sets.add(fill("random, seed " + seed, inputs, seed, ConformanceInputs::uniform));
        }
        if (few) {
            return sets;
        }
        // Extremes last: in a stateful model they may leave NaN in the state, which would hide later differences.
        sets.add(fill("type's minimum", inputs, null, (spec, random, i) -> extreme(spec.type(), Extreme.MIN)));
        sets.add(fill("type's maximum", inputs, null, (spec, random, i) -> extreme(spec.type(), Extreme.MAX)));
        if (inputs.stream().anyMatch(s -> isFloat(s.type()))) {
            sets.add(fill("smallest subnormal", inputs, null, (spec, random, i) -> extreme(spec.type(), Extreme.TINY)));
            sets.add(fill(
                    "alternating ±1e30",
                    inputs,
                    null,
                    (spec, random, i) -> isFloat(spec.type())
                            ? (i % 2 == 0 ? 1e30 : -1e30)
                            : extreme(spec.type(), i % 2 == 0 ? Extreme.MAX : Extreme.MIN)));
            sets.add(fill("random finite bit patterns", inputs, 99L, ConformanceInputs::anyFinite));
        }
        return sets;
    }

    /**
     * Whether every input has a batch dimension of 1 that may be asked to become 3: it is -1 in the shape signature,
     * or the signature runs on the primary subgraph, where TFLite lets any dimension change (the model may still
     * refuse the new shape when it allocates).
     */
    static boolean batchable(List<InputSpec> inputs, boolean onPrimarySubgraph) {
        return inputs.stream()
                .allMatch(spec -> spec.shape().length > 0
                        && spec.shape()[0] == 1
                        && (onPrimarySubgraph
                                || (spec.shapeSignature().length == spec.shape().length
                                        && spec.shapeSignature()[0] == -1)));
    }

    /** Random inputs with a batch dimension of 3. */
    static InputSet batchOfThree(List<InputSpec> inputs) {
        List<InputSpec> batched = inputs.stream()
                .map(s -> {
                    int[] shape = s.shape().clone();
                    shape[0] = 3;
                    return new InputSpec(s.name(), s.type(), shape, s.shapeSignature());
                })
                .toList();
        return fill("random, batch of 3", batched, 7L, ConformanceInputs::uniform);
    }

    @FunctionalInterface
    private interface Values {
        /** Element {@code index} of input {@code spec}; doubles hold every value of the types used here exactly. */
        double value(InputSpec spec, SplittableRandom random, int index);
    }

    private static InputSet fill(String label, List<InputSpec> inputs, Long seed, Values values) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int n = 0; n < inputs.size(); n++) {
            InputSpec spec = inputs.get(n);
            SplittableRandom random = new SplittableRandom(seed == null ? 0 : seed * 1000 + n);
            int count = spec.elementCount();
            ByteBuffer b = ByteBuffer.allocate(count * byteSize(spec.type())).order(ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                put(b, spec.type(), values.value(spec, random, i));
            }
            bytes.put(spec.name(), b.array());
            shapes.put(spec.name(), spec.shape());
        }
        return new InputSet(label, bytes, shapes);
    }

    private static double uniform(InputSpec spec, SplittableRandom random, int index) {
        if (isFloat(spec.type())) {
            return random.nextDouble(-1, 1);
        }
        // Every value of the type, ends included.
        return random.nextLong((long) extreme(spec.type(), Extreme.MIN), (long) extreme(spec.type(), Extreme.MAX) + 1);
    }

    private static double anyFinite(InputSpec spec, SplittableRandom random, int index) {
        if (spec.type() == DataType.FLOAT32) {
            float f;
            do {
                f = Float.intBitsToFloat(random.nextInt());
            } while (!Float.isFinite(f));
            return f;
        }
        return uniform(spec, random, index);
    }

    private enum Extreme {
        MIN,
        MAX,
        TINY
    }

    private static double extreme(DataType type, Extreme which) {
        return switch (type) {
            case FLOAT32 ->
                switch (which) {
                    case MIN -> -Float.MAX_VALUE;
                    case MAX -> Float.MAX_VALUE;
                    case TINY -> Float.MIN_VALUE;
                };
            case FLOAT64 ->
                switch (which) {
                    case MIN -> -Double.MAX_VALUE;
                    case MAX -> Double.MAX_VALUE;
                    case TINY -> Double.MIN_VALUE;
                };
            case INT8 -> which == Extreme.MIN ? Byte.MIN_VALUE : which == Extreme.MAX ? Byte.MAX_VALUE : 1;
            case UINT8 -> which == Extreme.MIN ? 0 : which == Extreme.MAX ? 255 : 1;
            case BOOL -> which == Extreme.MIN ? 0 : 1;
            case INT16 -> which == Extreme.MIN ? Short.MIN_VALUE : which == Extreme.MAX ? Short.MAX_VALUE : 1;
            case UINT16 -> which == Extreme.MIN ? 0 : which == Extreme.MAX ? 65535 : 1;
            case INT32 -> which == Extreme.MIN ? Integer.MIN_VALUE : which == Extreme.MAX ? Integer.MAX_VALUE : 1;
            case UINT32 -> which == Extreme.MIN ? 0 : which == Extreme.MAX ? 4294967295.0 : 1;
            // Doubles hold 64-bit integers only to 2^53: the conformance inputs of int64 stay within that.
            case INT64 -> which == Extreme.MIN ? -(1L << 53) : which == Extreme.MAX ? (1L << 53) : 1;
            default ->
                throw new AssertionError("the conformance inputs do not cover " + type.numpyName() + " inputs yet");
        };
    }

    private static boolean isFloat(DataType type) {
        return type == DataType.FLOAT32 || type == DataType.FLOAT64;
    }

    private static int byteSize(DataType type) {
        extreme(type, Extreme.MIN); // fails for types not covered
        return type.byteSize();
    }

    private static void put(ByteBuffer b, DataType type, double v) {
        switch (type) {
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
            case INT8, UINT8, BOOL -> b.put((byte) (long) v);
            case INT16, UINT16 -> b.putShort((short) (long) v);
            case INT32, UINT32 -> b.putInt((int) (long) v);
            case INT64 -> b.putLong((long) v);
            default ->
                throw new AssertionError("the conformance inputs do not cover " + type.numpyName() + " inputs yet");
        }
    }
}
