package dev.tfliteffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * TFLite's error reporter callback ({@code void (*)(void* user_data, const char* format, va_list args)}): one
 * upcall stub for the JVM, {@link #STUB}, whose {@code user_data} says which reporter a message is for (making
 * an upcall stub costs milliseconds; a model and each interpreter have a reporter). Messages are formatted by
 * libc's {@code vsnprintf} (the {@code va_list} is passed on as an address, which is how every supported ABI
 * passes it) and collected: the call that failed turns them into
 * its {@link TfLiteException}; messages of calls that succeeded go to {@link System.Logger}. Nothing is
 * printed to stderr.
 */
final class ErrorReporter {

    // Made on first use: System.getLogger starts the logging backend, which a start without messages skips.
    private static final class Log {
        static final System.Logger LOGGER = System.getLogger("dev.tfliteffm.tflite");
    }

    private static final int MAX_MESSAGE = 4096;
    private static final FunctionDescriptor REPORTER =
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final MethodHandle REPORT;
    private static final HandleTable<ErrorReporter> REPORTERS = new HandleTable<>();

    // Made at the first message, not at start-up: a run without errors needs no vsnprintf downcall.
    private static final class Vsnprintf {
        static final MethodHandle HANDLE;

        static {
            Linker linker = Linker.nativeLinker();
            HANDLE = linker.downcallHandle(
                    linker.defaultLookup()
                            .find("vsnprintf")
                            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no vsnprintf")),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS));
        }
    }

    static {
        try {
            REPORT = MethodHandles.lookup()
                    .findStatic(
                            ErrorReporter.class,
                            "report",
                            MethodType.methodType(
                                    void.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The reporter function for every model and interpreter; pass {@link #userData()} with it. */
    static final MemorySegment STUB = Linker.nativeLinker().upcallStub(REPORT, REPORTER, Arena.global());

    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final long userData;
    private volatile boolean pending;
    // The exception a Java operator threw during the call in progress: the cause of its TfLiteException.
    private volatile Throwable cause;

    /** A reporter that receives messages until {@code arena} closes (what it reports for must not outlive it). */
    ErrorReporter(Arena arena) {
        long handle = REPORTERS.put(this);
        try {
            MemorySegment.NULL.reinterpret(arena, new Unregister(handle));
        } catch (RuntimeException e) {
            REPORTERS.remove(handle);
            throw e;
        }
        this.userData = handle;
    }

    // A class, not a lambda: each lambda costs a fresh JVM a class spun at its first use.
    private static final class Unregister implements java.util.function.Consumer<MemorySegment> {
        private final long handle;

        Unregister(long handle) {
            this.handle = handle;
        }

        @Override
        public void accept(MemorySegment ignored) {
            REPORTERS.remove(handle);
        }
    }

    /** The {@code user_data} to hand to TFLite with {@link #STUB}. */
    long userData() {
        return userData;
    }

    // Called by TFLite, possibly on one of its worker threads. An exception escaping an upcall would
    // crash the JVM, so everything is caught.
    @SuppressWarnings("unused")
    private static void report(MemorySegment userData, MemorySegment format, MemorySegment args) {
        try {
            ErrorReporter reporter = REPORTERS.get(userData.address());
            if (reporter == null) { // not expected: TFLite reports only while what it reports for is alive
                Log.LOGGER.log(System.Logger.Level.WARNING, "TFLite: " + format(format, args));
                return;
            }
            reporter.messages.add(format(format, args));
            reporter.pending = true;
        } catch (Throwable t) {
            // Nothing may escape an upcall; a message lost here is the least bad outcome.
        }
    }

    private static String format(MemorySegment format, MemorySegment args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_MESSAGE);
            int n = (int) Vsnprintf.HANDLE.invokeExact(buffer, (long) MAX_MESSAGE, format, args);
            String text = n < 0 ? format.reinterpret(MAX_MESSAGE).getString(0) : buffer.getString(0);
            if (n >= MAX_MESSAGE) {
                text += "...";
            }
            return withoutBuildPaths(text.strip());
        } catch (Throwable t) {
            return "(an error message could not be formatted: " + t + ")";
        }
    }

    // "/home/runner/work/.../tensorflow/lite/kernels/add.cc:431": the absolute part is the build machine's.
    // In a holder: compiling it at start-up costs a few milliseconds that a run without messages need not pay.
    private static final class BuildPath {
        static final Pattern PATTERN = Pattern.compile("(?<=^|[\\s(\\[\"'])/[^\\s:\"'()\\[\\]]*/(?=tensorflow/)");
    }

    /** {@code message} with source paths of TFLite's build machine cut down to {@code tensorflow/...}. */
    static String withoutBuildPaths(String message) {
        return message.indexOf("/tensorflow/") < 0
                ? message
                : BuildPath.PATTERN.matcher(message).replaceAll("");
    }

    /** Whether messages are waiting; a cheap check for the hot path. */
    boolean hasMessages() {
        return pending;
    }

    /** Records what a Java operator threw (its message is reported too); the first one of a call is kept. */
    void cause(Throwable t) {
        if (cause == null) {
            cause = t;
        }
    }

    /** Takes the messages collected so far (and forgets an operator's exception). */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        pending = false;
        cause = null;
        for (String m; (m = messages.poll()) != null; ) {
            out.add(m);
        }
        return out;
    }

    /** Sends messages left over from a call that succeeded to the logger. */
    void logPending() {
        if (pending) {
            for (String m : drain()) {
                Log.LOGGER.log(System.Logger.Level.WARNING, m);
            }
        }
    }

    /** The exception for a failed call: {@code what} failed with {@code status}, plus what TFLite said. */
    TfLiteException failure(int status, String what) {
        return failure(TfLiteException.Status.of(status), what + " failed (" + TfLiteException.Status.of(status) + ")");
    }

    /**
     * The exception for a failed call whose status is implied (e.g. a null result); caused by what a Java
     * operator threw during the call, if one did.
     */
    TfLiteException failure(TfLiteException.Status status, String what) {
        Throwable c = cause;
        TfLiteException e = new TfLiteException(status, what, drain());
        if (c != null) {
            e.initCause(c);
        }
        return e;
    }
}
