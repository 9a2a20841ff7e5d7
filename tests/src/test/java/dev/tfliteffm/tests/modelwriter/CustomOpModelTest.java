package dev.tfliteffm.tests.modelwriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteContext;
import dev.tfliteffm.internal.bindings.TfLiteNode;
import dev.tfliteffm.internal.bindings.TfLiteRegistration;
import dev.tfliteffm.internal.bindings.TfLiteTensor;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.SampleModels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample (f): the custom op is unresolved by default, and runs once a kernel is registered under its name. */
class CustomOpModelTest {

    @Test
    void theModelNamesItsCustomOp() {
        assertEquals(
                List.of(SampleModels.CUSTOM_OP_NAME),
                ModelReader.read(SampleModels.customOp()).customOperatorNames());
    }

    @Test
    void defaultResolverFailsAtAllocationWithTheOpName() {
        // The interpreter is created (the unresolved op gets a placeholder kernel); preparing it fails.
        try (RawInterpreter tflite = RawInterpreter.load(SampleModels.customOp())) {
            RawInterpreter.Runner runner = tflite.runner("serving_default");
            assertNotEquals(TfLite.kTfLiteOk(), runner.tryAllocate());
            assertTrue(
                    tflite.errors().stream()
                            .anyMatch(e ->
                                    e.contains("Encountered unresolved custom op: " + SampleModels.CUSTOM_OP_NAME)),
                    tflite.errors().toString());
        }
    }

    @Test
    void aRegisteredKernelRunsIt() {
        try (Arena kernelArena = Arena.ofShared()) {
            MemorySegment registration = TfLiteRegistration.allocate(kernelArena);
            TfLiteRegistration.prepare(
                    registration, TfLiteRegistration.prepare.allocate(TimesTwo::prepare, kernelArena));
            TfLiteRegistration.invoke(registration, TfLiteRegistration.invoke.allocate(TimesTwo::invoke, kernelArena));
            MemorySegment name = kernelArena.allocateFrom(SampleModels.CUSTOM_OP_NAME);
            try (RawInterpreter tflite = RawInterpreter.load(
                    SampleModels.customOp(),
                    options -> TfLite.TfLiteInterpreterOptionsAddCustomOp(options, name, registration, 1, 1))) {
                float[] x = {1.5f, -2f, 0f, 1e6f};
                RawInterpreter.Runner runner =
                        tflite.runner("serving_default").resize("x", x.length).allocate();
                float[] y = runner.set("x", x).invoke().floats("y");
                assertArrayEquals(new float[] {3f, -4f, 0f, 2e6f}, y);
            }
        }
    }

    /** A custom kernel in Java: output = 2 × input, shaped like the input. */
    private static final class TimesTwo {
        private TimesTwo() {}

        static int prepare(MemorySegment context, MemorySegment node) {
            try {
                MemorySegment ctx = context.reinterpret(TfLiteContext.sizeof());
                MemorySegment input = tensor(ctx, node, true);
                MemorySegment output = tensor(ctx, node, false);
                MemorySegment dims = TfLite.TfLiteIntArrayCopy(TfLiteTensor.dims(input));
                // ResizeTensor takes ownership of the dims array.
                return TfLiteContext.ResizeTensor.invoke(TfLiteContext.ResizeTensor(ctx), context, output, dims);
            } catch (Throwable t) {
                return TfLite.kTfLiteError();
            }
        }

        static int invoke(MemorySegment context, MemorySegment node) {
            try {
                MemorySegment ctx = context.reinterpret(TfLiteContext.sizeof());
                MemorySegment input = tensor(ctx, node, true);
                MemorySegment output = tensor(ctx, node, false);
                long bytes = TfLiteTensor.bytes(input);
                MemorySegment in =
                        TfLiteTensor.data(input).get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
                MemorySegment out =
                        TfLiteTensor.data(output).get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
                for (long i = 0; i < bytes / 4; i++) {
                    out.setAtIndex(ValueLayout.JAVA_FLOAT, i, 2f * in.getAtIndex(ValueLayout.JAVA_FLOAT, i));
                }
                return TfLite.kTfLiteOk();
            } catch (Throwable t) {
                return TfLite.kTfLiteError();
            }
        }

        /** The node's first input or output tensor: TfLiteIntArray is an int size, then the indices. */
        private static MemorySegment tensor(MemorySegment ctx, MemorySegment node, boolean input) {
            MemorySegment n = node.reinterpret(TfLiteNode.sizeof());
            MemorySegment indices = (input ? TfLiteNode.inputs(n) : TfLiteNode.outputs(n)).reinterpret(8);
            int index = indices.get(ValueLayout.JAVA_INT, 4);
            long size = TfLiteTensor.sizeof();
            return TfLiteContext.tensors(ctx).reinterpret((index + 1) * size).asSlice(index * size, size);
        }
    }
}
