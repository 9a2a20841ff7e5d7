package dev.tfliteffm.cli;

import dev.tfliteffm.DataType;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Random values for every input of a runner, as TFLite's {@code benchmark_model} gives them: floats uniform in
 * [-1, 1), bools 0 or 1, strings of 1 to 16 letters, and any bit pattern for integer types (every pattern is a
 * valid integer). Written straight into the tensors, after their allocation.
 */
final class RandomInputs {

    private RandomInputs() {}

    /** Fills every input of {@code runner} (allocated) with values from {@code random}. */
    static void fill(SignatureRunner runner, SplittableRandom random) {
        for (String name : runner.inputNames()) {
            fill(runner.input(name), random);
        }
    }

    private static void fill(Tensor t, SplittableRandom random) {
        if (t.dataType() == DataType.STRING) {
            String[] values = new String[Math.toIntExact(t.elementCount())];
            for (int i = 0; i < values.length; i++) {
                values[i] = word(random);
            }
            t.copyFrom(values);
            return;
        }
        MemorySegment data = t.data();
        long n = t.elementCount();
        switch (t.dataType()) {
            case FLOAT32 -> {
                for (long i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, uniform(random));
                }
            }
            case FLOAT64 -> {
                for (long i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, uniform(random));
                }
            }
            case FLOAT16 -> {
                for (long i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(uniform(random)));
                }
            }
            case BFLOAT16 -> { // the upper half of a float32
                for (long i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(uniform(random));
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (bits >>> 16));
                }
            }
            case BOOL -> {
                for (long i = 0; i < n; i++) {
                    data.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(2));
                }
            }
            default -> {
                for (long i = 0; i < data.byteSize(); i++) {
                    data.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
                }
            }
        }
    }

    private static float uniform(SplittableRandom random) {
        return (float) (random.nextDouble() * 2 - 1);
    }

    private static String word(SplittableRandom random) {
        char[] letters = new char[1 + random.nextInt(16)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }
}
