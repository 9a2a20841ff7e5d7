package dev.tfliteffm.flex;

import dev.tfliteffm.DataType;
import dev.tfliteffm.JavaOperator;
import dev.tfliteffm.OperatorContext;
import dev.tfliteffm.OperatorTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * TensorFlow's AsString as a Java operator ({@code FlexAsString}): each element of the input as a string, in
 * an output of the same shape. Attributes come from the node's NodeDef ({@link AsStringFormat}).
 */
final class AsStringOp implements JavaOperator {

    private final FlexNodeDef def;
    private AsStringFormat format;

    AsStringOp(FlexNodeDef def) {
        if (!def.op().equals("AsString")) {
            throw new IllegalArgumentException("FlexAsString carries a NodeDef of op '" + def.op() + "', not AsString");
        }
        this.def = def;
    }

    @Override
    public void prepare(OperatorContext context) {
        OperatorTensor input = context.input(0);
        OperatorTensor output = context.output(0);
        DataType type = input.dataType();
        DataType declared = def.typeAttr("T", type);
        if (declared != type) {
            throw new IllegalArgumentException("AsString: the input is " + TfDataTypes.name(type)
                    + " but attribute T is " + TfDataTypes.name(declared));
        }
        format = AsStringFormat.of(def, type);
        if (output.dataType() != DataType.STRING) {
            throw new IllegalArgumentException("AsString: the output must be a string tensor, not "
                    + output.dataType().numpyName());
        }
        output.resize(input.shape());
    }

    @Override
    public void invoke(OperatorContext context) {
        OperatorTensor input = context.input(0);
        int n = Math.toIntExact(input.elementCount());
        byte[][] out = new byte[n][];
        if (format.type() == DataType.STRING) {
            for (int i = 0; i < n; i++) {
                out[i] = format.formatString(input.byteString(i));
            }
        } else {
            MemorySegment data = input.data();
            for (int i = 0; i < n; i++) {
                out[i] = format(data, i).getBytes(StandardCharsets.US_ASCII);
            }
        }
        context.output(0).writeStrings(out);
    }

    private String format(MemorySegment d, long i) {
        return switch (format.type()) {
            case FLOAT32 -> format.formatFloating(d.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i));
            case FLOAT64 -> format.formatFloating(d.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i));
            case FLOAT16 ->
                format.formatFloating(Float.float16ToFloat(d.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i)));
            case BFLOAT16 ->
                format.formatFloating(Float.intBitsToFloat(d.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i) << 16));
            case COMPLEX64 ->
                format.formatComplex(
                        d.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i),
                        d.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i + 1));
            case COMPLEX128 ->
                format.formatComplex(
                        d.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i),
                        d.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i + 1));
            case INT8 -> format.formatSigned(d.get(ValueLayout.JAVA_BYTE, i));
            case INT16 -> format.formatSigned(d.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
            case INT32 -> format.formatSigned(d.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i));
            case INT64 -> format.formatSigned(d.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i));
            case UINT8 -> format.formatUnsigned(Byte.toUnsignedLong(d.get(ValueLayout.JAVA_BYTE, i)));
            case UINT16 ->
                format.formatUnsigned(Short.toUnsignedLong(d.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i)));
            case UINT32 ->
                format.formatUnsigned(Integer.toUnsignedLong(d.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i)));
            case UINT64 -> format.formatUnsigned(d.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i));
            case BOOL -> AsStringFormat.formatBool(d.get(ValueLayout.JAVA_BYTE, i) != 0);
            default -> throw new IllegalStateException("Type not supported: " + format.type());
        };
    }
}
