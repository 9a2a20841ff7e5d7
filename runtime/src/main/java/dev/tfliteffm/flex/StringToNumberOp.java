package dev.tfliteffm.flex;

import dev.tfliteffm.DataType;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.OperatorTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * TensorFlow's StringToNumber as a Java operator ({@code FlexStringToNumber}): each string of the input parsed
 * as attribute {@code out_type} (float by default; also double, int32, int64) by {@link TfNumbers}' rules, in
 * an output of the same shape. A string that is not such a number fails the invoke with TensorFlow's message
 * {@code StringToNumberOp could not correctly convert string: <s>}.
 */
final class StringToNumberOp implements JavaOperator {

    private static final String ERROR = "StringToNumberOp could not correctly convert string: ";

    private final DataType outType;

    StringToNumberOp(FlexNodeDef def) {
        if (!def.op().equals("StringToNumber")) {
            throw new IllegalArgumentException(
                    "FlexStringToNumber carries a NodeDef of op '" + def.op() + "', not StringToNumber");
        }
        outType = def.typeAttr("out_type", DataType.FLOAT32);
        switch (outType) {
            case FLOAT32, FLOAT64, INT32, INT64 -> {}
            default ->
                throw new IllegalArgumentException("StringToNumber: out_type " + TfDataTypes.name(outType)
                        + " is not supported; expected one of float, double, int32, int64");
        }
    }

    @Override
    public void prepare(OperatorContext context) {
        OperatorTensor input = context.input(0);
        OperatorTensor output = context.output(0);
        if (input.dataType() != DataType.STRING) {
            throw new IllegalArgumentException("StringToNumber: the input must be a string tensor, not "
                    + input.dataType().numpyName());
        }
        if (output.dataType() != outType) {
            throw new IllegalArgumentException("StringToNumber: the output is "
                    + output.dataType().numpyName() + " but attribute out_type is " + TfDataTypes.name(outType));
        }
        output.resize(input.shape());
    }

    @Override
    public void invoke(OperatorContext context) {
        OperatorTensor input = context.input(0);
        MemorySegment out = context.output(0).data();
        int n = input.stringCount();
        for (int i = 0; i < n; i++) {
            byte[] s = input.byteString(i);
            try {
                switch (outType) {
                    case FLOAT32 -> out.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, TfNumbers.toFloat(s));
                    case FLOAT64 -> out.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, TfNumbers.toDouble(s));
                    case INT32 -> out.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, TfNumbers.toInt32(s));
                    default -> out.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, TfNumbers.toInt64(s));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ERROR + new String(s, StandardCharsets.UTF_8));
            }
        }
    }
}
