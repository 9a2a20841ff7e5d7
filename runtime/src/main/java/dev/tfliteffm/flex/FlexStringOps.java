package dev.tfliteffm.flex;

import dev.tfliteffm.JavaOperatorFactory;
import dev.tfliteffm.OperatorRegistration;
import java.util.List;

/**
 * TensorFlow's string ops AsString and StringToNumber as Java operators, for converter-made models that use
 * {@code tf.strings.as_string} and {@code tf.strings.to_number} (the converter emits them as the Flex custom
 * ops {@code FlexAsString} and {@code FlexStringToNumber}, which stock TFLite cannot run without the Flex
 * delegate). {@link dev.tfliteffm.InterpreterOptions} registers them by default
 * ({@link dev.tfliteffm.InterpreterOptions.Builder#flexStringOps(boolean)} turns them off).
 *
 * <p>Behaviour follows TensorFlow's kernels: AsString's attributes {@code precision}, {@code scientific},
 * {@code shortest}, {@code width} and {@code fill} as C's printf applies them ({@code 1.0} → {@code 1.000000}
 * by default; {@code nan}, {@code inf}, {@code -0.000000}; {@code true}/{@code false} for bool); StringToNumber's
 * {@code out_type} float, double, int32 or int64, with TensorFlow's parsing rules and its error for a string
 * that is not a number ({@code StringToNumberOp could not correctly convert string: ...}).
 */
public final class FlexStringOps {

    /** The custom op name of AsString in converter output. */
    public static final String AS_STRING = "FlexAsString";
    /** The custom op name of StringToNumber in converter output. */
    public static final String STRING_TO_NUMBER = "FlexStringToNumber";

    private static final List<OperatorRegistration> REGISTRATIONS = List.of(
            new OperatorRegistration(AS_STRING, 1, asString()),
            new OperatorRegistration(STRING_TO_NUMBER, 1, stringToNumber()));

    private FlexStringOps() {}

    /** The factory of {@code FlexAsString} kernels; each reads its NodeDef's attributes. */
    public static JavaOperatorFactory asString() {
        return options -> new AsStringOp(FlexNodeDef.parse(options));
    }

    /** The factory of {@code FlexStringToNumber} kernels; each reads its NodeDef's {@code out_type}. */
    public static JavaOperatorFactory stringToNumber() {
        return options -> new StringToNumberOp(FlexNodeDef.parse(options));
    }

    /** Both ops, version 1, as {@link dev.tfliteffm.InterpreterOptions} registers them. */
    public static List<OperatorRegistration> registrations() {
        return REGISTRATIONS;
    }
}
