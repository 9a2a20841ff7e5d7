package example.official;

import java.io.File;
import org.tensorflow.lite.Interpreter;

/**
 * Runs the sine model through {@code org.tensorflow.lite.Interpreter} on the module path and reports, one
 * {@code key=value} per line, the answer and the module the API came from.
 */
public final class Main {

    private Main() {}

    /** Argument: the path of hello_world_float.tflite. */
    public static void main(String[] args) {
        try (Interpreter interpreter = new Interpreter(new File(args[0]))) {
            float[][] output = new float[1][1];
            interpreter.run(new float[][] {{1.5708f}}, output);
            System.out.println("y=" + output[0][0]);
            System.out.println("signatures=" + String.join(",", interpreter.getSignatureKeys()));
        }
        System.out.println("api.module=" + Interpreter.class.getModule().getName());
        System.out.println("app.module=" + Main.class.getModule().getName());
    }
}
