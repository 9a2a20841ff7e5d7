package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official API's Buffer rules, case by case (they were checked against the official 2.6.2 desktop build and
 * the current sources): which buffers are read from index 0 or from their position, where positions end, and which
 * byte orders apply. The model triples a float32[2] input.
 */
class BufferRulesTest {

    private static final ByteOrder OTHER =
            ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;

    private Interpreter interpreter;

    @BeforeEach
    void setUp() {
        interpreter = new Interpreter(TestModels.buffer(TestModels.add()));
        interpreter.resizeInput(0, new int[] {2});
    }

    @AfterEach
    void tearDown() {
        interpreter.close();
    }

    private float[] run(Object input) {
        float[] out = new float[2];
        interpreter.run(input, out);
        return out;
    }

    @Test
    void directNativeInputIsReadFromIndexZeroAndKeepsItsPosition() {
        ByteBuffer in = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        in.putFloat(1f).putFloat(2f); // position 8: ignored
        assertArrayEquals(new float[] {3f, 6f}, run(in));
        assertEquals(8, in.position());
        FloatBuffer view =
                ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).asFloatBuffer();
        view.put(4f).put(5f);
        assertArrayEquals(new float[] {12f, 15f}, run(view));
        assertEquals(2, view.position());
    }

    @Test
    void otherInputsAreReadFromTheirPositionToTheirLimit() {
        ByteBuffer heap = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        heap.putFloat(0, 1f).putFloat(4, 2f);
        assertArrayEquals(new float[] {3f, 6f}, run(heap));
        assertEquals(8, heap.position(), "consumed");
        FloatBuffer floats = FloatBuffer.wrap(new float[] {7f, 8f});
        assertArrayEquals(new float[] {21f, 24f}, run(floats));
        assertEquals(2, floats.position());
        FloatBuffer readOnly = FloatBuffer.wrap(new float[] {1f, 1f}).asReadOnlyBuffer();
        assertArrayEquals(new float[] {3f, 3f}, run(readOnly));
    }

    @Test
    void aByteBuffersOrderIsNotApplied() {
        // Bits whose byte-swapped form is a normal float too (TFLite flushes denormals to zero).
        ByteBuffer swapped = ByteBuffer.allocate(8).order(OTHER);
        swapped.putInt(0, 0x40414243).putInt(4, 0x40414243);
        float asNative = swapped.duplicate().order(ByteOrder.nativeOrder()).getFloat(0);
        assertEquals(3f * asNative, run(swapped)[0], Math.abs(asNative) * 1e-5f, "the raw bytes, as native floats");
        ByteBuffer directSwapped = ByteBuffer.allocateDirect(8).order(OTHER);
        directSwapped.putInt(0, 0x40414243).putInt(4, 0x40414243);
        assertEquals(3f * asNative, run(directSwapped)[0], Math.abs(asNative) * 1e-5f);
    }

    @Test
    void aTypedBuffersOrderIsApplied() {
        FloatBuffer heapView =
                ByteBuffer.allocate(8).order(OTHER).asFloatBuffer().put(0, 1f).put(1, 2f);
        assertArrayEquals(new float[] {3f, 6f}, run(heapView));
        FloatBuffer directView = ByteBuffer.allocateDirect(8)
                .order(OTHER)
                .asFloatBuffer()
                .put(0, 1f)
                .put(1, 2f);
        assertArrayEquals(new float[] {3f, 6f}, run(directView));
    }

    @Test
    void outputsAreWrittenAtThePositionWhichThenMovesPastThem() {
        ByteBuffer out = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        out.position(4);
        interpreter.run(new float[] {1f, 2f}, out);
        assertEquals(12, out.position(), "not rewound");
        assertEquals(3f, out.getFloat(4));
        assertEquals(6f, out.getFloat(8));
        FloatBuffer floats = FloatBuffer.allocate(3);
        floats.position(1);
        interpreter.run(new float[] {1f, 2f}, floats);
        assertEquals(3, floats.position());
        assertArrayEquals(new float[] {0f, 3f, 6f}, floats.array());
    }

    @Test
    void outputByteBuffersGetNativeOrderTypedBuffersTheirOwn() {
        ByteBuffer swapped = ByteBuffer.allocate(8).order(OTHER);
        interpreter.run(new float[] {1f, 2f}, swapped);
        assertEquals(3f, swapped.order(ByteOrder.nativeOrder()).getFloat(0));
        FloatBuffer view = ByteBuffer.allocate(8).order(OTHER).asFloatBuffer();
        interpreter.run(new float[] {1f, 2f}, view);
        assertEquals(6f, view.get(1));
    }

    @Test
    void shortBuffersAndArraysForInt16() {
        try (Interpreter types = new Interpreter(TestModels.buffer(SampleModels.allTypes()))) {
            // An array resizes the input (Buffers never do), then Buffers of the new size fit.
            short[] arrayOut = new short[3];
            types.runSignature(Map.of("x", new short[] {4, 5, 6}), Map.of("y", arrayOut), "int16");
            assertArrayEquals(new short[] {4, 5, 6}, arrayOut);
            ShortBuffer out = ShortBuffer.allocate(3);
            types.runSignature(Map.of("x", ShortBuffer.wrap(new short[] {1, -2, 300})), Map.of("y", out), "int16");
            assertArrayEquals(new short[] {1, -2, 300}, out.array());
            byte[] bytesOut = new byte[2];
            types.runSignature(Map.of("x", new byte[] {-1, 7}), Map.of("y", bytesOut), "uint8");
            assertArrayEquals(new byte[] {-1, 7}, bytesOut);
            byte[] int8Out = new byte[1];
            types.runSignature(Map.of("x", new byte[] {-9}), Map.of("y", int8Out), "int8");
            assertArrayEquals(new byte[] {-9}, int8Out, "INT8 and UINT8 are both Java byte");
            // A boxed scalar makes the input a scalar; allowed on the primary subgraph (float32 here).
            FloatBuffer scalar = FloatBuffer.allocate(1);
            types.runSignature(Map.of("x", 2.5f), Map.of("y", scalar), "float32");
            assertEquals(2.5f, scalar.get(0));
        }
    }
}
