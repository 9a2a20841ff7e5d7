package dev.tfliteffm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads how a child JVM died: its exit status, and the head of its {@code hs_err} file. */
final class CrashLog {

    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"
    };

    private CrashLog() {}

    /** {@code crashed with SIGABRT} for a death by signal (exit status 128 + n), else the exit status. */
    static String describeExit(int exit) {
        if (exit > 128 && exit - 128 < SIGNALS.length) {
            return "died of signal " + SIGNALS[exit - 128] + " (exit status " + exit + ")";
        }
        if (exit > 128) {
            return "died of signal " + (exit - 128) + " (exit status " + exit + ")";
        }
        return "exited with status " + exit + " before it finished";
    }

    /** The signal the fatal error log names, e.g. {@code SIGSEGV}, or {@code null}. */
    static String signal(Path hsErr) throws IOException {
        for (String line : head(hsErr)) {
            String l = line.replaceFirst("^#\\s*", "");
            if (l.startsWith("SIG")) {
                return l.split("[\\s(]", 2)[0];
            }
            if (l.startsWith("Internal Error") || l.startsWith("Out of Memory Error")) {
                return "a fatal JVM error (" + l + ")";
            }
        }
        return null;
    }

    /** The "Problematic frame" lines of the fatal error log: where in native code the child died. */
    static List<String> problematicFrame(Path hsErr) throws IOException {
        List<String> head = head(hsErr);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            if (head.get(i).startsWith("# Problematic frame:") && i + 1 < head.size()) {
                out.add("problematic frame: " + head.get(i + 1).replaceFirst("^#\\s*", ""));
            }
        }
        return out;
    }

    private static List<String> head(Path hsErr) throws IOException {
        try (var lines = Files.lines(hsErr, StandardCharsets.ISO_8859_1)) {
            return lines.limit(40).toList();
        }
    }
}
