package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.modelwriter.ModelBuilder;
import dev.tfliteffm.modelwriter.SubgraphBuilder;
import dev.tfliteffm.modelwriter.TensorRef;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --op-library JAR}: a user's jar of Java operators, compiled here from source as a user would, runs a
 * model with a custom op through {@code run}, {@code bench} and {@code inspect}; and {@code inspect} says who
 * implements each custom op.
 */
class OpLibraryTest {

    private static final String SINH_LIBRARY = """
            package example.ops;

            import dev.tfliteffm.*;
            import java.lang.foreign.MemorySegment;
            import java.util.List;
            import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

            public final class SinhLibrary implements OperatorLibrary {
                @Override
                public List<OperatorRegistration> operators() {
                    return List.of(new OperatorRegistration("Sinh", 1, options -> new JavaOperator() {
                        @Override
                        public void prepare(OperatorContext ctx) {
                            ctx.output(0).resize(ctx.input(0).shape());
                        }

                        @Override
                        public void invoke(OperatorContext ctx) {
                            MemorySegment in = ctx.input(0).data(), out = ctx.output(0).data();
                            for (long i = 0; i < in.byteSize() / 4; i++) {
                                out.setAtIndex(JAVA_FLOAT, i, (float) Math.sinh(in.getAtIndex(JAVA_FLOAT, i)));
                            }
                        }
                    }));
                }
            }
            """;

    @Test
    void aJarOfJavaOperatorsRunsACustomOp(@TempDir Path dir) throws Exception {
        Path model = Files.write(dir.resolve("sinh.tflite"), sinhModel());
        Path jar = opLibrary(dir);

        CliRun without = CliRun.of("inspect", model.toString());
        assertEquals(0, without.status(), without.err());
        assertTrue(without.out().contains("Sinh v1: unresolved"), without.out());

        CliRun inspect = CliRun.of("inspect", model.toString(), "--op-library", jar.toString());
        assertTrue(inspect.out().contains("Sinh v1: Java (--op-library)"), inspect.out());

        CliRun run = CliRun.of(
                "run",
                model.toString(),
                "--op-library",
                jar.toString(),
                "--input",
                "x=[0, 1, -2]",
                "--output-dir",
                dir.resolve("out").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("1.1752") && run.out().contains("-3.6268"), "sinh(1), sinh(-2): " + run.out());

        CliRun bench = CliRun.of("bench", model.toString(), "--op-library", jar.toString(), "--iterations", "20");
        assertEquals(0, bench.status(), bench.err());

        CliRun missing = CliRun.of("run", model.toString(), "--input", "x=[1]");
        assertEquals(1, missing.status(), "without the library the op is unresolved");
        assertTrue(missing.err().contains("Sinh"), missing.err());
        CliRun noSuchJar = CliRun.of(
                "run", model.toString(), "--op-library", dir.resolve("nope.jar").toString());
        assertEquals(1, noSuchJar.status());
        assertTrue(noSuchJar.err().contains("does not exist"), noSuchJar.err());
    }

    @Test
    void inspectNamesTheBuiltInJavaFlexOps() {
        Path model;
        try {
            model = Files.write(Files.createTempFile("flex", ".tflite"), FlexCodecSample.codec());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun inspect = CliRun.of("inspect", model.toString());
        assertEquals(0, inspect.status(), inspect.err());
        assertTrue(inspect.out().contains("FlexAsString v1: Java (built in)"), inspect.out());
        assertTrue(inspect.out().contains("FlexStringToNumber v1: Java (built in)"), inspect.out());
    }

    private static byte[] sinhModel() {
        ModelBuilder builder = new ModelBuilder();
        SubgraphBuilder g = builder.subgraph("sinh");
        TensorRef x = g.input("x", TensorType.FLOAT32, -1);
        TensorRef y = g.tensor("y", TensorType.FLOAT32, -1);
        g.customOp("Sinh", new byte[0], List.of(x), List.of(y));
        g.outputs(y);
        builder.signature("sinh", g).input("x", x).output("y", y);
        return builder.build();
    }

    /** Compiles the library with javac against this JVM's class path and packs it as a service jar. */
    private static Path opLibrary(Path dir) throws Exception {
        Path src = dir.resolve("src/example/ops/SinhLibrary.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SINH_LIBRARY);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                src.toString());
        assertEquals(0, status, "the op library compiles");
        Path jar = dir.resolve("sinh-ops.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "example/ops/", null);
            for (Path c : Files.list(classes.resolve("example/ops")).toList()) {
                add(out, "example/ops/" + c.getFileName(), Files.readAllBytes(c));
            }
            add(
                    out,
                    "META-INF/services/dev.tfliteffm.OperatorLibrary",
                    "example.ops.SinhLibrary\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws java.io.IOException {
        out.putNextEntry(new JarEntry(name));
        if (bytes != null) {
            ((OutputStream) out).write(bytes);
        }
        out.closeEntry();
    }
}
