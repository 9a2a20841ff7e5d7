package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import dev.tfliteffm.internal.bindings.TfLiteXNNPackDelegateOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TensorFlow Lite delegate that the user brings to {@link InterpreterOptions.Builder#addDelegate}: today an
 * external delegate plugin loaded from a shared library (e.g. a Flex delegate). XNNPACK needs no object of
 * this kind: it is an interpreter option, on by default.
 *
 * <p>Interpreters hold a reference to their delegates, so {@link #close()} is safe at any time: the native
 * delegate is destroyed once it is closed and no interpreter uses it. {@code close()} is idempotent.
 */
public final class Delegate implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();

    private final MemorySegment handle;
    private final String description;
    private final RefCountedArena references;
    // Kept reachable: an Arena.ofAuto() owner would otherwise be collected, and close the delegate, while in use.
    @SuppressWarnings("unused")
    private final Arena owner;

    private Delegate(Arena arena, MemorySegment handle, String description, Arena owner) {
        this.references = new RefCountedArena(arena, description);
        this.handle = handle;
        this.description = description;
        this.owner = owner;
    }

    /**
     * Loads an external delegate plugin: a shared library exporting {@code tflite_plugin_create_delegate}
     * and {@code tflite_plugin_destroy_delegate} (TFLite's external delegate interface), created with
     * {@code options} as its key/value settings.
     *
     * <p>The plugin is called directly rather than through {@code TfLiteExternalDelegateCreate}, which in
     * TFLite 2.21.0 returns a half-made delegate when the plugin fails (and crashes when that is deleted).
     *
     * @throws IllegalArgumentException if the file is missing or not such a plugin
     * @throws TfLiteException with status DELEGATE_ERROR and the plugin's messages if it returns no delegate
     */
    public static Delegate external(Path library, Map<String, String> options) {
        return external(library, options, null);
    }

    /**
     * As {@link #external(Path, Map)}; the delegate is closed when {@code owner} is.
     *
     * @param owner the arena whose closing closes the delegate, or {@code null} for none
     */
    public static Delegate external(Path library, Map<String, String> options, Arena owner) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException(
                    "delegate plugin " + library + (Files.exists(library) ? " is not a file" : " does not exist"));
        }
        Arena arena = Arena.ofShared();
        try {
            // The plugin library gets an arena of its own, closed (dlclose) by the delegate's arena after the
            // delegate is destroyed: cleanups run in reverse order, and a closing arena's own symbols are no
            // longer callable from its cleanups.
            Arena libraryArena = Arena.ofShared();
            MemorySegment.NULL.reinterpret(arena, ignored -> libraryArena.close());
            SymbolLookup plugin;
            try {
                plugin = SymbolLookup.libraryLookup(library, libraryArena);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "delegate plugin " + library + " is not a loadable library: " + e.getMessage(), e);
            }
            MemorySegment create = plugin.find("tflite_plugin_create_delegate")
                    .orElseThrow(() -> notAPlugin(library, "tflite_plugin_create_delegate"));
            MemorySegment destroy = plugin.find("tflite_plugin_destroy_delegate")
                    .orElseThrow(() -> notAPlugin(library, "tflite_plugin_destroy_delegate"));
            MethodHandle createHandle = LINKER.downcallHandle(
                    create,
                    FunctionDescriptor.of(
                            ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS));
            MethodHandle destroyHandle = LINKER.downcallHandle(destroy, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

            PluginErrors errors = new PluginErrors();
            MemorySegment reportError = LINKER.upcallStub(
                    PluginErrors.REPORT.bindTo(errors), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), arena);
            MemorySegment raw;
            try (Arena temp = Arena.ofConfined()) {
                MemorySegment keys = temp.allocate(ValueLayout.ADDRESS, Math.max(1, options.size()));
                MemorySegment values = temp.allocate(ValueLayout.ADDRESS, Math.max(1, options.size()));
                int i = 0;
                for (Map.Entry<String, String> e : options.entrySet()) {
                    keys.setAtIndex(
                            ValueLayout.ADDRESS,
                            i,
                            temp.allocateFrom(Objects.requireNonNull(e.getKey(), "option key")));
                    values.setAtIndex(
                            ValueLayout.ADDRESS,
                            i,
                            temp.allocateFrom(Objects.requireNonNull(e.getValue(), "option value")));
                    i++;
                }
                try {
                    raw = (MemorySegment) createHandle.invokeExact(keys, values, (long) options.size(), reportError);
                } catch (Throwable t) {
                    throw new TfLiteException(
                            TfLiteException.Status.DELEGATE_ERROR, "delegate plugin " + library + " failed: " + t, t);
                }
            }
            if (raw.equals(MemorySegment.NULL)) {
                throw new TfLiteException(
                        TfLiteException.Status.DELEGATE_ERROR,
                        "delegate plugin " + library + " created no delegate with options " + options.keySet(),
                        errors.messages());
            }
            MemorySegment handle = raw.reinterpret(arena, d -> {
                try {
                    destroyHandle.invokeExact(d);
                } catch (Throwable t) {
                    throw new IllegalStateException("tflite_plugin_destroy_delegate failed", t);
                }
            });
            Delegate delegate = new Delegate(arena, handle, "external delegate " + library.getFileName(), owner);
            if (owner != null) {
                // Through the references alone: a cleanup that referenced the delegate would keep it reachable.
                Owned.closeWith(owner, delegate.references::close, delegate.description);
            }
            return delegate;
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static IllegalArgumentException notAPlugin(Path library, String symbol) {
        return new IllegalArgumentException("delegate plugin " + library + " does not export " + symbol
                + ": it is not a TFLite external delegate plugin");
    }

    /** Collects what a plugin reports through its {@code report_error(const char*)} callback. */
    private static final class PluginErrors {
        static final MethodHandle REPORT;

        static {
            try {
                REPORT = MethodHandles.lookup()
                        .findVirtual(
                                PluginErrors.class, "report", MethodType.methodType(void.class, MemorySegment.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final List<String> messages = new ArrayList<>();

        @SuppressWarnings("unused")
        private synchronized void report(MemorySegment message) {
            try {
                messages.add(message.reinterpret(65536).getString(0).strip());
            } catch (Throwable t) {
                messages.add("(unreadable message: " + t + ")");
            }
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }
    }

    // ---- XNNPACK, created by interpreters for their own use ----------------------------------------

    /** Size of {@code TfLiteXNNPackDelegateOptions} in TFLite 2.21.0, checked against the library at first use. */
    private static final long XNNPACK_OPTIONS_SIZE = 56;

    private static final class XnnpackLayoutCheck {
        static final String PROBLEM = check();

        private static String check() {
            long size = TfLiteXNNPackDelegateOptions.layout().byteSize();
            if (size != XNNPACK_OPTIONS_SIZE) {
                return "the bindings' TfLiteXNNPackDelegateOptions is " + size + " bytes, TFLite 2.21.0's is "
                        + XNNPACK_OPTIONS_SIZE;
            }
            try (Arena temp = Arena.ofConfined()) {
                MemorySegment defaults = TfLite.TfLiteXNNPackDelegateOptionsDefault(temp);
                int threads = TfLiteXNNPackDelegateOptions.num_threads(defaults);
                int flags = TfLiteXNNPackDelegateOptions.flags(defaults);
                int fd = TfLiteXNNPackDelegateOptions.weight_cache_file_descriptor(defaults);
                long cache =
                        TfLiteXNNPackDelegateOptions.weights_cache(defaults).address();
                if (threads != 0 || (flags & 0x3) != 0x3 || fd != -1 || cache != 0) {
                    return "TfLiteXNNPackDelegateOptionsDefault() gave num_threads=" + threads + ", flags=0x"
                            + Integer.toHexString(flags) + ", weight_cache_file_descriptor=" + fd
                            + ": not the 2.21.0 layout (expected 0, 0x3, -1)";
                }
            }
            return null;
        }
    }

    /** Creates an XNNPACK delegate with {@code threads} threads, deleted when {@code arena} closes. */
    static MemorySegment xnnpackHandle(int threads, Arena arena) {
        return xnnpackHandle(threads, MemorySegment.NULL, arena);
    }

    /**
     * Creates an XNNPACK delegate with {@code threads} threads that packs weights into {@code weightsCache}
     * ({@code NULL} for none), deleted when {@code arena} closes.
     */
    static MemorySegment xnnpackHandle(int threads, MemorySegment weightsCache, Arena arena) {
        if (threads <= 1 && weightsCache.equals(MemorySegment.NULL)) {
            // TFLite's defaults are no thread pool (0 threads, which XNNPACK treats as 1) and no weights cache:
            // NULL options ask for exactly that, without the options struct, whose by-value getter costs a
            // fresh JVM about 40 ms to link (bench/README.md, start-up).
            return created(CApi.XNNPACK_DELEGATE_CREATE.call(0), arena);
        }
        if (XnnpackLayoutCheck.PROBLEM != null) {
            throw new TfLiteException(
                    TfLiteException.Status.APPLICATION_ERROR,
                    "cannot configure XNNPACK: " + XnnpackLayoutCheck.PROBLEM
                            + "; create the interpreter with xnnpack(false)");
        }
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment options = TfLite.TfLiteXNNPackDelegateOptionsDefault(temp);
            TfLiteXNNPackDelegateOptions.num_threads(options, Math.max(threads, 0));
            TfLiteXNNPackDelegateOptions.weights_cache(options, weightsCache);
            return created(CApi.XNNPACK_DELEGATE_CREATE.call(options.address()), arena);
        }
    }

    /** The delegate TfLiteXNNPackDelegateCreate returned, deleted when {@code arena} closes. */
    private static MemorySegment created(long delegate, Arena arena) {
        if (delegate == 0) {
            throw new TfLiteException(
                    TfLiteException.Status.DELEGATE_ERROR, "TfLiteXNNPackDelegateCreate returned no delegate");
        }
        return CApi.asPointer(delegate).reinterpret(arena, CApi.XNNPACK_DELEGATE_DELETE.deleter());
    }

    // ---- references ---------------------------------------------------------------------------------

    MemorySegment handle() {
        return handle;
    }

    void acquire() {
        references.acquire();
    }

    void acquireWhileHeld() {
        references.acquireWhileHeld();
    }

    void release() {
        references.release();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return references.isClosed();
    }

    /** Gives up the caller's reference; the delegate is destroyed once no interpreter uses it. Idempotent. */
    @Override
    public void close() {
        references.close();
    }

    @Override
    public String toString() {
        return "Delegate[" + description + (isClosed() ? ", closed" : "") + "]";
    }
}
