package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLiteFloatArray;
import dev.tfliteffm.internal.bindings.TfLiteIntArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * TFLite's {@code TfLiteIntArray} and {@code TfLiteFloatArray} (a count, then the values) read into Java arrays:
 * tensor shapes and quantization parameters. {@link #ints(long, int[])} reads a shape without allocating when it
 * has not changed, which keeps {@link SignatureRunner#run(java.util.Map)}'s steady path free of shape copies.
 */
final class NativeArrays {

    /** Every address, for reads at an absolute address with no segment made per read. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final long INT_DATA = TfLiteIntArray.data$offset();
    private static final long FLOAT_DATA = TfLiteFloatArray.data$offset();
    private static final long INT_SIZE = TfLiteIntArray.size$offset();
    private static final long FLOAT_SIZE = TfLiteFloatArray.size$offset();

    private NativeArrays() {}

    /** A {@code TfLiteIntArray*} as a new Java array; empty for a null pointer. */
    static int[] ints(long address) {
        if (address == 0) {
            return new int[0];
        }
        int[] values = new int[ALL.get(ValueLayout.JAVA_INT_UNALIGNED, address + INT_SIZE)];
        MemorySegment.copy(ALL, ValueLayout.JAVA_INT_UNALIGNED, address + INT_DATA, values, 0, values.length);
        return values;
    }

    /**
     * A {@code TfLiteIntArray*} as a Java array: {@code cached} itself if it holds the same values (it is never
     * written, so callers may keep and share it), else a new array; empty for a null pointer.
     */
    static int[] ints(long address, int[] cached) {
        if (cached != null && same(address, cached)) {
            return cached;
        }
        return ints(address);
    }

    private static boolean same(long address, int[] values) {
        if (address == 0) {
            return values.length == 0;
        }
        if (ALL.get(ValueLayout.JAVA_INT_UNALIGNED, address + INT_SIZE) != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (ALL.get(ValueLayout.JAVA_INT_UNALIGNED, address + INT_DATA + 4L * i) != values[i]) {
                return false;
            }
        }
        return true;
    }

    /** A {@code TfLiteFloatArray*} as a new Java array; empty for a null pointer. */
    static float[] floats(long address) {
        if (address == 0) {
            return new float[0];
        }
        float[] values = new float[ALL.get(ValueLayout.JAVA_INT_UNALIGNED, address + FLOAT_SIZE)];
        MemorySegment.copy(ALL, ValueLayout.JAVA_FLOAT_UNALIGNED, address + FLOAT_DATA, values, 0, values.length);
        return values;
    }
}
