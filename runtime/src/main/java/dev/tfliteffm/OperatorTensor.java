package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteIntArray;
import dev.tfliteffm.internal.bindings.TfLiteTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input or output of a {@link JavaOperator}'s node ({@code TfLiteOpaqueTensor}), during a callback: its
 * type and shape, a {@link MemorySegment} over its data, resizing, and its strings.
 *
 * <p>Valid only during the callback that obtained it from the {@link OperatorContext}; so are the segments
 * {@link #data()} returns (TFLite may move buffers between callbacks: do not keep them). Input views are
 * read-only. {@link #data()}, {@link #dim(int)}, {@link #rank()}, {@link #elementCount()},
 * {@link #byteSize()} and {@link #dataType()} allocate nothing on the Java heap while the buffer stays where it
 * was.
 */
public final class OperatorTensor {

    private static final long STRUCT_SIZE = TfLiteTensor.layout().byteSize();

    private final OperatorContext context;
    private final boolean input;
    private final int index;

    // The TfLiteOpaqueTensor* in the current callback; 0 until located.
    private long tensor;

    // The last view made, and the buffer it covers.
    private MemorySegment view;
    private long viewAddress;
    private long viewBytes = -1;

    OperatorTensor(OperatorContext context, boolean input, int index) {
        this.context = context;
        this.input = input;
        this.index = index;
    }

    /** Called as a callback starts: the tensor is located again when first used. */
    void forget() {
        tensor = 0;
    }

    /** The tensor's address in the current callback. */
    private long tensor() {
        context.checkActive();
        if (tensor == 0) {
            long t = input
                    ? OperatorNatives.nodeInput(context.context(), context.node(), index)
                    : OperatorNatives.nodeOutput(context.context(), context.node(), index);
            if (t == 0) {
                throw new IllegalStateException(what() + " is omitted (an optional tensor the model leaves out)");
            }
            tensor = t;
        }
        return tensor;
    }

    /** Whether this is an optional input that the model leaves out (then nothing else may be asked). */
    public boolean isOmitted() {
        context.checkActive();
        long t = input
                ? OperatorNatives.nodeInput(context.context(), context.node(), index)
                : OperatorNatives.nodeOutput(context.context(), context.node(), index);
        return t == 0;
    }

    /** Whether this is one of the node's inputs (else an output). */
    public boolean isInput() {
        return input;
    }

    /** The position among the node's inputs or outputs. */
    public int index() {
        return index;
    }

    /** The tensor's name in the model. */
    public String name() {
        MemorySegment name = CApi.asPointer(CApi.OPAQUE_TENSOR_NAME.call(tensor()));
        return name.equals(MemorySegment.NULL)
                ? ""
                : name.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** The element type. */
    public DataType dataType() {
        return DataType.of(OperatorNatives.tensorType(tensor()));
    }

    /** The number of dimensions. */
    public int rank() {
        return Math.max(0, OperatorNatives.tensorNumDims(tensor()));
    }

    /**
     * Dimension {@code i} of the current shape.
     *
     * @throws IllegalArgumentException if {@code i} is not below {@link #rank()}
     */
    public int dim(int i) {
        long t = tensor();
        int rank = OperatorNatives.tensorNumDims(t);
        if (i < 0 || i >= rank) {
            throw new IllegalArgumentException("no dimension " + i + " in " + what() + " of rank " + rank);
        }
        return OperatorNatives.tensorDim(t, i);
    }

    /** The current shape (a new array). */
    public int[] shape() {
        long t = tensor();
        int[] shape = new int[Math.max(0, OperatorNatives.tensorNumDims(t))];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = OperatorNatives.tensorDim(t, i);
        }
        return shape;
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        long t = tensor();
        int rank = OperatorNatives.tensorNumDims(t);
        long n = 1;
        for (int i = 0; i < rank; i++) {
            n *= OperatorNatives.tensorDim(t, i);
        }
        return n;
    }

    /** The size of the data buffer in bytes. */
    public long byteSize() {
        return OperatorNatives.tensorByteSize(tensor());
    }

    /** Whether the data is constant, stored in the model (a weight): its view is read-only. */
    public boolean isConstant() {
        return OperatorNatives.tensorAllocationType(tensor()) == TfLite.kTfLiteMmapRo();
    }

    /** Whether TFLite allocates this tensor's buffer when it is resized or written, even during invoke. */
    public boolean isDynamic() {
        return OperatorNatives.tensorAllocationType(tensor()) == TfLite.kTfLiteDynamic();
    }

    /**
     * A view of the tensor's data in native byte order: {@link #byteSize()} bytes, read-only for inputs. For a
     * STRING tensor it is TFLite's string buffer; use {@link #strings()} instead. Valid during this callback.
     *
     * @throws IllegalStateException if the buffer is not allocated yet (e.g. a non-constant tensor in prepare)
     */
    public MemorySegment data() {
        long t = tensor();
        long address = OperatorNatives.tensorData(t);
        long bytes = OperatorNatives.tensorByteSize(t);
        if (view != null && address == viewAddress && bytes == viewBytes) {
            return view;
        }
        if (address == 0 && bytes != 0) {
            throw new IllegalStateException(what() + " has no buffer yet"
                    + (context.preparing() ? ": in prepare only constant tensors have data" : ""));
        }
        // Scoped to the interpreter's arena: never readable after the interpreter is closed.
        MemorySegment v = MemorySegment.ofAddress(address).reinterpret(bytes, context.arena(), null);
        view = input ? v.asReadOnly() : v;
        viewAddress = address;
        viewBytes = bytes;
        return view;
    }

    /**
     * Resizes an output to {@code dims}; its buffer is reallocated (in prepare, when the interpreter plans
     * memory). In invoke only a {@linkplain #isDynamic() dynamic} output can be resized: call
     * {@link #makeDynamic()} in prepare for an output whose shape depends on the input data.
     *
     * @throws IllegalArgumentException for a negative dimension
     * @throws IllegalStateException for an input, or for a non-dynamic output during invoke
     * @throws TfLiteException if TFLite refuses the resize
     */
    public void resize(int... dims) {
        Objects.requireNonNull(dims, "dims");
        long t = tensor();
        if (input) {
            throw new IllegalStateException("only outputs can be resized; " + what() + " is an input");
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("dimensions must be >= 0; given " + Arrays.toString(dims));
            }
        }
        if (Arrays.equals(shape(), dims)) {
            return;
        }
        if (!context.preparing() && OperatorNatives.tensorAllocationType(t) != TfLite.kTfLiteDynamic()) {
            throw new IllegalStateException(
                    what() + " can be resized during invoke only if it is dynamic:" + " call makeDynamic() in prepare");
        }
        resize0(t, dims);
    }

    private void resize0(long t, int[] dims) {
        // TFLite takes ownership of the array, so it must come from TfLiteIntArrayCreate.
        MemorySegment array = CApi.asPointer(CApi.INT_ARRAY_CREATE.call(dims.length))
                .reinterpret(TfLiteIntArray.data$offset() + 4L * dims.length);
        MemorySegment.copy(dims, 0, array, ValueLayout.JAVA_INT, TfLiteIntArray.data$offset(), dims.length);
        int status = CApi.asInt(CApi.OPAQUE_CONTEXT_RESIZE_TENSOR.call(context.context(), t, array.address()));
        if (status != 0) {
            throw new TfLiteException(
                    TfLiteException.Status.of(status),
                    "resizing " + what() + " to " + Arrays.toString(dims) + " failed");
        }
    }

    /**
     * Makes an output dynamic: TFLite then allocates its buffer when it is resized or written, so it can
     * change shape during invoke. Prepare only.
     */
    public void makeDynamic() {
        long t = tensor();
        checkPreparingOutput("makeDynamic()");
        CApi.OPAQUE_TENSOR_SET_ALLOCATION_TYPE_TO_DYNAMIC.call(t);
    }

    /**
     * Sets an output's element type, for a model that leaves it to the op; prepare only. The opaque C API has
     * no setter, so this writes the type into the tensor's {@code TfLiteTensor} (what TFLite's own kernels do)
     * and resizes it to its shape again so that its byte size follows; a STRING output is made dynamic.
     */
    public void setDataType(DataType type) {
        Objects.requireNonNull(type, "type");
        long t = tensor();
        checkPreparingOutput("setDataType()");
        if (dataType() == type) {
            return;
        }
        if (!type.isFixedSize()) {
            CApi.OPAQUE_TENSOR_SET_ALLOCATION_TYPE_TO_DYNAMIC.call(t);
        }
        TfLiteTensor.type(MemorySegment.ofAddress(t).reinterpret(STRUCT_SIZE), type.code());
        resize0(t, shape());
    }

    private void checkPreparingOutput(String what) {
        if (input || !context.preparing()) {
            throw new IllegalStateException(
                    what + " is for outputs, in prepare; " + what() + " is " + (input ? "an input" : "in invoke"));
        }
    }

    // ---- strings ---------------------------------------------------------------------------------

    /** The number of strings in a STRING tensor. */
    public int stringCount() {
        long t = tensor();
        checkString();
        return CApi.asInt(CApi.OPAQUE_TENSOR_GET_STRING_COUNT.call(t));
    }

    /** String {@code i} of a STRING tensor, as bytes. */
    public byte[] byteString(int i) {
        long t = tensor();
        checkString();
        MemorySegment scratch = context.scratch();
        int status = CApi.asInt(CApi.OPAQUE_TENSOR_GET_STRING.call(
                t, i, scratch.address(), scratch.asSlice(8).address()));
        if (status != 0) {
            throw new IllegalArgumentException("no string " + i + " in " + what() + " of "
                    + CApi.asInt(CApi.OPAQUE_TENSOR_GET_STRING_COUNT.call(t)) + " strings");
        }
        long address = scratch.get(ValueLayout.JAVA_LONG, 0);
        int length = scratch.get(ValueLayout.JAVA_INT, 8);
        return length == 0
                ? new byte[0]
                : MemorySegment.ofAddress(address).reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** String {@code i} of a STRING tensor, decoded as UTF-8. */
    public String string(int i) {
        return new String(byteString(i), StandardCharsets.UTF_8);
    }

    /** All strings of a STRING tensor, as bytes, in row-major order. */
    public byte[][] byteStrings() {
        byte[][] out = new byte[stringCount()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = byteString(i);
        }
        return out;
    }

    /** All strings of a STRING tensor, decoded as UTF-8, in row-major order. */
    public String[] strings() {
        return StringCodec.strings(byteStrings());
    }

    /**
     * Writes the strings of a STRING output, which holds exactly {@code values.length} elements (resize it
     * first otherwise); the shape is kept. TFLite allocates the buffer, so this works in invoke.
     *
     * @throws IllegalArgumentException if the count differs from the element count
     */
    public void writeStrings(byte[][] values) {
        Objects.requireNonNull(values, "values");
        long t = tensor();
        checkString();
        if (input) {
            throw new IllegalStateException("strings can be written to outputs only; " + what() + " is an input");
        }
        int[] shape = shape();
        if (values.length != elementCount()) {
            throw new IllegalArgumentException(values.length + " strings for " + what() + " of shape "
                    + Arrays.toString(shape) + ": resize it first");
        }
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment pointers = temp.allocate(ValueLayout.ADDRESS, Math.max(1, values.length));
            MemorySegment lengths = temp.allocate(ValueLayout.JAVA_INT, Math.max(1, values.length));
            for (int i = 0; i < values.length; i++) {
                Objects.requireNonNull(values[i], "string " + i);
                MemorySegment bytes = temp.allocate(Math.max(1, values[i].length));
                MemorySegment.copy(values[i], 0, bytes, ValueLayout.JAVA_BYTE, 0, values[i].length);
                pointers.setAtIndex(ValueLayout.ADDRESS, i, bytes);
                lengths.setAtIndex(ValueLayout.JAVA_INT, i, values[i].length);
            }
            int status = CApi.asInt(
                    CApi.OPAQUE_TENSOR_WRITE_STRINGS.call(t, pointers.address(), values.length, lengths.address()));
            if (status != 0) {
                throw new TfLiteException(
                        TfLiteException.Status.of(status), "writing strings to " + what() + " failed");
            }
        }
        // TFLite writes strings as a vector; give the tensor its shape back.
        if (shape.length != 1) {
            resize0(t, shape);
        }
    }

    /** Writes {@code values}, encoded as UTF-8, as {@link #writeStrings(byte[][])} does. */
    public void writeStrings(String[] values) {
        Objects.requireNonNull(values, "values");
        writeStrings(StringCodec.utf8(values));
    }

    private void checkString() {
        if (OperatorNatives.tensorType(tensor) != DataType.STRING.code()) {
            throw new IllegalStateException(what() + " is " + dataType().numpyName() + ", not a string tensor");
        }
    }

    private String what() {
        return (input ? "input " : "output ") + index + " of op " + context.operatorName();
    }

    @Override
    public String toString() {
        return "OperatorTensor[" + what() + "]";
    }
}
