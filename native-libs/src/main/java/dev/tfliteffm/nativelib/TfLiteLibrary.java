package dev.tfliteffm.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.jar.JarEntry;

/**
 * The TensorFlow Lite C API library, found and opened once per JVM.
 *
 * <h2>Where the library comes from</h2>
 * The first step that applies wins:
 * <ol>
 *   <li><b>An explicit path</b>: the system property {@value #PATH_PROPERTY}, else the environment
 *       variable {@value #PATH_ENV}. Any library that exports the TFLite C API works, e.g. an
 *       official {@code libtensorflowlite_c.so}. A path that is set but does not open is an error:
 *       there is no silent fallback that would hide a misconfiguration.</li>
 *   <li><b>The bundled platform jar</b> on the class path:
 *       {@code org.bytedeco:tensorflow-lite:2.21.0-1.5.14} with the classifier of this platform
 *       ({@code linux-x86_64}, {@code linux-arm64}, {@code macosx-x86_64}, {@code macosx-arm64}; the
 *       {@code windows-x86_64} jar's DLL exports JNI functions only, not the C API, so on Windows this
 *       step is passed over with a note and an explicit path is needed). Its library is extracted once into a per-user cache folder named by
 *       its content's checksum (the CRC-32 and size the jar records, so a start need not read the 12 MB): {@value #CACHE_DIR_PROPERTY}, else {@value #CACHE_DIR_ENV}, else
 *       {@code $XDG_CACHE_HOME/tflite-ffm} or {@code ~/.cache/tflite-ffm} (Linux),
 *       {@code ~/Library/Caches/tflite-ffm} (macOS), {@code %LOCALAPPDATA%\tflite-ffm} (Windows).
 *       Many JVMs may start at once: the extraction holds a file lock on the folder, writes a temporary
 *       file and renames it atomically, so the library is written exactly once and never seen half
 *       written.</li>
 *   <li><b>The system</b>: {@code tensorflowlite_c} by name, through the operating system's library
 *       search path ({@code LD_LIBRARY_PATH}, {@code DYLD_LIBRARY_PATH}, {@code PATH}).</li>
 * </ol>
 * When nothing fits, an {@link UnsatisfiedLinkError} names the platform, each step tried, and how to
 * fix it.
 *
 * <p>The library is opened with {@code dlopen} ({@link SymbolLookup#libraryLookup(Path, Arena)}), never
 * through the JVM's JNI loading: the bundled library is a JNI library whose {@code JNI_OnLoad} needs JavaCPP.
 * It stays loaded for the life of the JVM.
 *
 * <h2>Version check</h2>
 * After loading, {@code TfLiteVersion()} is compared with {@link #expectedVersion()}, the version the
 * bindings were generated for: the same major and minor version is accepted (any patch); a newer minor
 * of the same major version is accepted with a warning (the C API only grows within a major version);
 * an older minor or another major version is an error, because functions the bindings call may be
 * missing or differ. Setting {@value #VERSION_CHECK_PROPERTY}{@code =warn} turns that error into a
 * warning.
 */
public final class TfLiteLibrary {

    /** System property naming the library file to load instead of the bundled one. */
    public static final String PATH_PROPERTY = "tflite.ffm.library.path";
    /** Environment variable naming the library file, read when {@value #PATH_PROPERTY} is not set. */
    public static final String PATH_ENV = "TFLITE_FFM_LIBRARY_PATH";
    /** System property naming the folder the bundled library is extracted into. */
    public static final String CACHE_DIR_PROPERTY = "tflite.ffm.cache.dir";
    /** Environment variable naming the extraction folder, read when {@value #CACHE_DIR_PROPERTY} is not set. */
    public static final String CACHE_DIR_ENV = "TFLITE_FFM_CACHE_DIR";
    /** System property: {@code warn} reports an incompatible library version as a warning, not an error. */
    public static final String VERSION_CHECK_PROPERTY = "tflite.ffm.version.check";
    /** The library looked up by name in the last step. */
    public static final String SYSTEM_LIBRARY_NAME = "tensorflowlite_c";

    /** Platforms whose bundled jar exports the C API (JavaCPP's windows-x86_64 DLL exports only JNI functions). */
    static final List<String> PLATFORMS_WITH_C_API =
            List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64");

    // Made on first use: System.getLogger starts the logging backend (java.util.logging's LogManager by
    // default), a cost a start that has nothing to report should not pay.
    private static final class Log {
        static final System.Logger LOGGER = System.getLogger(TfLiteLibrary.class.getName());
    }

    private static final String RESOURCE_ROOT = "org/bytedeco/tensorflowlite/";

    /** How the library was found. */
    public enum Source {
        /** From {@value #PATH_PROPERTY} or {@value #PATH_ENV}. */
        EXPLICIT_PATH,
        /** Extracted from the platform jar by this JVM. */
        EXTRACTED,
        /** From the platform jar, already extracted into the cache folder earlier. */
        CACHED,
        /** Found by name on the system's library search path. */
        SYSTEM
    }

    private static final Object LOCK = new Object();
    private static volatile TfLiteLibrary instance;
    private static String failure;

    private final String location;
    private final Source source;
    private final String version;
    private final SymbolLookup symbols;

    private TfLiteLibrary(String location, Source source, String version, SymbolLookup symbols) {
        this.location = location;
        this.source = source;
        this.version = version;
        this.symbols = symbols;
    }

    /**
     * The library of this JVM, loaded on first call (safe from any number of threads).
     *
     * @throws UnsatisfiedLinkError if no library could be found or opened, or its version is incompatible;
     *     every later call throws the same message again
     */
    public static TfLiteLibrary get() {
        TfLiteLibrary lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (LOCK) {
            if (instance == null) {
                if (failure != null) {
                    throw new UnsatisfiedLinkError(failure);
                }
                try {
                    instance = resolve();
                } catch (UnsatisfiedLinkError e) {
                    failure = e.getMessage();
                    throw e;
                }
            }
            return instance;
        }
    }

    /** The symbols of {@link #get()}'s library: what the generated bindings look functions up in. */
    public static SymbolLookup lookup() {
        return get().symbols;
    }

    /**
     * Opens the library at {@code path} with {@code dlopen} and checks that it is a TFLite C API library of a
     * compatible version. It stays open until {@code arena} closes. This does not change what {@link #get()}
     * loads; it lets the tests check a given file the way an explicit path is checked.
     *
     * @throws UnsatisfiedLinkError if the file is missing, is not a loadable library, exports no
     *     {@code TfLiteVersion}, or has an incompatible version
     */
    static TfLiteLibrary open(Path path, Arena arena) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(arena, "arena");
        return openChecked(path, Source.EXPLICIT_PATH, arena);
    }

    /** Where the library was loaded from: a file path, or the name given to the system loader. */
    public String location() {
        return location;
    }

    /** Which step of the search order found the library. */
    public Source source() {
        return source;
    }

    /** What the library's {@code TfLiteVersion()} returns, e.g. {@code 2.21.0}. */
    public String version() {
        return version;
    }

    /** The library's exported symbols ({@link #lookup()} for the library of this JVM). */
    SymbolLookup symbols() {
        return symbols;
    }

    /** The TFLite version the bindings were generated for. */
    public static String expectedVersion() {
        return BuildInfo.TFLITE_VERSION;
    }

    /**
     * This JVM's platform in the bundled jars' naming, e.g. {@code linux-x86_64}; {@code os.name} and
     * {@code os.arch} as given when the platform is not one the jars cover.
     */
    static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The platform name for the given {@code os.name} and {@code os.arch} values. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux")
                ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin")
                        ? "macosx"
                        : os.startsWith("windows") ? "windows" : os.replaceAll("[^a-z0-9]", "");
        String a = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch.replaceAll("[^a-z0-9_]", "");
        };
        return o + "-" + a;
    }

    /** File name of the library inside the platform jar, e.g. {@code libjnitensorflowlite.so}. */
    static String bundledFileName(String platform) {
        if (platform.startsWith("windows")) {
            return "jnitensorflowlite.dll";
        }
        if (platform.startsWith("macosx")) {
            return "libjnitensorflowlite.dylib";
        }
        return "libjnitensorflowlite.so";
    }

    /** Class path resource of the bundled library for {@code platform}. */
    static String bundledResource(String platform) {
        return RESOURCE_ROOT + platform + "/" + bundledFileName(platform);
    }

    private static TfLiteLibrary resolve() {
        String platform = platform();
        List<String> tried = new ArrayList<>();

        // 1. An explicit path: an error when set but unusable, never a fallback.
        String property = System.getProperty(PATH_PROPERTY);
        String env = System.getenv(PATH_ENV);
        String explicit = property != null && !property.isBlank() ? property : env;
        if (explicit != null && !explicit.isBlank()) {
            String from =
                    explicit == property ? "system property " + PATH_PROPERTY : "environment variable " + PATH_ENV;
            try {
                TfLiteLibrary lib = openChecked(Path.of(explicit), Source.EXPLICIT_PATH, Arena.global());
                return lib;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw linkError(
                        "The TensorFlow Lite library named by the " + from + " could not be used: "
                                + e.getMessage() + "\nFix the path, or unset " + PATH_PROPERTY + " and " + PATH_ENV
                                + " to use the bundled library for " + platform + ".",
                        e);
            }
        }
        tried.add("system property " + PATH_PROPERTY + " and environment variable " + PATH_ENV + ": not set");

        // 2. The platform jar on the class path.
        String resource = bundledResource(platform);
        URL url = resourceUrl(resource);
        if (url != null) {
            Path cacheRoot = cacheRoot();
            Extracted extracted;
            try {
                extracted = extract(url, bundledFileName(platform), cacheRoot);
            } catch (IOException | UncheckedIOException e) {
                throw linkError(
                        "Could not extract " + resource + " into " + cacheRoot + ": " + e + "\nSet "
                                + CACHE_DIR_PROPERTY + " (or " + CACHE_DIR_ENV + ") to a writable folder.",
                        e);
            }
            // The global arena: symbols of a shared arena would make every downcall acquire and release that
            // arena, an atomic update of one counter that all threads contend on.
            SymbolLookup symbols = openLibrary(extracted.path(), Arena.global());
            if (symbols.find("TfLiteVersion").isPresent()) {
                TfLiteLibrary lib = checked(
                        extracted.path().toString(), extracted.fresh() ? Source.EXTRACTED : Source.CACHED, symbols);
                return lib;
            }
            // JavaCPP's windows-x86_64 build exports its JNI functions only, not the C API (the library stays
            // mapped: a global arena cannot be closed, and this happens once per JVM).
            tried.add("class path resource " + resource + ": found, but the library exports no TFLite C API"
                    + " function (JavaCPP's " + platform + " build exports JNI functions only)");
        } else {
            tried.add("class path resource " + resource + ": not found");
        }

        // 3. The system's library search path.
        String systemName = System.mapLibraryName(SYSTEM_LIBRARY_NAME);
        try {
            SymbolLookup symbols = SymbolLookup.libraryLookup(systemName, Arena.global());
            TfLiteLibrary lib = checked(systemName, Source.SYSTEM, symbols);
            return lib;
        } catch (IllegalArgumentException e) {
            tried.add("system library " + systemName + ": " + e.getMessage());
        }

        StringBuilder message = new StringBuilder("No TensorFlow Lite C API library for ")
                .append(platform)
                .append(" (os.name=")
                .append(System.getProperty("os.name"))
                .append(", os.arch=")
                .append(System.getProperty("os.arch"))
                .append("). Tried, in order:");
        for (int i = 0; i < tried.size(); i++) {
            message.append("\n  ").append(i + 1).append(". ").append(tried.get(i));
        }
        message.append("\nTo fix: ");
        if (PLATFORMS_WITH_C_API.contains(platform)) {
            message.append("add the Maven dependency org.bytedeco:tensorflow-lite:")
                    .append(BuildInfo.BYTEDECO_VERSION)
                    .append(" with <classifier>")
                    .append(platform)
                    .append("</classifier>, or ");
        }
        message.append("set -D")
                .append(PATH_PROPERTY)
                .append("=/path/to/")
                .append(System.mapLibraryName(SYSTEM_LIBRARY_NAME))
                .append(" (or ")
                .append(PATH_ENV)
                .append(") to a library that exports the TFLite C API")
                .append(" (the bundled jars have it for ")
                .append(String.join(", ", PLATFORMS_WITH_C_API))
                .append(").");
        throw new UnsatisfiedLinkError(message.toString());
    }

    private static URL resourceUrl(String resource) {
        ClassLoader loader = TfLiteLibrary.class.getClassLoader();
        URL url = loader == null ? null : loader.getResource(resource);
        if (url == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            url = context == null ? null : context.getResource(resource);
        }
        return url;
    }

    private static TfLiteLibrary openChecked(Path path, Source source, Arena arena) {
        if (Files.isDirectory(path)) {
            throw new UnsatisfiedLinkError(path + " is a directory, not a library file");
        }
        if (!Files.exists(path)) {
            throw new UnsatisfiedLinkError(path + " does not exist");
        }
        return checked(path.toAbsolutePath().toString(), source, openLibrary(path, arena));
    }

    private static SymbolLookup openLibrary(Path path, Arena arena) {
        try {
            return SymbolLookup.libraryLookup(path, arena);
        } catch (IllegalArgumentException e) {
            throw linkError(path + " is not a loadable library here: " + e.getMessage(), e);
        }
    }

    private static TfLiteLibrary checked(String location, Source source, SymbolLookup symbols) {
        java.util.Optional<MemorySegment> found = symbols.find("TfLiteVersion");
        if (found.isEmpty()) { // not orElseThrow(lambda): a lambda costs a fresh JVM a class spun at first use
            throw new UnsatisfiedLinkError(
                    location + " does not export TfLiteVersion: it is not a TensorFlow Lite C API library");
        }
        MemorySegment versionFn = found.get();
        String version = callVersion(versionFn);
        checkVersion(version, BuildInfo.TFLITE_VERSION, location);
        return new TfLiteLibrary(location, source, version, symbols);
    }

    private static String callVersion(MemorySegment versionFn) {
        // The runtime calls every TFLite function through this one shape (see dev.tfliteffm.CApi), and the linker
        // caches a shape's code: linking it here, once, is what the runtime's first call would otherwise pay.
        ValueLayout word = ValueLayout.JAVA_LONG;
        MethodHandle handle = Linker.nativeLinker().downcallHandle(FunctionDescriptor.of(word, word, word, word, word));
        try {
            long cString = (long) handle.invokeExact(versionFn, 0L, 0L, 0L, 0L);
            return MemorySegment.ofAddress(cString).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw linkError("TfLiteVersion() failed: " + t, t);
        }
    }

    /**
     * Applies the documented version policy.
     *
     * @return {@code null} when compatible, else a warning text (already logged)
     * @throws UnsatisfiedLinkError when incompatible and the check is not set to {@code warn}
     */
    static String checkVersion(String actual, String expected, String location) {
        int[] a = parseVersion(actual);
        int[] e = parseVersion(expected);
        String problem = null;
        boolean fatal = false;
        if (a == null) {
            problem = "reports version '" + actual + "', which is not of the form major.minor.patch";
            fatal = true;
        } else if (a[0] != e[0] || a[1] < e[1]) {
            problem = "is TensorFlow Lite " + actual + ", but the bindings were generated for " + expected
                    + "; functions they call may be missing or differ. Use a " + e[0] + "." + e[1]
                    + ".x library (or newer minor), or set -D" + VERSION_CHECK_PROPERTY + "=warn to run anyway";
            fatal = true;
        } else if (a[1] > e[1]) {
            problem = "is TensorFlow Lite " + actual + ", newer than the " + expected
                    + " the bindings were generated for; the C API is stable within a major version, so it is used";
        }
        if (problem == null) {
            return null;
        }
        String text = location + " " + problem + ".";
        if (fatal && !"warn".equalsIgnoreCase(System.getProperty(VERSION_CHECK_PROPERTY, ""))) {
            throw new UnsatisfiedLinkError(text);
        }
        Log.LOGGER.log(System.Logger.Level.WARNING, text);
        return text;
    }

    // By hand, not String.split: a multi-character pattern is a regex, which costs a fresh JVM milliseconds.
    private static int[] parseVersion(String version) {
        if (version == null) {
            return null;
        }
        int[] parts = new int[3];
        int at = 0;
        for (int i = 0; i < 3; i++) {
            int start = at;
            while (at < version.length() && Character.isDigit(version.charAt(at))) {
                at++;
            }
            if (at == start || at - start > 9) {
                return null;
            }
            parts[i] = Integer.parseInt(version, start, at, 10);
            if (i < 2) {
                if (at >= version.length() || version.charAt(at) != '.') {
                    return null;
                }
                at++;
            }
        }
        // What may follow the patch number: nothing, or a suffix after '.', '-' or '+' ("2.21.0-rc1").
        return at == version.length() || ".-+".indexOf(version.charAt(at)) >= 0 ? parts : null;
    }

    record Extracted(Path path, boolean fresh) {}

    /**
     * Copies the resource at {@code url} to {@code cacheRoot/<content key>/fileName} unless a complete copy is
     * already there. A file lock makes concurrent JVMs take turns; the copy is written to a temporary file
     * and renamed, so no process ever opens a partial file.
     */
    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    static Extracted extract(URL url, String fileName, Path cacheRoot) throws IOException {
        ContentKey key = contentKey(url);
        Path dir = cacheRoot.resolve(key.name());
        Path target = dir.resolve(fileName);
        if (isComplete(target, key.size())) {
            return new Extracted(target, false);
        }
        Files.createDirectories(dir);
        try (FileChannel lockChannel =
                        FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockChannel.lock()) {
            if (isComplete(target, key.size())) {
                return new Extracted(target, false);
            }
            Path temp = Files.createTempFile(dir, fileName, ".part");
            try {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (Files.size(temp) != key.size()) {
                    throw new IOException("read " + Files.size(temp) + " bytes of " + url + ", expected " + key.size());
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return new Extracted(target, true);
        }
    }

    /** A name for the content of a resource, and its size. */
    record ContentKey(String name, long size) {}

    /**
     * The content key of the resource at {@code url}: in a jar, the CRC-32 and size the jar records for the
     * entry (no need to read 12 MB at every start); elsewhere the SHA-256 of the content.
     */
    static ContentKey contentKey(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry != null && entry.getCrc() != -1 && entry.getSize() >= 0) {
                // Not String.format: its first use costs ~20 ms of a fresh JVM's start.
                String crc = Long.toHexString(entry.getCrc() | 1L << 32).substring(1); // 8 digits
                return new ContentKey("crc32-" + crc + "-" + entry.getSize(), entry.getSize());
            }
        }
        byte[] content;
        try (InputStream in = url.openStream()) {
            content = in.readAllBytes();
        }
        return new ContentKey("sha256-" + sha256(content).substring(0, 32), content.length);
    }

    // The folder is named by the content's hash, so a file of the right size is the right file;
    // a truncated one (a crash before the rename cannot leave one, a full disk elsewhere might) is replaced.
    private static boolean isComplete(Path target, long size) throws IOException {
        return Files.isRegularFile(target) && Files.size(target) == size;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The folder the bundled library is extracted into, per the documented order. */
    static Path cacheRoot() {
        String property = System.getProperty(CACHE_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(CACHE_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("user.home", ".");
        String platform = platform();
        if (platform.startsWith("windows")) {
            String local = System.getenv("LOCALAPPDATA");
            return Path.of(local != null && !local.isBlank() ? local : home, "tflite-ffm");
        }
        if (platform.startsWith("macosx")) {
            return Path.of(home, "Library", "Caches", "tflite-ffm");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "tflite-ffm") : Path.of(home, ".cache", "tflite-ffm");
    }

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
        error.initCause(cause);
        return error;
    }

    @Override
    public String toString() {
        return "TensorFlow Lite " + version + " from " + location + " (" + source + ")";
    }

    /** Versions written into {@code native.properties} by the build. */
    private static final class BuildInfo {
        static final String TFLITE_VERSION;
        static final String BYTEDECO_VERSION;

        static {
            Properties p = new Properties();
            try (InputStream in = TfLiteLibrary.class.getResourceAsStream("native.properties")) {
                if (in == null) {
                    throw new IllegalStateException("native.properties is missing from the tflite-ffm-native-libs jar");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TFLITE_VERSION = p.getProperty("tflite.version");
            BYTEDECO_VERSION = p.getProperty("bytedeco.tflite.version");
        }
    }
}
