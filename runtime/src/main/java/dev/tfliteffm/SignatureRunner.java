package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one signature (entry point) of an interpreter: named input and output tensors, resizing, allocation,
 * invoke, cancel; and {@link #run(Map)}, which does all of that in one call as Python's
 * {@code SignatureRunner.__call__}.
 *
 * <p>Three ways to run, from the simplest to the leanest:
 * <ul>
 *   <li>{@link #run(Map)}: values in by name, a new map of output copies back. Its only allocations on a steady
 *       path are the copies it returns (about 100 bytes a call for one float in and one out).</li>
 *   <li>{@link #run(Map, Map)}: the same, filling arrays or segments the caller gives by output name, as the
 *       official Java API's {@code runSignature}; it allocates nothing when inputs and outputs are flat arrays or
 *       segments and the shapes stay the same.</li>
 *   <li>The prepared path, as in C++: get the tensors and their {@linkplain Tensor#data() views} once, then write
 *       inputs, {@link #invoke()}, and read outputs through the views; no lookup by name and no copy per call.</li>
 * </ul>
 * A runner belongs to its interpreter and shares its thread rules.
 */
public final class SignatureRunner {

    private final Interpreter interpreter;
    private final String key;
    private final MemorySegment handle;
    private final long address;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Map<String, Tensor> inputsByName = new LinkedHashMap<>();
    private final Map<String, Tensor> outputsByName = new LinkedHashMap<>();
    private final boolean onPrimarySubgraph;
    private final Tensor[] inputTensors;
    private final Tensor[] outputTensors;
    private final Tensor[] allTensors;
    private final InvokeSequence sequence;
    // run(Map)'s state between calls, made by the first (entered).
    private MapRun mapRun;

    SignatureRunner(
            Interpreter interpreter,
            String key,
            MemorySegment handle,
            List<String> inputNames,
            List<String> outputNames) {
        this.interpreter = interpreter;
        this.key = key;
        this.handle = handle;
        this.address = handle.address();
        this.inputNames = inputNames;
        this.outputNames = outputNames;
        // Names live as long as the interpreter: tensors look themselves up again when TFLite moves them.
        for (String name : inputNames) {
            MemorySegment cName = interpreter.arena().allocateFrom(name);
            inputsByName.put(
                    name,
                    new Tensor(
                            interpreter,
                            Tensor.calling(CApi.SIGNATURE_RUNNER_GET_INPUT_TENSOR, address, cName.address())));
        }
        for (String name : outputNames) {
            MemorySegment cName = interpreter.arena().allocateFrom(name);
            outputsByName.put(
                    name,
                    new Tensor(
                            interpreter,
                            Tensor.calling(CApi.SIGNATURE_RUNNER_GET_OUTPUT_TENSOR, address, cName.address())));
        }
        this.inputTensors = inputsByName.values().toArray(new Tensor[0]);
        this.outputTensors = outputsByName.values().toArray(new Tensor[0]);
        this.allTensors = new Tensor[inputTensors.length + outputTensors.length];
        System.arraycopy(inputTensors, 0, allTensors, 0, inputTensors.length);
        System.arraycopy(outputTensors, 0, allTensors, inputTensors.length, outputTensors.length);
        this.onPrimarySubgraph = inputTensors.length > 0 && interpreter.primaryInputIndex(inputTensors[0]) >= 0;
        this.sequence = new InvokeSequence(interpreter) {
            @Override
            int allocateNative() {
                return CApi.asInt(CApi.SIGNATURE_RUNNER_ALLOCATE_TENSORS.call(address));
            }

            @Override
            int invokeNative() {
                return CApi.asInt(CApi.SIGNATURE_RUNNER_INVOKE.call(address));
            }

            @Override
            Tensor[] watchedTensors() {
                return allTensors;
            }

            @Override
            String what() {
                return "signature '" + key + "'";
            }

            @Override
            boolean onPrimarySubgraph() {
                return onPrimarySubgraph;
            }
        };
    }

    /** The signature key; {@value Interpreter#PLACEHOLDER_SIGNATURE_KEY} for a model without SignatureDefs. */
    public String key() {
        return key;
    }

    /** The signature's input names, in TFLite's order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** The signature's output names, in TFLite's order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * The input tensor the signature calls {@code name}.
     *
     * @throws IllegalArgumentException naming the inputs there are
     */
    public Tensor input(String name) {
        Objects.requireNonNull(name, "name");
        Tensor t = inputsByName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(
                    "no input '" + name + "' in signature '" + key + "'; expected one of " + inputNames);
        }
        return t;
    }

    /**
     * The output tensor the signature calls {@code name}.
     *
     * @throws IllegalArgumentException naming the outputs there are
     */
    public Tensor output(String name) {
        Objects.requireNonNull(name, "name");
        Tensor t = outputsByName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(
                    "no output '" + name + "' in signature '" + key + "'; expected one of " + outputNames);
        }
        return t;
    }

    boolean onPrimarySubgraph() {
        return onPrimarySubgraph;
    }

    void markResized() {
        sequence.markResized();
    }

    /**
     * Resizes input {@code name} to {@code dims} as far as TFLite allows: dimensions that are -1 in the shape
     * signature may always change (TFLite's strict signature resize); if this signature runs on the primary
     * subgraph, any dimension may (TFLite's {@code ResizeInputTensor} by index). Otherwise the error says
     * which dimensions may change. A resize to the current shape does nothing. Buffers are reallocated by
     * {@link #allocateTensors()} or the next invoke; views become invalid.
     *
     * @throws IllegalArgumentException if a dimension is negative, the rank is not the shape signature's, the
     *     shape exceeds TFLite's 2^31 - 1 bytes a tensor, or TFLite lets no resize change these dimensions
     */
    public void resizeInput(String name, int... dims) {
        resize(name, dims, false);
    }

    /** Resizes input {@code name} changing only dimensions that are -1 in its shape signature. */
    public void resizeInputStrict(String name, int... dims) {
        resize(name, dims, true);
    }

    private void resize(String name, int[] dims, boolean strictOnly) {
        Tensor t = input(name);
        Objects.requireNonNull(dims, "dims");
        interpreter.enter();
        try {
            resize0(t, name, dims, strictOnly);
        } finally {
            interpreter.exit();
        }
    }

    private void resize0(Tensor t, String name, int[] dims, boolean strictOnly) {
        applyResize(t, name, dims, planResize(t, name, dims, strictOnly, t.shape0()));
    }

    private static final int UNCHANGED = -2;
    private static final int STRICT = -1;

    /**
     * Checks a resize from shape {@code current} without touching TFLite (entered): {@link #UNCHANGED},
     * {@link #STRICT} (TFLite's signature resize), or the primary subgraph's input index for a non-strict resize.
     * Allocates nothing when the shape is unchanged.
     *
     * @throws IllegalArgumentException if TFLite would refuse the shape, saying which dimensions may change
     */
    private int planResize(Tensor t, String name, int[] dims, boolean strictOnly, int[] current) {
        checkDims(t, dims, interpreter.options());
        boolean unchanged = Arrays.equals(current, dims);
        // Only the primary subgraph's non-strict resize may change a rank. Off that subgraph the current shape has
        // the signature's rank, so an unchanged shape needs no check (nor the signature read).
        if (strictOnly || (!onPrimarySubgraph && !unchanged)) {
            checkRank(t, name, dims);
        }
        if (unchanged) {
            return UNCHANGED;
        }
        int[] signature = t.shapeSignature0();
        List<Integer> mayChange = new ArrayList<>();
        for (int i = 0; i < signature.length; i++) {
            if (signature[i] == -1) {
                mayChange.add(i);
            }
        }
        // TFLite's strict resize also wants the current rank (Interpreter.resizeInput may have changed it).
        boolean strictFits = dims.length == signature.length && current.length == dims.length;
        for (int i = 0; strictFits && i < dims.length; i++) {
            strictFits = signature[i] == -1 || dims[i] == signature[i];
        }
        if (strictFits) {
            return STRICT;
        }
        int index = strictOnly ? -1 : interpreter.primaryInputIndex(t);
        if (index < 0) {
            throw new IllegalArgumentException(
                    resizing(name, current, dims) + ": only dimensions that are -1 in its shape signature "
                            + Arrays.toString(signature) + " may change ("
                            + (mayChange.isEmpty() ? "none" : "dimension " + mayChange) + ")"
                            + (strictOnly
                                    ? ""
                                    : "; TFLite resizes other dimensions only for the primary subgraph, which this signature does not run on"));
        }
        return index;
    }

    private String resizing(String name, int[] from, int[] to) {
        return "resizing input '" + name + "' of signature '" + key + "' from " + Arrays.toString(from) + " to "
                + Arrays.toString(to);
    }

    /** Resizes as {@link #planResize} decided (entered). */
    private void applyResize(Tensor t, String name, int[] dims, int plan) {
        if (plan == UNCHANGED) {
            return;
        }
        String what = resizing(name, t.shape0(), dims);
        if (plan >= 0) {
            interpreter.resizePrimaryInput(plan, dims, what);
            return;
        }
        try (Arena temp = Arena.ofConfined()) {
            int status = CApi.asInt(CApi.SIGNATURE_RUNNER_RESIZE_INPUT_TENSOR.call(
                    address,
                    temp.allocateFrom(name).address(),
                    temp.allocateFrom(ValueLayout.JAVA_INT, dims).address(),
                    dims.length));
            if (status != 0) {
                throw interpreter.reporter.failure(status, what);
            }
        }
        interpreter.invalidateViews();
        sequence.markResized();
        if (onPrimarySubgraph) {
            interpreter.primaryResized();
        }
    }

    /**
     * Refuses dimensions TFLite cannot take: negative ones, and shapes beyond 2^31 - 1 bytes (or elements, for
     * strings), which TFLite counts in 32-bit ints: [65536, 65536] gave an output of shape [0, 1], and
     * [2^31 - 1, 2^31 - 1] a negative byte size.
     */
    /** XNNPACK's {@code XNN_MAX_TENSOR_DIMS}. */
    static final int XNNPACK_MAX_RANK = 6;

    /** {@link #checkDims(Tensor, int[])}, and the rank XNNPACK can take when the options turn it on. */
    static void checkDims(Tensor t, int[] dims, InterpreterOptions options) {
        checkDims(t, dims);
        // TFLite 2.21's XNNPACK delegate overflows a stack array (the process aborts) when it reshapes an
        // input of more dimensions than XNNPACK supports.
        if (options.xnnpack() && dims.length > XNNPACK_MAX_RANK) {
            throw new IllegalArgumentException("cannot resize '" + t.name() + "' to " + Arrays.toString(dims)
                    + ": with XNNPACK on, a tensor has at most " + XNNPACK_MAX_RANK + " dimensions, given "
                    + dims.length + "; create the interpreter with xnnpack(false) for more");
        }
    }

    static void checkDims(Tensor t, int[] dims) {
        boolean empty = false;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "cannot resize '" + t.name() + "' to " + Arrays.toString(dims) + ": dimensions must be >= 0");
            }
            empty |= d == 0;
        }
        long elementBytes = Math.max(1, t.dataType().byteSize());
        long product = elementBytes; // below 2^31 before each step, so no step overflows a long
        for (int i = 0; !empty && i < dims.length && product <= Integer.MAX_VALUE; i++) {
            product *= dims[i];
        }
        if (empty || product <= Integer.MAX_VALUE) {
            return;
        }
        BigInteger bytes = BigInteger.valueOf(elementBytes);
        for (int d : dims) {
            bytes = bytes.multiply(BigInteger.valueOf(d));
        }
        if (bytes.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("cannot resize '" + t.name() + "' to " + Arrays.toString(dims) + ": "
                    + bytes.divide(BigInteger.valueOf(elementBytes)) + " elements of "
                    + t.dataType().numpyName()
                    + (t.dataType().isFixedSize() ? " (" + bytes + " bytes)" : "")
                    + " exceed TFLite's limit of 2147483647 "
                    + (t.dataType().isFixedSize() ? "bytes" : "elements") + " a tensor");
        }
    }

    /** Refuses a shape of another rank than the input's shape signature, before TFLite sees it (entered). */
    private void checkRank(Tensor t, String name, int[] dims) {
        int[] signature = t.shapeSignature0();
        if (dims.length != signature.length) {
            // TFLite's strict resize cannot change a rank; the primary subgraph's non-strict one can, and a later
            // resize back goes the same way (planResize checks the current rank), so the runner is never stuck.
            throw new IllegalArgumentException("input '" + name + "' of signature '" + key + "' has rank "
                    + signature.length + " (shape signature " + Arrays.toString(signature) + "); given shape "
                    + Arrays.toString(dims) + " of rank " + dims.length);
        }
    }

    /** Allocates this signature's buffers; views of the interpreter's tensors become invalid. */
    public void allocateTensors() {
        interpreter.enter();
        try {
            sequence.allocate();
        } finally {
            interpreter.exit();
        }
    }

    /**
     * Runs the signature on the data in its input tensors (allocating first if a resize asked for it).
     * Allocates nothing on the Java heap when it succeeds.
     *
     * @throws TfLiteException with TFLite's status and messages if the invoke fails (CANCELLED after
     *     {@link #cancel()})
     */
    public void invoke() {
        Interpreter ip = interpreter;
        ip.enter();
        try {
            sequence.invoke();
        } finally {
            ip.exit();
        }
    }

    /** Asks a running invoke of this signature to stop; safe from any thread (see {@link Interpreter#cancel()}). */
    public void cancel() {
        interpreter.cancel();
    }

    /**
     * Runs the signature in one call: for each input, a value of its shape (resizing and reallocating only
     * when the shape differs from the current one), then invoke, then a copy of every output.
     *
     * <p>An input value may be an {@link NdArray}; a Java array of the input's element type, flat
     * ({@code float[]}: shaped as the input is now, or as {@code [n]} for a rank-1 input) or nested
     * ({@code float[][]}: shaped by its nesting); {@code String[]}/{@code byte[][]} for string inputs; or a
     * {@link MemorySegment} of exactly the input's byte size.
     *
     * <p>Every value is checked before anything changes: a refused call leaves the runner as it was. A value's
     * rank must be the input's (that of its shape signature). An input that is constant data of the model
     * ({@linkplain Tensor read-only}) takes no value.
     *
     * <p>What a call allocates when no shape changes: the result, that is an unmodifiable map over the runner's
     * list of output names, and per output an {@link NdArray} with a new Java array holding the copy (the shape
     * arrays are shared between calls: an {@code NdArray} never hands out its own); and the UTF-8 bytes of
     * {@code String} inputs. Values are written straight from the caller's arrays, a nested array row by row,
     * never through a flattened copy. For a model of one float in and one out that is about 100 bytes a call; to
     * allocate nothing, give the arrays to fill: {@link #run(Map, Map)}.
     *
     * @return each output's name and a copy of its data, in the signature's output order: an unmodifiable map
     *     that later calls do not change
     * @throws IllegalArgumentException for a missing or unknown input, a value of the wrong type, size or rank,
     *     a shape whose dimensions TFLite lets no resize change, or one beyond TFLite's 2^31 - 1 bytes a tensor
     * @throws NullPointerException for a null map or value
     * @throws TfLiteException if TFLite refuses the new shapes or the invoke fails
     */
    public Map<String, NdArray> run(Map<String, ?> values) {
        checkInputNames(values);
        interpreter.enter();
        try {
            MapRun call = mapRun();
            try {
                writeInputs0(call, values);
                sequence.invoke();
                return call.readOutputs();
            } finally {
                call.clear();
            }
        } finally {
            interpreter.exit();
        }
    }

    /**
     * Runs the signature in one call as {@link #run(Map)} does, but copies the outputs into the arrays or segments
     * given by output name, as the official TFLite Java API's {@code runSignature} does. With flat arrays or
     * segments, inputs and outputs alike, a call allocates nothing while the shapes stay the same.
     *
     * <p>An output takes a flat Java array of its element type with one value per element ({@code float[]} for
     * FLOAT32, as {@link Tensor#copyTo(float[])} takes it), a nested Java array of exactly its shape
     * ({@code new float[1][10]}), a {@link MemorySegment} of exactly its byte size, or for a string output a
     * {@code String[]} or {@code byte[][]} with one element per string. Outputs not in the map are not copied
     * (they can still be read through {@link #output(String)}); the map may be empty.
     *
     * <p>Input values are checked as {@link #run(Map)} checks them, and output names and classes too, before
     * anything changes. An output's size can only be checked once the invoke has given it its shape: every
     * output is checked then, before any is filled, so a refused size leaves the inputs written and the signature
     * run, but no output filled.
     *
     * @param values input name to value, as for {@link #run(Map)}
     * @param outputs output name to the array or segment to fill
     * @throws IllegalArgumentException for what {@link #run(Map)} refuses, an unknown output name, or an output
     *     array or segment of the wrong class, length or shape (the message gives the output's type and shape)
     * @throws NullPointerException for a null map, value or output
     * @throws TfLiteException if TFLite refuses the new shapes or the invoke fails
     */
    public void run(Map<String, ?> values, Map<String, ?> outputs) {
        checkInputNames(values);
        Objects.requireNonNull(outputs, "outputs");
        MapRun.checkNames(outputs, outputNames, "output", key);
        interpreter.enter();
        try {
            MapRun call = mapRun();
            try {
                call.takeOutputs(outputs);
                writeInputs0(call, values);
                sequence.invoke();
                call.fillOutputs();
            } finally {
                call.clear();
            }
        } finally {
            interpreter.exit();
        }
    }

    /** The first half of {@link #run(Map)}, for the batch runner: checks, resizes and writes the inputs. */
    void writeInputs(Map<String, ?> values) {
        checkInputNames(values);
        interpreter.enter();
        try {
            MapRun call = mapRun();
            try {
                writeInputs0(call, values);
            } finally {
                call.clear();
            }
        } finally {
            interpreter.exit();
        }
    }

    private void checkInputNames(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        MapRun.checkNames(values, inputNames, "input", key);
    }

    /** run(Map)'s state, made on first use (entered). */
    private MapRun mapRun() {
        if (mapRun == null) {
            mapRun = new MapRun(outputNames, inputTensors, outputTensors);
        }
        return mapRun;
    }

    /**
     * Resizes where the values' shapes differ, allocates if needed, and writes the values (entered). Every value
     * is checked before the first resize, so a refused one leaves the runner as it was. Allocates nothing when no
     * shape changes.
     */
    private void writeInputs0(MapRun call, Map<String, ?> values) {
        InputValue[] given = call.values;
        int[] plans = call.plans;
        // Every value is checked before the first resize, so a refused one leaves the runner as it was.
        for (int i = 0; i < inputTensors.length; i++) {
            String name = inputNames.get(i);
            Tensor t = inputTensors[i];
            if (t.isReadOnly()) { // constant data of the model: it takes no value
                if (values.containsKey(name)) {
                    throw new IllegalArgumentException("input '" + name + "' of signature '" + key
                            + "' is read-only (constant data of the model); give no value for it");
                }
                given[i].clear();
                plans[i] = UNCHANGED;
                continue;
            }
            Object value = values.get(name);
            if (value == null && !values.containsKey(name)) {
                throw new IllegalArgumentException(
                        "missing input '" + name + "' for signature '" + key + "'; expected values for " + inputNames);
            }
            int[] current = call.inputShape(i);
            given[i].set(value, t.dataType(), current, name);
            plans[i] = planResize(t, name, given[i].shape(), false, current);
        }
        List<String> resized = null; // made only when a shape changes
        for (int i = 0; i < inputTensors.length; i++) {
            if (plans[i] != UNCHANGED) {
                String name = inputNames.get(i);
                Tensor t = inputTensors[i];
                int[] shape = given[i].shape();
                if (resized == null) {
                    resized = new ArrayList<>();
                }
                resized.add("'" + name + "' from " + Arrays.toString(t.shape0()) + " to " + Arrays.toString(shape)
                        + " (shape signature " + Arrays.toString(t.shapeSignature0()) + ")");
                applyResize(t, name, shape, plans[i]);
            }
        }
        if (sequence.needsAllocation()) {
            try {
                sequence.allocate();
            } catch (TfLiteException e) {
                if (resized == null) {
                    throw e;
                }
                // Name the resize as context only: TFLite's messages say what failed (a kernel that refuses the
                // shape, or something unrelated such as a custom op), and the cause keeps the original call.
                TfLiteException after = new TfLiteException(
                        e.status(),
                        "allocating tensors of signature '" + key + "' failed (" + e.status()
                                + ") after resizing input " + String.join(", ", resized),
                        e.nativeMessages());
                after.initCause(
                        e.getCause() != null ? e.getCause() : e); // a Java operator's own exception, if one threw
                throw after;
            }
        }
        for (int i = 0; i < inputTensors.length; i++) {
            if (given[i].isSet()) {
                given[i].writeTo(inputTensors[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "SignatureRunner[" + key + ", inputs " + inputNames + ", outputs " + outputNames + "]";
    }
}
