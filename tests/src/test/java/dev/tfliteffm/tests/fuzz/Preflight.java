package dev.tfliteffm.tests.fuzz;

import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.ModelCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the pre-flight ({@link ModelCheck}) makes of a model that crashed a fuzz child: caught, refused, or passed. */
final class Preflight {

    private Preflight() {}

    /** One line: {@code caught: ...}, {@code refused at load: ...}, {@code failed: ...} or {@code passed}. */
    static String verdict(Path model, boolean xnnpack) throws IOException {
        ModelCheck.Report r = ModelCheck.inChildJvm(
                model,
                ModelCheck.Option.interpreterOptions(
                        InterpreterOptions.builder().xnnpack(xnnpack).build()),
                ModelCheck.Option.timeout(Duration.ofSeconds(60)));
        if (r.hsErrFile().isPresent()) { // read into the message already; not needed on disk
            Files.deleteIfExists(r.hsErrFile().get());
            Files.deleteIfExists(r.hsErrFile().get().getParent());
        }
        if (r.ok()) {
            return "passed (not caught)";
        }
        String message = r.loadFailure() != null
                ? r.loadFailure().getMessage()
                : r.signatures().stream()
                        .filter(s -> !s.ok())
                        .findFirst()
                        .map(s -> s.stage() + ": " + s.failure().getMessage())
                        .orElse("");
        String line = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        if (r.crashed()) {
            return "caught: " + line;
        }
        return (r.loadFailure() != null ? "refused at load: " : "failed without a crash: ") + line;
    }
}
