package dev.tfliteffm.cli;

import java.util.StringJoiner;

/** Array shapes as {@code .npy} files hold them: element counts that never overflow, and Python's tuple text. */
final class NpyShape {

    private NpyShape() {}

    /** The product of {@code shape}; -1 when a dimension is negative or the product overflows a long. */
    static long elementCount(long[] shape) {
        boolean zero = false;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            zero |= d == 0;
        }
        if (zero) {
            return 0; // even when the other dimensions' product would overflow
        }
        long count = 1;
        for (long d : shape) {
            if (Math.multiplyHigh(count, d) != 0 || count * d < 0) {
                return -1;
            }
            count *= d;
        }
        return count;
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (1, 28, 28)}. */
    static String toString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (long d : shape) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }
}
