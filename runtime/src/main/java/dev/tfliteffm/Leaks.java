package dev.tfliteffm;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The safety net for interpreters and models that are never closed: a {@link Cleaner} frees their native memory
 * once they are unreachable (an interpreter of mnist holds 2.7 MB; a thousand unclosed ones kept 2.77 GB), and
 * logs a warning naming where the object was created.
 *
 * <p>Each object records the first caller outside this package when it is created (a cheap stack walk); with
 * {@value #TRACE_PROPERTY}{@code =true} it records the whole stack. One warning is logged per creation site (a
 * leak in a loop logs once), later leaks of the same site at {@code DEBUG}, to {@link System.Logger}
 * {@code dev.tfliteffm}.
 */
final class Leaks {

    /** System property: {@code true} records the whole stack where each interpreter and model is created. */
    static final String TRACE_PROPERTY = "tflite.ffm.leak.trace";

    static final Cleaner CLEANER = Cleaner.create();

    private static final boolean TRACE = Boolean.getBoolean(TRACE_PROPERTY);
    private static final int MAX_SITES = 256; // bounds the memory of the warned-once set
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Leaks() {}

    // Made on first use: System.getLogger starts the logging backend (40-70 ms of a fresh JVM's start).
    private static final class Log {
        static final System.Logger LOGGER = System.getLogger("dev.tfliteffm");
    }

    /** Where an object is being created: the first caller outside this package, and the stack with tracing on. */
    static Throwable creationSite() {
        // A Throwable's stack, not a StackWalker stream: the stream's lambdas cost a fresh JVM 10-20 ms.
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String caller = "an unknown caller";
        for (StackTraceElement frame : stack) {
            if (!inThisPackage(frame.getClassName())) {
                caller = frame.toString();
                break;
            }
        }
        return new Site(caller);
    }

    private static boolean inThisPackage(String className) {
        return className.startsWith("dev.tfliteffm.") && className.indexOf('.', "dev.tfliteffm.".length()) < 0;
    }

    /** Logs that {@code what} was freed by the garbage collector instead of being closed; once per site. */
    static void report(String what, Throwable createdAt) {
        Site site = (Site) createdAt;
        boolean first = WARNED.size() < MAX_SITES && WARNED.add(site.caller);
        String message = what + " was never closed; the garbage collector freed its native memory. Close it"
                + " (try-with-resources) or give it an owner Arena. It was created by " + site.caller
                + (site.getStackTrace().length > 0
                        ? " (stack below)"
                        : " (-D" + TRACE_PROPERTY + "=true records the whole stack)");
        System.Logger.Level level = first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        if (site.getStackTrace().length > 0) {
            Log.LOGGER.log(level, message, site);
        } else {
            Log.LOGGER.log(level, message);
        }
    }

    /** A creation site: the caller's frame as text, and the whole stack only when tracing. */
    private static final class Site extends Throwable {
        private static final long serialVersionUID = 1L;
        final String caller;

        Site(String caller) {
            super("created here", null, false, TRACE); // filling in the stack is what tracing costs
            this.caller = caller;
        }
    }
}
