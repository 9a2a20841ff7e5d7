package dev.tfliteffm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Contender 4, the official API on tflite-ffm (module {@code compat}), beside contender 3 in one JVM: both are
 * {@code org.tensorflow.lite}, so the compat classes get a class loader of their own. It loads
 * {@code org.tensorflow.lite.*} from the compat jar and {@link ApiSession} from the benchmark's own bytes, child
 * first; everything else (the runtime, JMH, {@link Workload}, {@link ApiSteps}) comes from the parent. So the
 * same {@code ApiSession} bytecode calls the compat classes here and nothing of DJL's.
 *
 * <p>The compat jar: {@code -Dbench.compat.jar}, else the {@code compat-lib/} folder that the build copies it into,
 * beside the benchmarks jar (or {@code target/classes}).
 */
final class CompatLoader extends URLClassLoader {

    private static final String API_PACKAGE = "org.tensorflow.lite.";
    private static final String SESSION = ApiSession.class.getName();

    private CompatLoader(URL compatJar, ClassLoader parent) {
        super(new URL[] {compatJar}, parent);
    }

    /** An {@link ApiSession} on the compat classes. */
    static ApiSteps open(Workload workload, boolean xnnpack, int threads) {
        try {
            CompatLoader loader = new CompatLoader(compatJar(), CompatLoader.class.getClassLoader());
            Class<?> session = loader.loadClass(SESSION);
            Object steps = session.getConstructor(Workload.class, boolean.class, int.class)
                    .newInstance(workload, xnnpack, threads);
            // Guard against measuring DJL's classes by mistake.
            Class<?> api = loader.loadClass("org.tensorflow.lite.Interpreter");
            if (session.getClassLoader() != loader || api.getClassLoader() != loader) {
                throw new IllegalStateException("the compat classes did not load in their own class loader");
            }
            return (ApiSteps) steps;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the compat contender: " + e, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && name.equals(SESSION)) {
                c = defineFromParent(name);
            } else if (c == null && name.startsWith(API_PACKAGE) && !name.startsWith(API_PACKAGE + "schema.")) {
                c = findClass(name);
            }
            if (c == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> defineFromParent(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    private static URL compatJar() {
        try {
            String property = System.getProperty("bench.compat.jar");
            if (property != null && !property.isBlank()) {
                return Path.of(property).toUri().toURL();
            }
            Path here = Path.of(CompatLoader.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path folder = here.getParent().resolve("compat-lib");
            try (Stream<Path> jars = Files.list(folder)) {
                return jars.filter(p -> p.getFileName().toString().startsWith("tflite-ffm-compat"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no tflite-ffm-compat jar in " + folder))
                        .toUri()
                        .toURL();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no compat-lib/ folder beside the benchmarks: build with `mvn package -pl bench -am`, or set"
                            + " -Dbench.compat.jar",
                    e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        ClassLoader.registerAsParallelCapable();
    }
}
