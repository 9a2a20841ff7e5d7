package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TensorFlow Lite interpreter ({@code TfLiteInterpreter}) over a {@link Model}: runs the model's signatures
 * through {@link SignatureRunner}s, or its primary subgraph directly ({@link #input(int)},
 * {@link #invoke()}, ... as C++'s {@code Interpreter}).
 *
 * <p><b>Threads.</b> An interpreter is not thread-safe, as in TFLite. It may move between threads (e.g. in a
 * pool), but two threads using it, its runners or its tensors at the same time get a
 * {@link ConcurrentUseException} instead of corrupted state: every call claims the interpreter with one
 * compare-and-set and releases it on return. {@link #cancel()} is the exception:
 * any thread may call it. For parallel work use one interpreter per thread; they can share one model.
 *
 * <p><b>Lifecycle.</b> Everything native that the interpreter creates (options, XNNPACK delegate, error
 * reporter stub, signature runners, the {@code TfLiteOperator}s of Java operators) belongs to its own arena and is freed by {@link #close()}, in reverse
 * order of creation; {@code close()} is idempotent. The interpreter holds references to its model and to
 * delegates given in the options, so those may be closed first. An interpreter created with an owner
 * {@link Arena} is closed when that arena is (and keeps the arena reachable, so an {@code Arena.ofAuto()} owner
 * is not collected while the interpreter is in use); if another thread is inside a call on the interpreter then,
 * closing the arena waits for that call to return, and if the closing thread is itself inside a call (a
 * callback closed the arena), the interpreter closes when that call returns. A call on a closed interpreter (or
 * its runners and tensors) throws {@link ClosedException}.
 *
 * <p>An interpreter that is never closed is freed by the garbage collector once it is unreachable (a safety
 * net, not a way to manage it: native memory does not make the collector run), with one warning per creation
 * site to {@link System.Logger} {@code dev.tfliteffm}; {@code -Dtflite.ffm.leak.trace=true} records the whole
 * stack where each interpreter and model is created. Models are freed the same way.
 *
 * <p><b>Errors.</b> TFLite's error reporter is routed into the exception of the call that failed; messages
 * of calls that succeeded go to {@link System.Logger} {@code dev.tfliteffm.tflite}. Nothing is printed.
 */
public final class Interpreter implements AutoCloseable {

    /** The key TFLite gives the default runner of a model without SignatureDefs. */
    public static final String PLACEHOLDER_SIGNATURE_KEY = "<placeholder signature>";

    private static final VarHandle USER = InterpreterState.USER;
    private static final Object CLOSED = InterpreterState.CLOSED;

    // ---- State ----------------------------------------------------------------------------------------
    //
    // "Entered": a thread has claimed the interpreter with enter() (one CAS of `state.user` from null to the thread)
    // and not yet released it with exit(). Every public call on the interpreter, its runners and tensors
    // enters first, so native state is touched by one thread at a time; methods named *0 and package-private
    // helpers documented "entered" expect the caller to have entered.
    //
    // What a call may invalidate, and how the Java side notices (all fields below are read and written only
    // while entered, except `state.epoch`, which data() reads before entering as a fast path):
    // - Buffers move on allocation, on a resize, when a string tensor is written, and when an invoke
    //   reallocates (dynamic tensors, or the first invoke after an allocation that still prepares ops).
    //   invalidateViews() then closes `state.viewArena` (every MemorySegment handed out by Tensor.data() becomes
    //   inaccessible: "Already closed" instead of a read of freed memory), opens a new one, and bumps `epoch`
    //   (each Tensor's cached view is tagged with the epoch it was made in).
    // - TfLiteTensor structs move when TFLite adds tensors (while it prepares ops: allocation, a first runner,
    //   a checked invoke). structureMayHaveMoved() bumps `structureEpoch`; each Tensor re-locates its struct
    //   when its tag differs. invalidateViews() bumps it too.
    // - Whether an entry point must allocate before its next invoke, and which invokes must be checked for
    //   moved buffers, is kept per entry point by its InvokeSequence (and BufferWatch).
    // The claim, the arenas and the epoch live in `state`, which never references the interpreter: the Cleaner
    // (an interpreter never closed) and the owner arena close it through that object alone. exit() keeps the
    // interpreter reachable to the end of every call, so the Cleaner cannot free it while a thread is inside.

    // Set (entered) when an allocation fails with a delegate applied: TFLite leaves the delegate's state broken
    // (XNNPACK's runtime failed to reshape; resizing back and invoking then crashed the process, as it does in
    // C), so every later call is refused. close() still works.
    private TfLiteException unusable;
    // The failure of the last allocation, or null once one succeeds: what data() says when a tensor has no buffer.
    private volatile TfLiteException lastAllocationFailure;

    private final InterpreterState state;
    private final Cleaner.Cleanable cleanable;
    // Kept reachable: an Arena.ofAuto() owner would otherwise be collected, and close the interpreter, while in use.
    @SuppressWarnings("unused")
    private final Arena owner;

    private final MemorySegment handle;
    private final long address;
    final ErrorReporter reporter;
    private final Model model;
    private final List<Delegate> delegates;
    private final InterpreterOptions options;
    private final Signatures signatures;
    private final Map<String, MemorySegment> nativeRunners;
    private final Map<String, SignatureRunner> runners = new LinkedHashMap<>();
    private final Tensor[] inputs;
    private final Tensor[] outputs;
    private final InvokeSequence primary;

    private int structureEpoch;

    Interpreter(
            InterpreterState state,
            MemorySegment handle,
            ErrorReporter reporter,
            Model model,
            List<Delegate> delegates,
            InterpreterOptions options,
            Arena owner) {
        this.state = state;
        this.owner = owner;
        this.handle = handle;
        this.address = handle.address();
        this.reporter = reporter;
        this.model = model;
        this.delegates = delegates;
        this.options = options;
        int count = CApi.asInt(CApi.INTERPRETER_GET_SIGNATURE_COUNT.call(address));
        Map<String, MemorySegment> nativeRunners = new LinkedHashMap<>();
        Map<String, List<String>> inputNames = new LinkedHashMap<>();
        Map<String, List<String>> outputNames = new LinkedHashMap<>();
        try (Arena temp = Arena.ofConfined()) {
            for (int i = 0; i < count; i++) {
                String key = CApi.asPointer(CApi.INTERPRETER_GET_SIGNATURE_KEY.call(address, i))
                        .reinterpret(Integer.MAX_VALUE)
                        .getString(0);
                MemorySegment runner = nativeRunner(temp.allocateFrom(key), key);
                nativeRunners.put(key, runner);
                // Before SignatureNames.of: TFLite reads past its list of names when a model repeats one.
                SignatureNames.check(model.bytes(), model.description(), key, runner);
                inputNames.put(key, SignatureNames.of(runner, true));
                outputNames.put(key, SignatureNames.of(runner, false));
            }
        }
        this.nativeRunners = nativeRunners;
        this.signatures = new Signatures(inputNames, outputNames);
        this.inputs = new Tensor[CApi.asInt(CApi.INTERPRETER_GET_INPUT_TENSOR_COUNT.call(address))];
        this.outputs = new Tensor[CApi.asInt(CApi.INTERPRETER_GET_OUTPUT_TENSOR_COUNT.call(address))];
        this.primary = new InvokeSequence(this) {
            @Override
            int allocateNative() {
                return CApi.asInt(CApi.INTERPRETER_ALLOCATE_TENSORS.call(address));
            }

            @Override
            int invokeNative() {
                return CApi.asInt(CApi.INTERPRETER_INVOKE.call(address));
            }

            @Override
            Tensor[] watchedTensors() {
                Tensor[] watched = new Tensor[inputs.length + outputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    watched[i] = primaryInput(i);
                }
                for (int i = 0; i < outputs.length; i++) {
                    watched[inputs.length + i] = primaryOutput(i);
                }
                return watched;
            }

            @Override
            String what() {
                return "the primary subgraph";
            }

            @Override
            boolean onPrimarySubgraph() {
                return true;
            }
        };
        this.cleanable = Leaks.CLEANER.register(this, state);
    }

    /** An interpreter for {@code model} with the default {@link InterpreterOptions}. */
    public static Interpreter create(Model model) {
        return create(model, InterpreterOptions.defaults(), null);
    }

    /** An interpreter for {@code model} with {@code options}. */
    public static Interpreter create(Model model, InterpreterOptions options) {
        return create(model, options, null);
    }

    /**
     * An interpreter for {@code model} with {@code options}, closed when {@code owner} is.
     *
     * @param owner the arena whose closing closes the interpreter, or {@code null} for none
     * @throws ClosedException if the model, a delegate of the options, or {@code owner} is closed
     * @throws TfLiteException with status INVALID_MODEL if the model's mapped file was changed in place since it
     *     was loaded (see {@link Model})
     * @throws TfLiteException if TFLite cannot build the interpreter, e.g. status {@code UNRESOLVED_OPS} for a
     *     model with ops the library does not have, with TFLite's messages
     */
    public static Interpreter create(Model model, InterpreterOptions options, Arena owner) {
        return create(model, options, owner, null, false);
    }

    /**
     * As {@link #create(Model, InterpreterOptions, Arena)}, with XNNPACK packing its weights into
     * {@code weightsCache} when the options turn XNNPACK on ({@code null}: no shared cache); see
     * {@link InterpreterFactory#create}.
     */
    static Interpreter create(
            Model model, InterpreterOptions options, Arena owner, WeightsCache weightsCache, boolean referencesHeld) {
        return InterpreterFactory.create(model, options, owner, weightsCache, referencesHeld);
    }

    private MemorySegment nativeRunner(MemorySegment cKey, String key) {
        MemorySegment runner = CApi.asPointer(CApi.INTERPRETER_GET_SIGNATURE_RUNNER.call(address, cKey.address()));
        if (runner.equals(MemorySegment.NULL)) {
            throw reporter.failure(TfLiteException.Status.ERROR, "TFLite gave no runner for signature '" + key + "'");
        }
        return runner.reinterpret(state.arena, CApi.SIGNATURE_RUNNER_DELETE.deleter());
    }

    // ---- state: one user at a time -------------------------------------------------------------

    /** Claims the interpreter for the calling thread; fails if it is closed or in use by another thread. */
    void enter() {
        if (!USER.compareAndSet(state, null, Thread.currentThread())) {
            throw notFree();
        }
        if (unusable != null) {
            exit();
            throw new IllegalStateException(
                    "the interpreter is unusable since an allocation failed with a delegate applied, which leaves"
                            + " TFLite's delegate state broken (see the cause); close it and create a new interpreter",
                    unusable);
        }
    }

    /**
     * Releases the claim of {@link #enter()}, or closes the interpreter if its owner arena was closed by this very
     * call. Keeps the interpreter reachable to here, so the Cleaner never frees it during a call.
     */
    void exit() {
        InterpreterState s = state;
        if (s.closeAtExit) {
            s.closeHeld();
        } else {
            USER.setRelease(s, null);
        }
        Reference.reachabilityFence(this);
    }

    private IllegalStateException notFree() {
        Object u = state.user;
        if (u == CLOSED) {
            return new ClosedException("the interpreter is closed");
        }
        if (u == Thread.currentThread()) {
            return new ConcurrentUseException(
                    "the interpreter is already in a call on this thread (a callback re-entered it)");
        }
        return new ConcurrentUseException("the interpreter is in use by thread '"
                + (u instanceof Thread t ? t.getName() : String.valueOf(u))
                + "': an interpreter is not thread-safe; use one interpreter per thread (they may share a Model)");
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state.user == CLOSED;
    }

    int epoch() {
        return state.epoch;
    }

    Arena viewArena() {
        return state.viewArena;
    }

    /** The arena of the interpreter's own native objects, for data that lives as long as it. */
    Arena arena() {
        return state.arena;
    }

    /** The native {@code TfLiteInterpreter*} (valid while entered). */
    long address() {
        return address;
    }

    int structureEpoch() {
        return structureEpoch;
    }

    /** Called (entered) after any call that may make TFLite add tensors, which moves its tensor structs. */
    void structureMayHaveMoved() {
        structureEpoch++;
    }

    /**
     * Records a failed allocation (entered) and returns its exception; with a delegate applied, the interpreter
     * becomes unusable.
     */
    TfLiteException allocationFailed(int status, String what) {
        List<String> applied = new ArrayList<>();
        if (options.xnnpack()) {
            applied.add("XNNPACK");
        }
        delegates.forEach(d -> applied.add(d.toString()));
        TfLiteException.Status s = TfLiteException.Status.of(status);
        // Through the reporter: it keeps what a Java operator threw during the call as the cause.
        TfLiteException failure = reporter.failure(
                s,
                what + " failed (" + s + ")"
                        + (applied.isEmpty()
                                ? ""
                                : "; with " + String.join(", ", applied) + " applied, the interpreter is now unusable"
                                        + " (close it and create a new one)"));
        lastAllocationFailure = failure;
        if (!applied.isEmpty()) {
            unusable = failure;
        }
        return failure;
    }

    /** Records a successful allocation (entered). */
    void allocationSucceeded() {
        lastAllocationFailure = null;
    }

    /** The failure of the last allocation, or null if it succeeded (entered). */
    TfLiteException lastAllocationFailure() {
        return lastAllocationFailure;
    }

    /**
     * Whether the last allocation failed. TFLite may leave an interpreter whose allocation failed with XNNPACK
     * unusable (the delegate's state half-prepared), so a pool discards such interpreters instead of lending
     * them again.
     */
    boolean lastAllocationFailed() {
        return lastAllocationFailure != null;
    }

    /** Makes every data view of this interpreter inaccessible; called (entered) when buffers may move. */
    void invalidateViews() {
        Arena old = state.viewArena;
        state.viewArena = Arena.ofShared();
        state.epoch++;
        structureEpoch++;
        old.close();
    }

    // ---- signatures -----------------------------------------------------------------------------

    /** The model's signatures (SignatureDefs): keys, and the input and output names of each. */
    public Signatures signatures() {
        return signatures;
    }

    /**
     * The runner of the signature {@code key}; the same object on every call. For a model without SignatureDefs,
     * {@value #PLACEHOLDER_SIGNATURE_KEY} gives the {@linkplain #defaultRunner() default runner}.
     *
     * @throws IllegalArgumentException naming the keys there are, if there is no such key
     */
    public SignatureRunner runner(String key) {
        Objects.requireNonNull(key, "key (use defaultRunner() for the default one)");
        if (key.equals(PLACEHOLDER_SIGNATURE_KEY) && signatures.keys().isEmpty()) {
            return defaultRunner(); // TFLite makes the placeholder signature only when asked for the default runner
        }
        enter();
        try {
            SignatureRunner runner = runners.get(key);
            if (runner != null) {
                return runner;
            }
            MemorySegment nativeRunner = nativeRunners.get(key);
            if (nativeRunner == null) {
                throw new IllegalArgumentException("no signature '" + key + "' in the " + model.description()
                        + "; expected one of " + signatures.keys());
            }
            runner = new SignatureRunner(this, key, nativeRunner, signatures.inputs(key), signatures.outputs(key));
            runners.put(key, runner);
            return runner;
        } finally {
            exit();
        }
    }

    /**
     * The default runner, as TFLite gives it for a null key: the model's signature on the primary subgraph
     * if it has SignatureDefs, else a placeholder signature ({@value #PLACEHOLDER_SIGNATURE_KEY}) over the
     * primary subgraph's inputs and outputs, named after their tensors.
     */
    public SignatureRunner defaultRunner() {
        enter();
        String key;
        try {
            SignatureRunner runner = runners.get(PLACEHOLDER_SIGNATURE_KEY);
            if (runner != null) {
                return runner;
            }
            if (!signatures.keys().isEmpty()) {
                // TFLite picks the first signature on subgraph 0: the one whose inputs are the interpreter's.
                key = primarySignatureKey();
            } else {
                SignatureNames.checkPlaceholder(handle, model.description());
                MemorySegment nativeRunner = CApi.asPointer(CApi.INTERPRETER_GET_SIGNATURE_RUNNER.call(address, 0));
                structureMayHaveMoved(); // a first runner may apply TFLite's lazy delegates
                if (nativeRunner.equals(MemorySegment.NULL)) {
                    throw reporter.failure(TfLiteException.Status.ERROR, "TFLite gave no default runner");
                }
                nativeRunner = nativeRunner.reinterpret(state.arena, CApi.SIGNATURE_RUNNER_DELETE.deleter());
                runner = new SignatureRunner(
                        this,
                        PLACEHOLDER_SIGNATURE_KEY,
                        nativeRunner,
                        SignatureNames.of(nativeRunner, true),
                        SignatureNames.of(nativeRunner, false));
                runners.put(PLACEHOLDER_SIGNATURE_KEY, runner);
                return runner;
            }
        } finally {
            exit();
        }
        return runner(key);
    }

    private String primarySignatureKey() {
        MemorySegment nativeRunner = CApi.asPointer(CApi.INTERPRETER_GET_SIGNATURE_RUNNER.call(address, 0));
        structureMayHaveMoved();
        if (nativeRunner.equals(MemorySegment.NULL)) {
            throw reporter.failure(
                    TfLiteException.Status.ERROR,
                    "no signature of the " + model.description() + " runs on the primary subgraph");
        }
        try {
            for (Map.Entry<String, MemorySegment> e : nativeRunners.entrySet()) {
                if (SignatureNames.sameInputs(nativeRunner, e.getValue())) {
                    return e.getKey();
                }
            }
            return signatures.keys().getFirst();
        } finally {
            CApi.SIGNATURE_RUNNER_DELETE.call(nativeRunner.address());
        }
    }

    /** Index of {@code tensor} among the primary subgraph's inputs, or -1: where a non-strict resize works. */
    int primaryInputIndex(Tensor tensor) {
        for (int i = 0; i < inputs.length; i++) {
            if (CApi.INTERPRETER_GET_INPUT_TENSOR.call(address, i) == tensor.address()) {
                return i;
            }
        }
        return -1;
    }

    /** Marks every runner on the primary subgraph, and the interpreter, as needing an allocation. */
    void primaryResized() {
        primary.markResized();
        for (SignatureRunner r : runners.values()) {
            if (r.onPrimarySubgraph()) {
                r.markResized();
            }
        }
    }

    /** Non-strict resize of the primary subgraph's input {@code index} (entered). */
    void resizePrimaryInput(int index, int[] dims, String what) {
        try (Arena temp = Arena.ofConfined()) {
            int status = CApi.asInt(CApi.INTERPRETER_RESIZE_INPUT_TENSOR.call(
                    address,
                    index,
                    temp.allocateFrom(ValueLayout.JAVA_INT, dims).address(),
                    dims.length));
            if (status != 0) {
                throw reporter.failure(status, what);
            }
        }
        invalidateViews();
        primaryResized();
    }

    // ---- the primary subgraph, as C++'s Interpreter -----------------------------------------------

    /** The number of inputs of the primary subgraph. */
    public int inputCount() {
        return inputs.length;
    }

    /** The number of outputs of the primary subgraph. */
    public int outputCount() {
        return outputs.length;
    }

    /** Input {@code index} of the primary subgraph. */
    public Tensor input(int index) {
        enter();
        try {
            Objects.checkIndex(index, inputs.length);
            return primaryInput(index);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("no input " + index + "; the primary subgraph has " + inputs.length);
        } finally {
            exit();
        }
    }

    /** Output {@code index} of the primary subgraph. */
    public Tensor output(int index) {
        enter();
        try {
            Objects.checkIndex(index, outputs.length);
            return primaryOutput(index);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("no output " + index + "; the primary subgraph has " + outputs.length);
        } finally {
            exit();
        }
    }

    private Tensor primaryInput(int index) {
        if (inputs[index] == null) {
            inputs[index] = new Tensor(this, Tensor.calling(CApi.INTERPRETER_GET_INPUT_TENSOR, address, index));
        }
        return inputs[index];
    }

    private Tensor primaryOutput(int index) {
        if (outputs[index] == null) {
            outputs[index] = new Tensor(this, Tensor.calling(CApi.INTERPRETER_GET_OUTPUT_TENSOR, address, index));
        }
        return outputs[index];
    }

    /**
     * Resizes input {@code index} of the primary subgraph to {@code dims}, non-strictly (any dimension may
     * change, as C++'s {@code Interpreter::ResizeInputTensor}). Buffers are reallocated by
     * {@link #allocateTensors()} or the next invoke.
     */
    public void resizeInput(int index, int... dims) {
        Tensor t = input(index);
        enter();
        try {
            SignatureRunner.checkDims(t, dims, options);
            if (!java.util.Arrays.equals(t.shape0(), dims)) {
                resizePrimaryInput(index, dims, "resizing input " + index + " to " + java.util.Arrays.toString(dims));
            }
        } finally {
            exit();
        }
    }

    /** Allocates the primary subgraph's buffers; views of this interpreter's tensors become invalid. */
    public void allocateTensors() {
        enter();
        try {
            primary.allocate();
        } finally {
            exit();
        }
    }

    /**
     * Runs the primary subgraph (allocating first if a resize asked for it).
     *
     * @throws TfLiteException with TFLite's status and messages if the invoke fails (CANCELLED after
     *     {@link #cancel()})
     */
    public void invoke() {
        enter();
        try {
            primary.invoke();
        } finally {
            exit();
        }
    }

    /** Resets all variable tensors to their initial values ({@code TfLiteInterpreterResetVariableTensors}). */
    public void resetVariables() {
        enter();
        try {
            int status = CApi.asInt(CApi.INTERPRETER_RESET_VARIABLE_TENSORS.call(address));
            if (status != 0) {
                throw reporter.failure(status, "resetting variable tensors");
            }
        } finally {
            exit();
        }
    }

    /**
     * Asks a running invoke to stop; it then fails with status {@code CANCELLED}. Safe from any thread, and a
     * no-op when nothing runs or the interpreter is closed.
     *
     * @throws IllegalStateException if the options disabled cancellation
     */
    public void cancel() {
        if (!options.cancellable()) {
            throw new IllegalStateException("cancellation is disabled in this interpreter's options");
        }
        try {
            // The handle's arena is held for the length of the call, so close() cannot free it meanwhile.
            TfLite.TfLiteInterpreterCancel(handle);
        } catch (IllegalStateException closed) {
            // Closed: nothing runs.
        }
    }

    /** The options this interpreter was created with. */
    public InterpreterOptions options() {
        return options;
    }

    /** The model this interpreter runs. */
    public Model model() {
        return model;
    }

    /**
     * Frees the interpreter and everything it created, and releases its model and delegates. Idempotent.
     *
     * @throws ConcurrentUseException if another thread is inside a call
     */
    @Override
    public void close() {
        Object previous = USER.compareAndExchange(state, null, CLOSED);
        if (previous == CLOSED) {
            return;
        }
        if (previous != null) {
            throw new ConcurrentUseException("cannot close the interpreter while thread '"
                    + (previous instanceof Thread t ? t.getName() : previous) + "' is using it");
        }
        state.epoch++;
        cleanable.clean(); // frees the native state once, and unregisters it from the Cleaner
    }

    @Override
    public String toString() {
        return "Interpreter[" + model.description() + ", signatures " + signatures.keys()
                + (isClosed() ? ", closed" : "") + "]";
    }
}
