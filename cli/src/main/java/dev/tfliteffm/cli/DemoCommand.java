package dev.tfliteffm.cli;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code demo}: TensorFlow Lite's "Signatures" walkthrough, from Java. Part 1 runs the guide's own model (its
 * string codec with the Flex ops {@code FlexAsString}/{@code FlexStringToNumber}) and prints the guide's lines;
 * part 2 shows the prepared path (resize, allocate, write in place, invoke, read in place) on a quantizing
 * codec written by the model writer.
 */
@Command(
        name = "demo",
        description = "the Signatures guide's walkthrough: its Flex string codec, then the prepared path")
final class DemoCommand extends Subcommand {

    @Override
    public Integer call() {
        PrintStream out = main.out;
        out.println("TensorFlow Lite " + TensorFlowLite.version() + " ("
                + TensorFlowLite.library().location() + ")");
        guideModel(out);
        out.println();
        out.println("----------------------------------------------------------------------------------------");
        byte[] codec = SampleModels.codec();
        out.println("Part 2, the prepared path: a codec of " + codec.length + " bytes written by tflite-ffm's model"
                + " writer: encode quantizes float32 to int8 (scale " + SampleModels.CODEC_SCALE
                + ", zero point " + SampleModels.CODEC_ZERO_POINT + "), decode dequantizes");
        try (Model model = Model.fromBytes(codec);
                Interpreter interpreter = Interpreter.create(model, main.interpreterOptions())) {
            SignatureRunner encode = interpreter.runner("encode");
            // The C++ way, without copies: resize, allocate, write through the input's memory, invoke, read.
            out.println();
            out.println("# C++: GetSignatureRunner(\"encode\"), ResizeInputTensor(\"x\", {100}), AllocateTensors(),"
                    + " input_tensor(\"x\")->data.f, Invoke()");
            encode.resizeInput("x", 100);
            encode.allocateTensors();
            Tensor input = encode.input("x");
            MemorySegment xs = input.data();
            for (int i = 0; i < 100; i++) {
                xs.setAtIndex(ValueLayout.JAVA_FLOAT, i, i / 20f);
            }
            encode.invoke();
            MemorySegment codes = encode.output("encoded_result").data();
            out.println("encode.resizeInput(\"x\", 100); encode.allocateTensors();"
                    + " x.data() <- 0.00, 0.05, ..., 4.95; encode.invoke()");
            byte[] first = Arrays.copyOf(codes.toArray(ValueLayout.JAVA_BYTE), 10);
            out.println("  encoded_result[0..9] = " + Arrays.toString(first)
                    + " ... encoded_result[99] = " + codes.get(ValueLayout.JAVA_BYTE, 99)
                    + "   # read in place: a MemorySegment over the tensor's buffer");
        }
        return 0;
    }

    /**
     * The guide's own model, as the converter writes it: encode is {@code tf.strings.as_string(x)}, decode
     * {@code tf.strings.to_number(x)}, both Select-TF ops ({@code FlexAsString}, {@code FlexStringToNumber}) that
     * this runtime runs as built-in Java operators. Prints the guide's lines, then the same calls in each API.
     */
    private void guideModel(PrintStream out) {
        byte[] flexCodec = FlexCodecSample.codec();
        out.println("The Signatures guide's model (" + flexCodec.length + " bytes, written as TFLite's converter"
                + " writes it): encode = tf.strings.as_string(x), decode = tf.strings.to_number(x),");
        out.println("Select-TF ops " + FlexCodecSample.AS_STRING + " and " + FlexCodecSample.STRING_TO_NUMBER
                + ", which tflite-ffm runs as built-in Java operators (no Flex delegate).");
        try (Model model = Model.fromBytes(flexCodec);
                Interpreter interpreter = Interpreter.create(model, main.interpreterOptions())) {
            float[] x = {1f, 2f, 3f};
            NdArray encoded = interpreter.runner("encode").run(Map.of("x", x)).get("encoded_result");
            NdArray decoded =
                    interpreter.runner("decode").run(Map.of("x", encoded)).get("decoded_result");
            out.println();
            out.println("Signature: " + interpreter.signatures());
            out.println("Input: " + Arrays.toString(x) + ", shape=(" + x.length + ",), dtype=float32");
            out.println("Encoded result: {'encoded_result': " + pythonBytes(encoded.strings()) + "}");
            out.println("Decoded result: {'decoded_result': " + Arrays.toString(decoded.floats()) + ", dtype="
                    + decoded.dataType().numpyName() + "}");
            out.println();
            out.println("The same call in each API:");
            out.println("  Python:        interpreter.get_signature_runner('encode')(x=x)");
            out.println("  Java (TFLite): interpreter.runSignature(inputs, outputs, \"encode\")");
            out.println("  C++:           interpreter->GetSignatureRunner(\"encode\") ... Invoke()");
            out.println("  tflite-ffm:    interpreter.runner(\"encode\").run(Map.of(\"x\", x))");
        }
    }

    /** Strings as Python prints a list of bytes: {@code [b'1.000000', ...]}. */
    private static String pythonBytes(String[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ")
                    .append("b'")
                    .append(values[i].replace("'", "\\'"))
                    .append('\'');
        }
        return out.append(']').toString();
    }
}
