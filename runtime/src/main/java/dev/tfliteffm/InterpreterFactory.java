package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an {@link Interpreter}: TFLite's interpreter options from {@link InterpreterOptions} (threads, the shared
 * error reporter, cancellation, the profiler, Java operators, XNNPACK and other delegates), the interpreter itself,
 * and the references it holds; whatever it took is given back if a step fails.
 */
final class InterpreterFactory {

    private InterpreterFactory() {}

    /**
     * As {@link #create(Model, InterpreterOptions, Arena)}, with XNNPACK packing its weights into
     * {@code weightsCache} when the options turn XNNPACK on ({@code null}: no shared cache). The interpreter
     * holds a reference to the cache until it is closed. With {@code referencesHeld}, the caller (a pool)
     * holds references to the model and the options' delegates, so they may have been closed by their owner.
     */
    static Interpreter create(
            Model model, InterpreterOptions options, Arena owner, WeightsCache weightsCache, boolean referencesHeld) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        TensorFlowLite.applyDefaultLogSeverity();
        WeightsCache cache = options.xnnpack() ? weightsCache : null;
        MemorySegment modelHandle = referencesHeld ? model.acquireWhileHeld() : model.acquire();
        try {
            model.checkMappedFile();
        } catch (RuntimeException e) {
            model.release();
            throw e;
        }
        List<Delegate> acquired = new ArrayList<>();
        Arena arena = Arena.ofShared();
        boolean cacheAcquired = false;
        Interpreter interpreter;
        InterpreterState state;
        try {
            if (cache != null) {
                cache.acquire();
                cacheAcquired = true;
            }
            for (Delegate d : options.delegates()) {
                if (referencesHeld) {
                    d.acquireWhileHeld();
                } else {
                    d.acquire();
                }
                acquired.add(d);
            }
            ErrorReporter reporter = new ErrorReporter(arena);
            MemorySegment nativeOptions = CApi.asPointer(CApi.INTERPRETER_OPTIONS_CREATE.call())
                    .reinterpret(arena, CApi.INTERPRETER_OPTIONS_DELETE.deleter());
            long optionsAddress = nativeOptions.address();
            CApi.INTERPRETER_OPTIONS_SET_NUM_THREADS.call(optionsAddress, options.threads());
            CApi.INTERPRETER_OPTIONS_SET_ERROR_REPORTER.call(
                    optionsAddress, ErrorReporter.STUB.address(), reporter.userData());
            CApi.INTERPRETER_OPTIONS_ENABLE_CANCELLATION.call(optionsAddress, options.cancellable() ? 1 : 0);
            if (options.profiler() != null) {
                CApi.INTERPRETER_OPTIONS_SET_TELEMETRY_PROFILER.call(
                        optionsAddress, options.profiler().struct().address());
            }
            // Before the interpreter: its arena frees them after it (TFLite calls their free callbacks meanwhile).
            List<OperatorRegistration> operators = options.operatorsToRegister(model.customCodes());
            if (!operators.isEmpty()) { // else JavaOperators' class (its upcall stubs) is not even initialised
                JavaOperators.register(nativeOptions, operators, reporter, arena);
            }
            if (options.xnnpack()) {
                MemorySegment cacheHandle = cache == null ? MemorySegment.NULL : cache.handle();
                CApi.INTERPRETER_OPTIONS_ADD_DELEGATE.call(
                        optionsAddress,
                        Delegate.xnnpackHandle(options.threads(), cacheHandle, arena)
                                .address());
            }
            for (Delegate d : acquired) {
                CApi.INTERPRETER_OPTIONS_ADD_DELEGATE.call(
                        optionsAddress, d.handle().address());
            }
            MemorySegment raw = CApi.asPointer(CApi.INTERPRETER_CREATE.call(modelHandle.address(), optionsAddress));
            if (raw.equals(MemorySegment.NULL)) {
                List<String> messages = reporter.drain();
                boolean unresolved = messages.stream()
                        .anyMatch(m -> m.contains("unresolved custom op")
                                || m.contains("Didn't find op for builtin opcode")
                                || m.contains("Unsupported custom op"));
                throw new TfLiteException(
                        unresolved ? TfLiteException.Status.UNRESOLVED_OPS : TfLiteException.Status.ERROR,
                        "TFLite could not create an interpreter for the " + model.description(),
                        messages);
            }
            reporter.logPending();
            MemorySegment handle = raw.reinterpret(arena, CApi.INTERPRETER_DELETE.deleter());
            state = new InterpreterState(
                    arena, model.references(), List.copyOf(acquired), cache, model.description(), owner != null);
            interpreter = new Interpreter(state, handle, reporter, model, List.copyOf(acquired), options, owner);
        } catch (Throwable t) {
            arena.close();
            acquired.forEach(Delegate::release);
            if (cacheAcquired) {
                cache.release();
            }
            model.release();
            throw t;
        }
        if (owner != null) {
            try {
                // Through the state alone: a cleanup that referenced the interpreter would keep it reachable.
                Owned.closeWith(owner, state::closeByOwner, "an interpreter of the " + model.description());
            } catch (RuntimeException e) {
                interpreter.close();
                throw e;
            }
        }
        return interpreter;
    }
}
