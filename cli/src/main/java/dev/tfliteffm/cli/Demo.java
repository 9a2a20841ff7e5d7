package dev.tfliteffm.cli;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.modelwriter.SampleModels;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code demo}: TensorFlow Lite's "Signatures" walkthrough, from Java, on a model with two signatures,
 * {@code encode} and {@code decode}, written by the project's model writer (encode quantizes float32 to int8,
 * decode dequantizes back).
 */
final class Demo {

    private Demo() {}

    static int run(Main.Options options, PrintStream out) {
        byte[] codec = SampleModels.codec();
        out.println("TensorFlow Lite " + TensorFlowLite.version() + " ("
                + TensorFlowLite.library().location() + ")");
        out.println(
                "model: a codec of " + codec.length + " bytes written by tflite-ffm's model writer: encode quantizes"
                        + " float32 to int8 (scale " + SampleModels.CODEC_SCALE + ", zero point "
                        + SampleModels.CODEC_ZERO_POINT
                        + "), decode dequantizes");
        try (Model model = Model.fromBytes(codec);
                Interpreter interpreter = Interpreter.create(model, options.interpreterOptions())) {
            out.println();
            out.println("interpreter.signatures()   # Python: interpreter.get_signature_list()");
            out.println(interpreter.signatures());

            float[] x = {-1.0f, 0.0f, 0.5f, 1.25f, 2.0f};
            out.println();
            out.println(
                    "encode = interpreter.runner(\"encode\")   # Python: interpreter.get_signature_runner('encode')");
            SignatureRunner encode = interpreter.runner("encode");
            out.println("x = " + Arrays.toString(x) + "   # float32[" + x.length + "]; the signature's shape is "
                    + Arrays.toString(encode.input("x").shapeSignature()) + ", so run() resizes once");
            NdArray encoded = encode.run(Map.of("x", x)).get("encoded_result");
            out.println("encode.run(Map.of(\"x\", x))   # Python: encode(x=x)");
            out.println("  encoded_result = " + Arrays.toString(encoded.bytes()) + "   # "
                    + encoded.dataType().numpyName() + Arrays.toString(encoded.shape()));

            out.println();
            out.println("decode = interpreter.runner(\"decode\")");
            SignatureRunner decode = interpreter.runner("decode");
            NdArray decoded = decode.run(Map.of("x", encoded)).get("decoded_result");
            out.println("decode.run(Map.of(\"x\", encoded_result))");
            out.println("  decoded_result = " + Arrays.toString(decoded.floats()) + "   # "
                    + decoded.dataType().numpyName() + Arrays.toString(decoded.shape()));

            // The C++ way, without copies: resize, allocate, write through the input's memory, invoke, read.
            out.println();
            out.println(
                    "# C++: GetSignatureRunner(\"encode\"), ResizeInputTensor(\"x\", {100}), AllocateTensors(), input_tensor(\"x\")->data.f, Invoke()");
            encode.resizeInput("x", 100);
            encode.allocateTensors();
            Tensor input = encode.input("x");
            MemorySegment xs = input.data();
            for (int i = 0; i < 100; i++) {
                xs.setAtIndex(ValueLayout.JAVA_FLOAT, i, i / 20f);
            }
            encode.invoke();
            MemorySegment codes = encode.output("encoded_result").data();
            out.println(
                    "encode.resizeInput(\"x\", 100); encode.allocateTensors(); x.data() <- 0.00, 0.05, ..., 4.95; encode.invoke()");
            out.println("  encoded_result[0..9] = "
                    + Arrays.toString(Arrays.copyOf(codes.toArray(ValueLayout.JAVA_BYTE), 10))
                    + " ... encoded_result[99] = " + codes.get(ValueLayout.JAVA_BYTE, 99)
                    + "   # read in place: a MemorySegment over the tensor's buffer");
        }
        return 0;
    }
}
