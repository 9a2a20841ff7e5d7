package org.tensorflow.lite;

import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.OpOptions;
import dev.tfliteffm.modelwriter.OpOptions.Activation;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The official tests' models (their {@code testdata/*.bin}), written with the model writer: the same tensor
 * names, types, shapes and arithmetic, so the tests can check the official expectations.
 */
final class TestModels {

    private TestModels() {}

    /** {@code add.bin}: input "input" float32[1,8,8,3] → output "output" = input × 3 (two ADDs); no signatures. */
    static byte[] add() {
        return triple(TensorType.FLOAT32, new int[] {1, 8, 8, 3});
    }

    /** {@code add_unknown_dimensions.bin}: as {@link #add()} with shape [1,1,3,3], shape signature [1,-1,3,3]. */
    static byte[] unknownDims() {
        return triple(TensorType.FLOAT32, new int[] {1, -1, 3, 3});
    }

    /** {@code int32.bin} style: input "input" int32[1,4,4,12] → output "output" = input × 3. */
    static byte[] int32() {
        return triple(TensorType.INT32, new int[] {1, 4, 4, 12});
    }

    /** {@code int64.bin} style: input "input" int64[1,4,4,12] → output "output" = input × 3. */
    static byte[] int64() {
        return triple(TensorType.INT64, new int[] {1, 4, 4, 12});
    }

    /** input "input" → "sum" = input + input → "output" = sum + input. */
    private static byte[] triple(TensorType type, int[] shape) {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("input", type, shape);
        TensorRef sum = g.tensor("sum", type, shape);
        TensorRef out = g.tensor("output", type, shape);
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(in, in), List.of(sum));
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(sum, in), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** {@code uint8.bin}: input "input" uint8[2,8,8,3] → output "output" uint8[2,4,4,12], the same bytes (RESHAPE). */
    static byte[] uint8() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("input", TensorType.UINT8, 2, 8, 8, 3);
        TensorRef out = g.tensor("output", TensorType.UINT8, 2, 4, 4, 12);
        g.op(BuiltinOperator.RESHAPE, List.of(in, g.constant("shape", new int[] {2, 4, 4, 12}, 4)), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** {@code string.bin} style: input "input" string[2,8,8,3] → output "output_tensor" string[2,4,4,12] (RESHAPE). */
    static byte[] string() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("input", TensorType.STRING, 2, 8, 8, 3);
        TensorRef out = g.tensor("output_tensor", TensorType.STRING, 2, 4, 4, 12);
        g.op(BuiltinOperator.RESHAPE, List.of(in, g.constant("shape", new int[] {2, 4, 4, 12}, 4)), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** Input "text" string[-1] → output "echoed" string[-1], the same strings (RESHAPE to [-1]); no signatures. */
    static byte[] stringEcho() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("text", TensorType.STRING, -1);
        TensorRef out = g.tensor("echoed", TensorType.STRING, -1);
        g.op(BuiltinOperator.RESHAPE, List.of(in, g.constant("shape", new int[] {-1}, 1)), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** {@code multi_add.bin}: inputs a, b, c, d float32[1,8,8,3] → x = a + b + c, y = b + c + d; signature too. */
    static byte[] multiAdd() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        int[] s = {1, 8, 8, 3};
        TensorRef a = g.input("a", TensorType.FLOAT32, s);
        TensorRef b = g.input("b", TensorType.FLOAT32, s);
        TensorRef c = g.input("c", TensorType.FLOAT32, s);
        TensorRef d = g.input("d", TensorType.FLOAT32, s);
        TensorRef bc = g.tensor("bc", TensorType.FLOAT32, s);
        TensorRef x = g.tensor("x", TensorType.FLOAT32, s);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, s);
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(b, c), List.of(bc));
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(a, bc), List.of(x));
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(bc, d), List.of(y));
        g.outputs(x, y);
        m.signature("serving_default", g)
                .input("a", a)
                .input("b", b)
                .input("c", c)
                .input("d", d)
                .output("x", x)
                .output("y", y);
        return m.build();
    }

    /**
     * {@code tile_with_bool_input.bin}: input "input" bool[2,2,2] and "multipliers" int32[3] → output bool[2,2,4]
     * (TILE).
     */
    static byte[] boolTile() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("input", TensorType.BOOL, 2, 2, 2);
        TensorRef multipliers = g.input("multipliers", TensorType.INT32, 3);
        TensorRef out = g.tensor("output", TensorType.BOOL, 2, 2, 4);
        g.op(BuiltinOperator.TILE, List.of(in, multipliers), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** {@code quantized.bin} style: input uint8[1] → output uint8[1] (RESHAPE), both scale 0.25, zero point 127. */
    static byte[] quantized() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef in = g.input("input", TensorType.UINT8, 1).quantized(0.25f, 127);
        TensorRef out = g.tensor("output", TensorType.UINT8, 1).quantized(0.25f, 127);
        g.op(BuiltinOperator.RESHAPE, List.of(in, g.constant("shape", new int[] {1}, 1)), List.of(out));
        g.outputs(out);
        return m.build();
    }

    /** {@code mul_add_signature_def.bin}: signature "mul_add", inputs x, y float32[1] → output_0 = x × 3 + y. */
    static byte[] mulAdd() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder g = m.subgraph("main");
        TensorRef x = g.input("mul_add_x:0", TensorType.FLOAT32, 1);
        TensorRef y = g.input("mul_add_y:0", TensorType.FLOAT32, 1);
        TensorRef three = g.constant("three", new float[] {3f}, 1);
        TensorRef product = g.tensor("product", TensorType.FLOAT32, 1);
        TensorRef out = g.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, 1);
        g.op(BuiltinOperator.MUL, OpOptions.mul(Activation.NONE), List.of(x, three), List.of(product));
        g.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(product, y), List.of(out));
        g.outputs(out);
        m.signature("mul_add", g).input("x", x).input("y", y).output("output_0", out);
        return m.build();
    }

    /**
     * {@code multi_signature_def.bin}: signature "add" (subgraph 0: a + b → add_result) and "sub" (subgraph 1:
     * x − y → sub_result), float32 scalars.
     */
    static byte[] multiSignature() {
        ModelBuilder m = new ModelBuilder();
        SubgraphBuilder add = m.subgraph("add");
        TensorRef a = add.input("add_a:0", TensorType.FLOAT32);
        TensorRef b = add.input("add_b:0", TensorType.FLOAT32);
        TensorRef sum = add.tensor("add_result:0", TensorType.FLOAT32);
        add.op(BuiltinOperator.ADD, OpOptions.add(Activation.NONE), List.of(a, b), List.of(sum));
        add.outputs(sum);
        m.signature("add", add).input("a", a).input("b", b).output("add_result", sum);
        SubgraphBuilder sub = m.subgraph("sub");
        TensorRef x = sub.input("sub_x:0", TensorType.FLOAT32);
        TensorRef y = sub.input("sub_y:0", TensorType.FLOAT32);
        TensorRef difference = sub.tensor("sub_result:0", TensorType.FLOAT32);
        sub.op(BuiltinOperator.SUB, OpOptions.sub(Activation.NONE), List.of(x, y), List.of(difference));
        sub.outputs(difference);
        m.signature("sub", sub).input("x", x).input("y", y).output("sub_result", difference);
        return m.build();
    }

    /** {@code model} written to a temporary file, deleted when the JVM exits. */
    static File file(byte[] model) {
        try {
            Path p = Files.createTempFile("compat-test-", ".tflite");
            p.toFile().deleteOnExit();
            return Files.write(p, model).toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code model} in a direct ByteBuffer in native order, as the official tests load theirs. */
    static ByteBuffer buffer(byte[] model) {
        return ByteBuffer.allocateDirect(model.length)
                .order(ByteOrder.nativeOrder())
                .put(model)
                .rewind();
    }
}
