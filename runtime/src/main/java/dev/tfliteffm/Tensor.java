package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tensor of an interpreter: its metadata, a zero-copy {@link MemorySegment} view of its data, and typed
 * copies from and to Java arrays.
 *
 * <p>The view returned by {@link #data()} stays valid until the interpreter reallocates buffers (an
 * {@code allocateTensors()}, a resize, writing strings, an invoke that reallocates a dynamic output) or is
 * closed; after that, using the old view throws {@link IllegalStateException} ("Already closed") rather
 * than reading stale or freed memory. Call {@code data()} again to get the current view; it is cached, so
 * calling it per invoke costs a field comparison.
 *
 * <p>Typed copies accept the Java array that matches the element type: {@code float[]} for FLOAT32 (and
 * COMPLEX64, two floats per element), {@code double[]} for FLOAT64 (and COMPLEX128), {@code int[]} for
 * INT32/UINT32, {@code long[]} for INT64/UINT64, {@code short[]} for INT16/UINT16/FLOAT16/BFLOAT16 (raw
 * bits), {@code byte[]} for INT8/UINT8/BOOL/INT4/UINT4/INT2, {@code boolean[]} for BOOL; and
 * {@code String[]}/{@code byte[][]} for STRING tensors, in TFLite's string-buffer layout. A tensor belongs to
 * its interpreter: like it, it must not be used from two threads at once.
 */
public final class Tensor {

    /** How to find the tensor's {@code TfLiteTensor*} again: TFLite moves these structs when it adds tensors. */
    interface Locator {
        /** The tensor's current address (the interpreter is entered). */
        MemorySegment locate();
    }

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
        MemorySegment cName = TfLite.TfLiteTensorName(struct);
        this.name = cName.equals(MemorySegment.NULL)
                ? ""
                : cName.reinterpret(Integer.MAX_VALUE).getString(0);
        this.dataType = DataType.of(struct().get(ValueLayout.JAVA_INT, Natives.TENSOR_TYPE));
    }

    private void locate() {
        MemorySegment tensor = locator.locate();
        if (tensor.equals(MemorySegment.NULL)) {
            throw new TfLiteException(
                    TfLiteException.Status.ERROR, "TFLite returned no tensor", interpreter.reporter.drain());
        }
        // Global scope: liveness is the interpreter's state check, made before every read.
        struct = MemorySegment.ofAddress(tensor.address()).reinterpret(Natives.TENSOR_STRUCT_SIZE);
        structEpoch = interpreter.structureEpoch();
    }

    /**
     * The {@code TfLiteTensor} struct, located again if TFLite may have moved it since (an allocation, a
     * resize, an invoke that prepared ops); the interpreter is entered.
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
        return intArray(struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_DIMS));
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
        MemorySegment signature = TfLite.TfLiteTensorGetDimsSignature(struct());
        int[] dims = signature.equals(MemorySegment.NULL) ? new int[0] : intArray(signature.address());
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
            return struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_BYTES);
        } finally {
            interpreter.exit();
        }
    }

    /** Whether TFLite (re)allocates this tensor's buffer while the graph runs ({@code kTfLiteDynamic}). */
    boolean isDynamic() {
        return struct().get(ValueLayout.JAVA_INT, Natives.TENSOR_ALLOCATION_TYPE) == Natives.ALLOCATION_DYNAMIC;
    }

    /** The data pointer and size, read without a state check: for the interpreter's own bookkeeping. */
    long dataAddress() {
        return struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_DATA);
    }

    long dataBytes() {
        return struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_BYTES);
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
        int type = struct().get(ValueLayout.JAVA_INT, Natives.TENSOR_QUANTIZATION);
        long params = struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_QUANTIZATION + 8);
        if (type == TfLite.kTfLiteAffineQuantization() && params != 0) {
            MemorySegment affine = MemorySegment.ofAddress(params).reinterpret(24);
            long scalePtr = affine.get(ValueLayout.JAVA_LONG, 0);
            long zeroPtr = affine.get(ValueLayout.JAVA_LONG, 8);
            int dimension = affine.get(ValueLayout.JAVA_INT, 16);
            float[] scales = scalePtr == 0 ? new float[0] : floatArray(scalePtr);
            int[] zeros = zeroPtr == 0 ? new int[0] : intArray(zeroPtr);
            long[] zeroPoints = new long[scales.length];
            for (int i = 0; i < zeroPoints.length && i < zeros.length; i++) {
                zeroPoints[i] = zeros[i];
            }
            return scales.length == 0 ? Quantization.NONE : new Quantization(scales, zeroPoints, dimension);
        }
        float scale = struct().get(ValueLayout.JAVA_FLOAT, Natives.TENSOR_PARAMS);
        int zeroPoint = struct().get(ValueLayout.JAVA_INT, Natives.TENSOR_PARAMS + 4);
        return scale == 0f ? Quantization.NONE : new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    /**
     * A zero-copy view of the tensor's data, valid until the next reallocation (see the class comment).
     *
     * @throws TfLiteException with status ILLEGAL_STATE if the buffers are not allocated yet, CLOSED if the
     *     interpreter is closed, CONCURRENT_USE if another thread is using the interpreter
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

    /** The view, made anew if the interpreter reallocated since; called with the interpreter entered. */
    MemorySegment refreshView() {
        int epoch = interpreter.epoch();
        if (view != null && viewEpoch == epoch) {
            return view;
        }
        long data = struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_DATA);
        long bytes = struct().get(ValueLayout.JAVA_LONG, Natives.TENSOR_BYTES);
        if (data == 0) {
            if (bytes == 0 && dataType != DataType.STRING) {
                view = MemorySegment.NULL.reinterpret(0, interpreter.viewArena(), null);
                viewEpoch = epoch;
                return view;
            }
            throw new TfLiteException(
                    TfLiteException.Status.ILLEGAL_STATE,
                    "tensor '" + name + "' has no buffer yet: call allocateTensors() (or invoke) first");
        }
        view = MemorySegment.ofAddress(data).reinterpret(bytes, interpreter.viewArena(), null);
        viewEpoch = epoch;
        return view;
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
     * (a count, N+1 offsets, the bytes). The tensor's buffer is reallocated to fit, so views of this
     * interpreter's tensors become invalid.
     */
    public void copyFrom(byte[][] values) {
        write(values);
    }

    private void write(Object src) {
        java.util.Objects.requireNonNull(src, "src");
        interpreter.enter();
        try {
            write0(src);
        } finally {
            interpreter.exit();
        }
    }

    /** Writes a Java array (or segment) into the tensor; the interpreter is entered. */
    void write0(Object src) {
        switch (src) {
            case float[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(
                                a.length,
                                ValueLayout.JAVA_FLOAT_UNALIGNED,
                                "float[]",
                                DataType.FLOAT32,
                                DataType.COMPLEX64),
                        ValueLayout.JAVA_FLOAT_UNALIGNED,
                        0,
                        a.length);
            case double[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(
                                a.length,
                                ValueLayout.JAVA_DOUBLE_UNALIGNED,
                                "double[]",
                                DataType.FLOAT64,
                                DataType.COMPLEX128),
                        ValueLayout.JAVA_DOUBLE_UNALIGNED,
                        0,
                        a.length);
            case int[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(a.length, ValueLayout.JAVA_INT_UNALIGNED, "int[]", DataType.INT32, DataType.UINT32),
                        ValueLayout.JAVA_INT_UNALIGNED,
                        0,
                        a.length);
            case long[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(
                                a.length, ValueLayout.JAVA_LONG_UNALIGNED, "long[]", DataType.INT64, DataType.UINT64),
                        ValueLayout.JAVA_LONG_UNALIGNED,
                        0,
                        a.length);
            case short[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(a.length, ValueLayout.JAVA_SHORT_UNALIGNED, "short[]", SHORT_TYPES),
                        ValueLayout.JAVA_SHORT_UNALIGNED,
                        0,
                        a.length);
            case byte[] a ->
                MemorySegment.copy(
                        a,
                        0,
                        checkedView(a.length, ValueLayout.JAVA_BYTE, "byte[]", BYTE_TYPES),
                        ValueLayout.JAVA_BYTE,
                        0,
                        a.length);
            case boolean[] a -> {
                MemorySegment dst = checkedView(a.length, ValueLayout.JAVA_BYTE, "boolean[]", DataType.BOOL);
                for (int i = 0; i < a.length; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, i, (byte) (a[i] ? 1 : 0));
                }
            }
            case String[] a -> {
                byte[][] bytes = new byte[a.length][];
                for (int i = 0; i < a.length; i++) {
                    bytes[i] = a[i].getBytes(StandardCharsets.UTF_8);
                }
                writeStrings0(bytes);
            }
            case byte[][] a -> writeStrings0(a);
            case MemorySegment m -> {
                requireFixedSize("MemorySegment");
                MemorySegment dst = refreshView();
                if (m.byteSize() != dst.byteSize()) {
                    throw sizeMismatch(m.byteSize() + " bytes", dst.byteSize() + " bytes");
                }
                try {
                    MemorySegment.copy(m, 0, dst, 0, dst.byteSize());
                } catch (IllegalStateException e) {
                    throw new TfLiteException(TfLiteException.Status.CLOSED, "the source segment's arena is closed", e);
                }
            }
            default ->
                throw new TfLiteException(
                        TfLiteException.Status.INVALID_ARGUMENT,
                        "cannot copy a " + src.getClass().getSimpleName() + " into tensor '" + name + "'");
        }
    }

    private static final DataType[] SHORT_TYPES = {DataType.INT16, DataType.UINT16, DataType.FLOAT16, DataType.BFLOAT16
    };
    private static final DataType[] BYTE_TYPES = {
        DataType.INT8, DataType.UINT8, DataType.BOOL, DataType.INT4, DataType.UINT4, DataType.INT2
    };

    private void writeStrings0(byte[][] values) {
        if (dataType != DataType.STRING) {
            throw typeMismatch("String[]/byte[][]", DataType.STRING);
        }
        long elements = elementCount0();
        if (values.length != elements) {
            throw sizeMismatch(
                    values.length + " strings", elements + " elements (shape " + Arrays.toString(shape0()) + ")");
        }
        long size = 4L * (values.length + 2);
        for (byte[] v : values) {
            size += v.length;
        }
        if (size > Integer.MAX_VALUE) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_ARGUMENT, "strings for tensor '" + name + "' exceed 2 GiB");
        }
        if (!isDynamic()) {
            throw new TfLiteException(
                    TfLiteException.Status.ILLEGAL_STATE,
                    "string tensor '" + name + "' is not dynamically allocated, so TFLite cannot resize its buffer");
        }
        int status = TfLite.TfLiteTensorRealloc(size, struct());
        if (status != 0) {
            throw interpreter.reporter.failure(status, "reallocating string tensor '" + name + "'");
        }
        interpreter.invalidateViews();
        MemorySegment dst = refreshView();
        int count = values.length;
        dst.set(ValueLayout.JAVA_INT_UNALIGNED, 0, count);
        int offset = 4 * (count + 2);
        for (int i = 0; i < count; i++) {
            dst.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 1), offset);
            MemorySegment.copy(values[i], 0, dst, ValueLayout.JAVA_BYTE, offset, values[i].length);
            offset += values[i].length;
        }
        dst.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * (count + 1), offset);
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
        java.util.Objects.requireNonNull(dst, "dst");
        interpreter.enter();
        try {
            read0(dst);
        } finally {
            interpreter.exit();
        }
    }

    /** Reads the tensor into a Java array (or segment); the interpreter is entered. */
    void read0(Object dst) {
        switch (dst) {
            case float[] a ->
                MemorySegment.copy(
                        checkedView(
                                a.length,
                                ValueLayout.JAVA_FLOAT_UNALIGNED,
                                "float[]",
                                DataType.FLOAT32,
                                DataType.COMPLEX64),
                        ValueLayout.JAVA_FLOAT_UNALIGNED,
                        0,
                        a,
                        0,
                        a.length);
            case double[] a ->
                MemorySegment.copy(
                        checkedView(
                                a.length,
                                ValueLayout.JAVA_DOUBLE_UNALIGNED,
                                "double[]",
                                DataType.FLOAT64,
                                DataType.COMPLEX128),
                        ValueLayout.JAVA_DOUBLE_UNALIGNED,
                        0,
                        a,
                        0,
                        a.length);
            case int[] a ->
                MemorySegment.copy(
                        checkedView(a.length, ValueLayout.JAVA_INT_UNALIGNED, "int[]", DataType.INT32, DataType.UINT32),
                        ValueLayout.JAVA_INT_UNALIGNED,
                        0,
                        a,
                        0,
                        a.length);
            case long[] a ->
                MemorySegment.copy(
                        checkedView(
                                a.length, ValueLayout.JAVA_LONG_UNALIGNED, "long[]", DataType.INT64, DataType.UINT64),
                        ValueLayout.JAVA_LONG_UNALIGNED,
                        0,
                        a,
                        0,
                        a.length);
            case short[] a ->
                MemorySegment.copy(
                        checkedView(a.length, ValueLayout.JAVA_SHORT_UNALIGNED, "short[]", SHORT_TYPES),
                        ValueLayout.JAVA_SHORT_UNALIGNED,
                        0,
                        a,
                        0,
                        a.length);
            case byte[] a ->
                MemorySegment.copy(
                        checkedView(a.length, ValueLayout.JAVA_BYTE, "byte[]", BYTE_TYPES),
                        ValueLayout.JAVA_BYTE,
                        0,
                        a,
                        0,
                        a.length);
            case boolean[] a -> {
                MemorySegment src = checkedView(a.length, ValueLayout.JAVA_BYTE, "boolean[]", DataType.BOOL);
                for (int i = 0; i < a.length; i++) {
                    a[i] = src.get(ValueLayout.JAVA_BYTE, i) != 0;
                }
            }
            case MemorySegment m -> {
                requireFixedSize("MemorySegment");
                MemorySegment src = refreshView();
                if (m.byteSize() != src.byteSize()) {
                    throw sizeMismatch(m.byteSize() + " bytes", src.byteSize() + " bytes");
                }
                try {
                    MemorySegment.copy(src, 0, m, 0, src.byteSize());
                } catch (IllegalStateException e) {
                    throw new TfLiteException(
                            TfLiteException.Status.CLOSED, "the destination segment's arena is closed", e);
                }
            }
            default ->
                throw new TfLiteException(
                        TfLiteException.Status.INVALID_ARGUMENT,
                        "cannot copy tensor '" + name + "' into a "
                                + dst.getClass().getSimpleName());
        }
    }

    /**
     * A new Java array with all of the tensor's data, of the array type that fits its element type
     * ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code short[]}, {@code boolean[]},
     * {@code byte[]}, or {@code byte[][]} for strings); the interpreter is entered.
     */
    Object readAll0() {
        long bytes = dataBytes();
        Object array = switch (dataType) {
            case FLOAT32, COMPLEX64 -> new float[(int) (bytes / 4)];
            case FLOAT64, COMPLEX128 -> new double[(int) (bytes / 8)];
            case INT32, UINT32 -> new int[(int) (bytes / 4)];
            case INT64, UINT64 -> new long[(int) (bytes / 8)];
            case INT16, UINT16, FLOAT16, BFLOAT16 -> new short[(int) (bytes / 2)];
            case BOOL -> new boolean[(int) bytes];
            case INT8, UINT8, INT4, UINT4, INT2 -> new byte[(int) bytes];
            case STRING -> null;
            default ->
                throw new TfLiteException(
                        TfLiteException.Status.INVALID_ARGUMENT,
                        "tensor '" + name + "' is " + dataType.numpyName() + ", which holds no readable data");
        };
        if (array == null) {
            return readStrings0();
        }
        read0(array);
        return array;
    }

    /** A new array with the data of a FLOAT32 (or COMPLEX64) tensor. */
    public float[] toFloatArray() {
        return (float[]) readAllAs(float[].class);
    }

    /** A new array with the data of a FLOAT64 (or COMPLEX128) tensor. */
    public double[] toDoubleArray() {
        return (double[]) readAllAs(double[].class);
    }

    /** A new array with the data of an INT32 or UINT32 tensor. */
    public int[] toIntArray() {
        return (int[]) readAllAs(int[].class);
    }

    /** A new array with the data of an INT64 or UINT64 tensor. */
    public long[] toLongArray() {
        return (long[]) readAllAs(long[].class);
    }

    /** A new array with the data of a 16-bit tensor. */
    public short[] toShortArray() {
        return (short[]) readAllAs(short[].class);
    }

    /** A new array with the data of a one-byte-per-element tensor (BOOL as 0/1). */
    public byte[] toByteArray() {
        interpreter.enter();
        try {
            byte[] a = new byte[(int) dataBytes()];
            read0(a);
            return a;
        } finally {
            interpreter.exit();
        }
    }

    /** A new array with the data of a BOOL tensor. */
    public boolean[] toBooleanArray() {
        return (boolean[]) readAllAs(boolean[].class);
    }

    /** The strings of a STRING tensor, decoded as UTF-8. */
    public String[] toStringArray() {
        byte[][] bytes = toBytesArray();
        String[] out = new String[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = new String(bytes[i], StandardCharsets.UTF_8);
        }
        return out;
    }

    /** The strings of a STRING tensor, as bytes. */
    public byte[][] toBytesArray() {
        return (byte[][]) readAllAs(byte[][].class);
    }

    private Object readAllAs(Class<?> type) {
        interpreter.enter();
        try {
            Object array = readAll0();
            if (!type.isInstance(array)) {
                throw typeMismatch(type.getSimpleName(), fitting(type));
            }
            return array;
        } finally {
            interpreter.exit();
        }
    }

    private static DataType[] fitting(Class<?> type) {
        if (type == float[].class) {
            return new DataType[] {DataType.FLOAT32, DataType.COMPLEX64};
        } else if (type == double[].class) {
            return new DataType[] {DataType.FLOAT64, DataType.COMPLEX128};
        } else if (type == int[].class) {
            return new DataType[] {DataType.INT32, DataType.UINT32};
        } else if (type == long[].class) {
            return new DataType[] {DataType.INT64, DataType.UINT64};
        } else if (type == short[].class) {
            return SHORT_TYPES;
        } else if (type == boolean[].class) {
            return new DataType[] {DataType.BOOL};
        }
        return new DataType[] {DataType.STRING};
    }

    private byte[][] readStrings0() {
        if (dataType != DataType.STRING) {
            throw typeMismatch("String[]/byte[][]", DataType.STRING);
        }
        MemorySegment src = refreshView();
        if (src.byteSize() < 4) {
            return new byte[0][];
        }
        int count = src.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        if (count < 0 || 4L * (count + 2) > src.byteSize()) {
            throw new TfLiteException(
                    TfLiteException.Status.ERROR,
                    "string tensor '" + name + "' has a malformed buffer (count " + count + ")");
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            int start = src.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 1));
            int end = src.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * (i + 2));
            if (start < 0 || end < start || end > src.byteSize()) {
                throw new TfLiteException(
                        TfLiteException.Status.ERROR, "string tensor '" + name + "' has a malformed offset at " + i);
            }
            out[i] = src.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
        }
        return out;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private MemorySegment checkedView(int length, ValueLayout element, String javaType, DataType... accepted) {
        boolean ok = false;
        for (DataType t : accepted) {
            ok |= t == dataType;
        }
        if (!ok) {
            throw typeMismatch(javaType, accepted);
        }
        MemorySegment view = refreshView();
        long needed = view.byteSize() / element.byteSize();
        if (length != needed || view.byteSize() % element.byteSize() != 0) {
            long elements = elementCount0();
            throw sizeMismatch(
                    javaType + " of length " + length,
                    elements + " elements (shape " + Arrays.toString(shape0()) + ", " + view.byteSize()
                            + " bytes, so length " + needed + ")");
        }
        return view;
    }

    private void requireFixedSize(String javaType) {
        if (!dataType.isFixedSize()) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_ARGUMENT,
                    "tensor '" + name + "' is " + dataType.numpyName() + ", which has no fixed-size data to copy as a "
                            + javaType);
        }
    }

    private TfLiteException typeMismatch(String javaType, DataType... accepted) {
        return new TfLiteException(
                TfLiteException.Status.INVALID_ARGUMENT,
                "tensor '" + name + "' is " + dataType.numpyName() + "; a " + javaType + " fits "
                        + Arrays.stream(accepted).map(DataType::numpyName).toList());
    }

    private TfLiteException sizeMismatch(String given, String expected) {
        return new TfLiteException(
                TfLiteException.Status.INVALID_ARGUMENT,
                "tensor '" + name + "' holds " + expected + ", given " + given);
    }

    private static int[] intArray(long address) {
        if (address == 0) {
            return new int[0];
        }
        MemorySegment array = MemorySegment.ofAddress(address).reinterpret(4);
        int size = array.get(ValueLayout.JAVA_INT, 0);
        return MemorySegment.ofAddress(address)
                .reinterpret(4L + 4L * size)
                .asSlice(4)
                .toArray(ValueLayout.JAVA_INT);
    }

    private static float[] floatArray(long address) {
        MemorySegment array = MemorySegment.ofAddress(address).reinterpret(4);
        int size = array.get(ValueLayout.JAVA_INT, 0);
        return MemorySegment.ofAddress(address)
                .reinterpret(4L + 4L * size)
                .asSlice(4)
                .toArray(ValueLayout.JAVA_FLOAT);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dataType.numpyName() + "]";
    }
}
