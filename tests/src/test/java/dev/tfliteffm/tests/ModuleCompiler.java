package dev.tfliteffm.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles one module of {@code tests/src/test/modules/} (laid out for {@code --module-source-path}) with the
 * running JDK's javac, against the given module path and nothing else.
 */
final class ModuleCompiler {

    /** What javac said: whether it succeeded, its diagnostic codes, and its messages. */
    record Result(boolean succeeded, List<String> codes, String messages) {}

    private static final Path SOURCES = SharedModels.repositoryRoot().resolve("tests/src/test/modules");

    private ModuleCompiler() {}

    /** Compiles module {@code name} into {@code out/name}. */
    static Result compile(String name, List<Path> modulePath, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new AssertionError(
                    "the tests need a JDK (javax.tools), not a JRE: " + System.getProperty("java.home"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
                Stream<Path> walk = Files.walk(SOURCES.resolve(name))) {
            // No class path: a named module cannot read it anyway, and this JVM's would only add noise.
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<Path> sources =
                    walk.filter(p -> p.toString().endsWith(".java")).toList();
            List<String> options = List.of(
                    "--release",
                    "22",
                    "-proc:none",
                    "-d",
                    out.toString(),
                    "--module-source-path",
                    SOURCES.toString(),
                    "--module",
                    name,
                    "--module-path",
                    modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            boolean ok = javac.getTask(
                            null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            List<Diagnostic<? extends JavaFileObject>> all = diagnostics.getDiagnostics();
            return new Result(
                    ok,
                    all.stream().map(Diagnostic::getCode).toList(),
                    all.stream()
                            .map(d -> d.getKind() + ": " + d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("\n")));
        }
    }
}
