package org.tensorflow.lite;

import java.nio.FloatBuffer;

/** Input data shaped as the official tests build it. */
final class Fixtures {

    private Fixtures() {}

    /** The official tests' [2,8,8,3] input: every row {1.23, 6.54, 7.81}. */
    static float[][][][] fourD() {
        float[] oneD = {1.23f, 6.54f, 7.81f};
        float[][] twoD = {oneD, oneD, oneD, oneD, oneD, oneD, oneD, oneD};
        float[][][] threeD = {twoD, twoD, twoD, twoD, twoD, twoD, twoD, twoD};
        return new float[][][][] {threeD, threeD};
    }

    /** What {@link TestModels#add()} gives for every row of {@link #fourD()}: × 3. */
    static final float[] TRIPLED = {3.69f, 19.62f, 23.43f};

    /** {@code buffer} filled with {@code value}, rewound. */
    static FloatBuffer fill(FloatBuffer buffer, float value) {
        while (buffer.hasRemaining()) {
            buffer.put(value);
        }
        return buffer.rewind();
    }
}
