package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteAffineQuantization;
import dev.tfliteffm.internal.bindings.TfLiteQuantization;
import dev.tfliteffm.internal.bindings.TfLiteQuantizationParams;
import dev.tfliteffm.internal.bindings.TfLiteTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor of an interpreter: its metadata, a zero-copy {@link MemorySegment} view of its data, and typed
 * copies from and to Java arrays.
 *
 * <p>The view returned by {@link #data()} stays valid until the interpreter reallocates buffers (an
 * {@code allocateTensors()}, a resize, writing strings, an invoke that reallocates a dynamic output) or is
 * closed; after that, using the old view throws {@link IllegalStateException} ("Already closed") rather
 * than reading stale or freed memory. Call {@code data()} again to get the current view; it is cached, so
 * calling it per invoke costs a field comparison. (How the interpreter tracks this: {@link Interpreter}'s
 * "State" comment.)
 *
 * <p>Typed copies accept the Java array that matches the element type: {@code float[]} for FLOAT32 (and
 * COMPLEX64, two floats per element), {@code double[]} for FLOAT64 (and COMPLEX128), {@code int[]} for
 * INT32/UINT32, {@code long[]} for INT64/UINT64, {@code short[]} for INT16/UINT16/FLOAT16/BFLOAT16 (raw
 * bits), {@code byte[]} for INT8/UINT8/BOOL/INT4/UINT4/INT2, {@code boolean[]} for BOOL; and
 * {@code String[]}/{@code byte[][]} for STRING tensors, in TFLite's string-buffer layout. A wrong array
 * type or length is an {@link IllegalArgumentException}. A tensor belongs to its interpreter: like it, it
 * must not be used from two threads at once.
 *
 * <p><b>Read-only tensors.</b> A tensor whose data is constant data of the model (TFLite's
 * {@code kTfLiteMmapRo} allocation: an input that the model itself fills from its weights) is shared by every
 * interpreter of the model, and with a mapped file it is read-only memory. {@link #data()} gives a
 * {@linkplain MemorySegment#isReadOnly() read-only} view of it, and the {@code copyFrom} methods throw
 * {@link IllegalArgumentException} ("is read-only"), as the JDK does for a write into a read-only segment: the
 * tensor cannot take a value, whatever state the interpreter is in.
 */
public final class Tensor {

    /** How to find the tensor's {@code TfLiteTensor*} again: TFLite moves these structs when it adds tensors. */
    interface Locator {
        /** The tensor's current address (the interpreter is entered). */
        MemorySegment locate();
    }

    /** A locator that calls {@code function(a, b)}, a TFLite getter returning a {@code TfLiteTensor*}. */
    static Locator calling(CApi function, long a, long b) {
        return new CallLocator(function, a, b);
    }

    // A class, not a lambda: each lambda costs a fresh JVM a class spun at its first use.
    private static final class CallLocator implements Locator {
        private final CApi function;
        private final long a;
        private final long b;

        CallLocator(CApi function, long a, long b) {
            this.function = function;
            this.a = a;
            this.b = b;
        }

        @Override
        public MemorySegment locate() {
            return CApi.asPointer(function.call(a, b));
        }
    }

    private static final long STRUCT_SIZE = TfLiteTensor.layout().byteSize();
    // Pointers read as plain longs rather than through the generated ADDRESS accessors: no segment per read.
    private static final long DATA = TfLiteTensor.data$offset();
    private static final long DIMS = TfLiteTensor.dims$offset();
    private static final long QUANTIZATION = TfLiteTensor.quantization$offset();
    private static final long PARAMS = TfLiteTensor.params$offset();

    private final Interpreter interpreter;
    private final Locator locator;
    private final String name;
    private final DataType dataType;

    // The struct as last located, valid while the interpreter's structure epoch is unchanged.
    private MemorySegment struct;
    private int structEpoch;

    private MemorySegment view;
    private int viewEpoch = -1;

    Tensor(Interpreter interpreter, Locator locator) {
        this.interpreter = interpreter;
        this.locator = locator;
        locate();
        MemorySegment cName = CApi.asPointer(CApi.TENSOR_NAME.call(struct.address()));
        this.name = cName.equals(MemorySegment.NULL)
                ? ""
                : cName.reinterpret(Integer.MAX_VALUE).getString(0);
        this.dataType = DataType.of(TfLiteTensor.type(struct));
    }

    private void locate() {
        MemorySegment tensor = locator.locate();
        if (tensor.equals(MemorySegment.NULL)) {
            throw new TfLiteException(
                    TfLiteException.Status.ERROR, "TFLite returned no tensor", interpreter.reporter.drain());
        }
        // Global scope: liveness is the interpreter's state check, made before every read.
        struct = MemorySegment.ofAddress(tensor.address()).reinterpret(STRUCT_SIZE);
        structEpoch = interpreter.structureEpoch();
    }

    /**
     * The {@code TfLiteTensor} struct, located again if TFLite may have moved it since (an allocation, a
     * resize, an invoke that prepared ops); entered.
     */
    private MemorySegment struct() {
        if (structEpoch != interpreter.structureEpoch()) {
            locate();
        }
        return struct;
    }

    long address() {
        return struct().address();
    }

    /** The tensor's name in the model (not the signature's alias for it). */
    public String name() {
        return name;
    }

    /** The element type. */
    public DataType dataType() {
        return dataType;
    }

    /** The current shape (dimensions). */
    public int[] shape() {
        interpreter.enter();
        try {
            return shape0();
        } finally {
            interpreter.exit();
        }
    }

    int[] shape0() {
        return NativeArrays.ints(struct().get(ValueLayout.JAVA_LONG, DIMS));
    }

    /** The current shape: {@code cached} itself if it is still the shape, else a new array (entered). */
    int[] shape0(int[] cached) {
        return NativeArrays.ints(struct().get(ValueLayout.JAVA_LONG, DIMS), cached);
    }

    /** The shape of the {@code TfLiteTensor} at {@code struct}, for checks over tensors that have no Tensor. */
    static int[] shapeOf(MemorySegment struct) {
        return NativeArrays.ints(struct.reinterpret(STRUCT_SIZE).get(ValueLayout.JAVA_LONG, DIMS));
    }

    /**
     * The shape signature: the shape the model was built for, with -1 for dimensions that may vary (as
     * {@code shape_signature} in Python). Models without shape signatures give the current shape.
     */
    public int[] shapeSignature() {
        interpreter.enter();
        try {
            return shapeSignature0();
        } finally {
            interpreter.exit();
        }
    }

    int[] shapeSignature0() {
        int[] dims = NativeArrays.ints(CApi.TENSOR_GET_DIMS_SIGNATURE.call(struct().address()));
        return dims.length == 0 ? shape0() : dims;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape().length;
    }

    /** The number of elements: the product of the shape. */
    public long elementCount() {
        interpreter.enter();
        try {
            return elementCount0();
        } finally {
            interpreter.exit();
        }
    }

    long elementCount0() {
        long n = 1;
        for (int d : shape0()) {
            n *= d;
        }
        return n;
    }

    /** The size of the data buffer in bytes. */
    public long byteSize() {
        interpreter.enter();
        try {
            return dataBytes();
        } finally {
            interpreter.exit();
        }
    }

    /** Whether TFLite (re)allocates this tensor's buffer while the graph runs ({@code kTfLiteDynamic}). */
    boolean isDynamic() {
        return TfLiteTensor.allocation_type(struct()) == TfLite.kTfLiteDynamic();
    }

    /** The data pointer, read without a state check: for the interpreter's own bookkeeping. */
    long dataAddress() {
        return struct().get(ValueLayout.JAVA_LONG, DATA);
    }

    /** The buffer's size in bytes, read without a state check. */
    long dataBytes() {
        return TfLiteTensor.bytes(struct());
    }

    /** The quantization parameters, per tensor or per channel; {@link Quantization#NONE} if not quantized. */
    public Quantization quantization() {
        interpreter.enter();
        try {
            return quantization0();
        } finally {
            interpreter.exit();
        }
    }

    private Quantization quantization0() {
        MemorySegment quantization = struct().asSlice(QUANTIZATION, TfLiteQuantization.layout());
        MemorySegment params = TfLiteQuantization.params(quantization);
        if (TfLiteQuantization.type(quantization) == TfLite.kTfLiteAffineQuantization()
                && !params.equals(MemorySegment.NULL)) {
            MemorySegment affine =
                    params.reinterpret(TfLiteAffineQuantization.layout().byteSize());
            float[] scales =
                    NativeArrays.floats(TfLiteAffineQuantization.scale(affine).address());
            int[] zeros = NativeArrays.ints(
                    TfLiteAffineQuantization.zero_point(affine).address());
            long[] zeroPoints = new long[scales.length];
            for (int i = 0; i < zeroPoints.length && i < zeros.length; i++) {
                zeroPoints[i] = zeros[i];
            }
            return scales.length == 0
                    ? Quantization.NONE
                    : new Quantization(scales, zeroPoints, TfLiteAffineQuantization.quantized_dimension(affine));
        }
        MemorySegment perTensor = struct().asSlice(PARAMS, TfLiteQuantizationParams.layout());
        float scale = TfLiteQuantizationParams.scale(perTensor);
        return scale == 0f
                ? Quantization.NONE
                : new Quantization(new float[] {scale}, new long[] {TfLiteQuantizationParams.zero_point(perTensor)}, 0);
    }

    /**
     * A zero-copy view of the tensor's data, valid until the next reallocation (see the class comment); read-only
     * for a tensor whose data is constant data of the model.
     *
     * @throws IllegalStateException if the tensor has no buffer (not allocated yet, or the allocation failed: the
     *     message says which)
     * @throws ClosedException if the interpreter is closed
     * @throws ConcurrentUseException if another thread is using the interpreter
     */
    public MemorySegment data() {
        MemorySegment v = view;
        if (v != null && viewEpoch == interpreter.epoch()) {
            return v;
        }
        interpreter.enter();
        try {
            return refreshView();
        } finally {
            interpreter.exit();
        }
    }

    /** The view, made anew if the interpreter reallocated since; entered. */
    MemorySegment refreshView() {
        int epoch = interpreter.epoch();
        if (view != null && viewEpoch == epoch) {
            return view;
        }
        long data = dataAddress();
        long bytes = dataBytes();
        if (data == 0) {
            if (bytes == 0 && dataType != DataType.STRING) {
                view = MemorySegment.NULL.reinterpret(0, interpreter.viewArena(), null);
                viewEpoch = epoch;
                return view;
            }
            throw new IllegalStateException(noBuffer());
        }
        view = MemorySegment.ofAddress(data).reinterpret(bytes, interpreter.viewArena(), null);
        if (isReadOnly()) {
            view = view.asReadOnly();
        }
        viewEpoch = epoch;
        return view;
    }

    /** Why the tensor has no buffer, for the exception of data() and the copies (entered). */
    private String noBuffer() {
        TfLiteException failed = interpreter.lastAllocationFailure();
        if (failed != null) {
            return "tensor '" + name + "' has no buffer: the last allocation failed (" + failed.getMessage()
                    + "); resize the inputs to shapes the model takes, then allocate again";
        }
        if (dataType == DataType.STRING) {
            return "string tensor '" + name + "' holds no strings yet: write them with copyFrom(String[]) (an input),"
                    + " or read it after invoke() (an output)";
        }
        if (isDynamic()) {
            return "tensor '" + name + "' has no buffer yet: its shape depends on the input data, so TFLite"
                    + " allocates it during invoke(); read it after invoke()";
        }
        return "tensor '" + name + "' has no buffer yet: call allocateTensors() (or invoke) first";
    }

    /**
     * Whether the tensor's data is constant data of the model (TFLite's {@code kTfLiteMmapRo} tensors, or data
     * inside the model's bytes): writing it crashed with a mapped file, and silently changed the weights every
     * interpreter of the model shares otherwise (entered).
     */
    boolean isReadOnly() {
        int allocation = TfLiteTensor.allocation_type(struct());
        return allocation == TfLite.kTfLiteMmapRo()
                || allocation == TfLite.kTfLitePersistentRo()
                || interpreter.model().holds(dataAddress());
    }

    // ---- copies in ------------------------------------------------------------------------------

    /** Copies {@code src} into the tensor (FLOAT32, or COMPLEX64 as interleaved pairs). */
    public void copyFrom(float[] src) {
        write(src);
    }

    /** Copies {@code src} into the tensor (FLOAT64, or COMPLEX128 as interleaved pairs). */
    public void copyFrom(double[] src) {
        write(src);
    }

    /** Copies {@code src} into the tensor (INT32 or UINT32). */
    public void copyFrom(int[] src) {
        write(src);
    }

    /** Copies {@code src} into the tensor (INT64 or UINT64). */
    public void copyFrom(long[] src) {
        write(src);
    }

    /** Copies {@code src} into the tensor (INT16, UINT16, or the raw bits of FLOAT16/BFLOAT16). */
    public void copyFrom(short[] src) {
        write(src);
    }

    /** Copies {@code src} into the tensor (INT8, UINT8, BOOL as 0/1, INT4, UINT4, INT2: one element a byte). */
    public void copyFrom(byte[] src) {
        write(src);
    }

    /** Copies {@code src} into a BOOL tensor. */
    public void copyFrom(boolean[] src) {
        write(src);
    }

    /** Copies {@code src}'s bytes, which must be exactly {@link #byteSize()}, into a fixed-size tensor. */
    public void copyFrom(MemorySegment src) {
        write(src);
    }

    /** Writes {@code values}, encoded as UTF-8, into a STRING tensor with as many elements. */
    public void copyFrom(String[] values) {
        write(values);
    }

    /**
     * Writes {@code values} into a STRING tensor with as many elements, in TFLite's string-buffer layout
     * (see {@link StringCodec}). The tensor's buffer is reallocated to fit, so views of this interpreter's
     * tensors become invalid.
     */
    public void copyFrom(byte[][] values) {
        write(values);
    }

    private void write(Object src) {
        Objects.requireNonNull(src, "src");
        interpreter.enter();
        try {
            write0(src);
        } finally {
            interpreter.exit();
        }
    }

    /** Writes a Java array (or segment) into the tensor; entered. */
    void write0(Object src) {
        if (isReadOnly()) {
            throw readOnly();
        }
        switch (src) {
            case MemorySegment m -> copySegment(m, true);
            case String[] a -> writeStrings0(StringCodec.utf8(a));
            case byte[][] a -> writeStrings0(a);
            default -> {
                ElementKind kind = kindOf(src, "cannot copy a %s into tensor '%s'");
                kind.copyIn(src, checkedView(kind, ElementKind.length(src)), ByteOrder.nativeOrder());
            }
        }
    }

    private void writeStrings0(byte[][] values) {
        if (dataType != DataType.STRING) {
            throw typeMismatch(ElementKind.STRING);
        }
        long elements = elementCount0();
        if (values.length != elements) {
            throw sizeMismatch(
                    values.length + " strings", elements + " elements (shape " + Arrays.toString(shape0()) + ")");
        }
        long size = StringCodec.encodedSize(values);
        if (!isDynamic()) {
            throw new IllegalStateException(
                    "string tensor '" + name + "' is not dynamically allocated, so TFLite cannot resize its buffer");
        }
        int status = CApi.asInt(CApi.TENSOR_REALLOC.call(size, struct().address()));
        if (status != 0) {
            throw interpreter.reporter.failure(status, "reallocating string tensor '" + name + "'");
        }
        interpreter.invalidateViews();
        StringCodec.encode(values, refreshView());
    }

    // ---- copies out -----------------------------------------------------------------------------

    /** Copies the tensor's data into {@code dst} (FLOAT32, or COMPLEX64 as interleaved pairs). */
    public void copyTo(float[] dst) {
        read(dst);
    }

    /** Copies the tensor's data into {@code dst} (FLOAT64, or COMPLEX128 as interleaved pairs). */
    public void copyTo(double[] dst) {
        read(dst);
    }

    /** Copies the tensor's data into {@code dst} (INT32 or UINT32). */
    public void copyTo(int[] dst) {
        read(dst);
    }

    /** Copies the tensor's data into {@code dst} (INT64 or UINT64). */
    public void copyTo(long[] dst) {
        read(dst);
    }

    /** Copies the tensor's data into {@code dst} (INT16, UINT16, or the raw bits of FLOAT16/BFLOAT16). */
    public void copyTo(short[] dst) {
        read(dst);
    }

    /** Copies the tensor's data into {@code dst} (INT8, UINT8, BOOL, INT4, UINT4, INT2: one element a byte). */
    public void copyTo(byte[] dst) {
        read(dst);
    }

    /** Copies a BOOL tensor's data into {@code dst}. */
    public void copyTo(boolean[] dst) {
        read(dst);
    }

    /** Copies the tensor's bytes into {@code dst}, which must hold exactly {@link #byteSize()} bytes. */
    public void copyTo(MemorySegment dst) {
        read(dst);
    }

    private void read(Object dst) {
        Objects.requireNonNull(dst, "dst");
        interpreter.enter();
        try {
            read0(dst);
        } finally {
            interpreter.exit();
        }
    }

    /** Reads the tensor into a Java array (or segment); entered. */
    void read0(Object dst) {
        if (dst instanceof MemorySegment m) {
            copySegment(m, false);
            return;
        }
        ElementKind kind = kindOf(dst, "cannot copy tensor '%2$s' into a %1$s");
        kind.copyOut(checkedView(kind, ElementKind.length(dst)), ByteOrder.nativeOrder(), dst);
    }

    private ElementKind kindOf(Object array, String format) {
        ElementKind kind = ElementKind.ofArrayClass(array.getClass());
        if (kind == null || kind == ElementKind.STRING) {
            ElementKind fits = ElementKind.of(dataType);
            throw new IllegalArgumentException(
                    String.format(format, array.getClass().getSimpleName(), name)
                            + (fits == null
                                    ? ": it holds no data"
                                    : "; expected a " + fits.arrayClass().getSimpleName()));
        }
        return kind;
    }

    private void copySegment(MemorySegment segment, boolean into) {
        if (!dataType.isFixedSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + dataType.numpyName()
                    + ", which has no fixed-size data to copy as a MemorySegment");
        }
        MemorySegment view = refreshView();
        if (segment.byteSize() != view.byteSize()) {
            throw sizeMismatch(segment.byteSize() + " bytes", view.byteSize() + " bytes");
        }
        if (into && view.isReadOnly()) {
            throw readOnly();
        }
        try {
            if (into) {
                MemorySegment.copy(segment, 0, view, 0, view.byteSize());
            } else {
                MemorySegment.copy(view, 0, segment, 0, view.byteSize());
            }
        } catch (IllegalStateException e) {
            throw new ClosedException("the " + (into ? "source" : "destination") + " segment's arena is closed", e);
        }
    }

    /**
     * A new Java array with all of the tensor's data, of the kind that fits its element type (see
     * {@link ElementKind#of(DataType)}; {@code byte[][]} for strings); entered.
     */
    Object readAll0() {
        ElementKind kind = ElementKind.of(dataType);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' is " + dataType.numpyName() + ", which holds no readable data");
        }
        if (kind == ElementKind.STRING) {
            return StringCodec.decode(refreshView(), "string tensor '" + name + "'");
        }
        Object array = kind.newArray(Math.toIntExact(dataBytes() / kind.valueBytes()));
        read0(array);
        return array;
    }

    /** A new array with the data of a FLOAT32 (or COMPLEX64) tensor. */
    public float[] toFloatArray() {
        return (float[]) readAllAs(ElementKind.FLOAT);
    }

    /** A new array with the data of a FLOAT64 (or COMPLEX128) tensor. */
    public double[] toDoubleArray() {
        return (double[]) readAllAs(ElementKind.DOUBLE);
    }

    /** A new array with the data of an INT32 or UINT32 tensor. */
    public int[] toIntArray() {
        return (int[]) readAllAs(ElementKind.INT);
    }

    /** A new array with the data of an INT64 or UINT64 tensor. */
    public long[] toLongArray() {
        return (long[]) readAllAs(ElementKind.LONG);
    }

    /** A new array with the data of a 16-bit tensor. */
    public short[] toShortArray() {
        return (short[]) readAllAs(ElementKind.SHORT);
    }

    /** A new array with the data of a one-byte-per-element tensor (BOOL as 0/1). */
    public byte[] toByteArray() {
        return (byte[]) readAllAs(ElementKind.BYTE);
    }

    /** A new array with the data of a BOOL tensor. */
    public boolean[] toBooleanArray() {
        return (boolean[]) readAllAs(ElementKind.BOOLEAN);
    }

    /** The strings of a STRING tensor, decoded as UTF-8. */
    public String[] toStringArray() {
        return StringCodec.strings(toBytesArray());
    }

    /** The strings of a STRING tensor, as bytes. */
    public byte[][] toBytesArray() {
        return (byte[][]) readAllAs(ElementKind.STRING);
    }

    private Object readAllAs(ElementKind kind) {
        interpreter.enter();
        try {
            if (!kind.holds(dataType)) {
                throw typeMismatch(kind);
            }
            if (kind == ElementKind.STRING || kind == ElementKind.of(dataType)) {
                return readAll0();
            }
            Object array = kind.newArray(Math.toIntExact(dataBytes() / kind.valueBytes()));
            read0(array);
            return array;
        } finally {
            interpreter.exit();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The view, checked to fit {@code length} values of {@code kind}; entered. */
    private MemorySegment checkedView(ElementKind kind, int length) {
        if (!kind.holds(dataType)) {
            throw typeMismatch(kind);
        }
        MemorySegment view = refreshView();
        if (length * kind.valueBytes() != view.byteSize()) { // no division on the steady path
            long needed = view.byteSize() / kind.valueBytes();
            long elements = elementCount0();
            throw sizeMismatch(
                    kind.arrayClass().getSimpleName() + " of length " + length,
                    elements + " elements (shape " + Arrays.toString(shape0()) + ", " + view.byteSize()
                            + " bytes, so length " + needed + ")");
        }
        return view;
    }

    private IllegalArgumentException typeMismatch(ElementKind given) {
        ElementKind fits = ElementKind.of(dataType);
        return new IllegalArgumentException("tensor '" + name + "' is " + dataType.numpyName() + "; a "
                + given.arrayClass().getSimpleName() + " holds "
                + given.types().stream().map(DataType::numpyName).toList()
                + (fits == null
                        ? ""
                        : "; use a " + fits.arrayClass().getSimpleName()
                                + (fits == ElementKind.STRING ? " or String[]" : "")));
    }

    private IllegalArgumentException readOnly() {
        return new IllegalArgumentException("tensor '" + name + "' is read-only: its data is constant data of the"
                + " model, which every interpreter of the model shares");
    }

    private IllegalArgumentException sizeMismatch(String given, String expected) {
        return new IllegalArgumentException("tensor '" + name + "' holds " + expected + ", given " + given);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dataType.numpyName() + "]";
    }
}
