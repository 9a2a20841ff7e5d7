package dev.tfliteffm.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Finds the local model file for a model location, on the driver or an executor:
 * <ol>
 *   <li>a URI with a scheme other than {@code file} ({@code hdfs://}, {@code s3a://}, ...): copied once per JVM
 *       through Hadoop's {@code FileSystem} into a local cache directory, then used from there;</li>
 *   <li>a {@code file:} URI or a path that exists on this node;</li>
 *   <li>otherwise a file shipped with {@code SparkContext.addFile}, found by its file name with
 *       {@link SparkFiles#get}.</li>
 * </ol>
 */
final class ModelFiles {

    // One copy per location per JVM: every task of the executor reuses it.
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private ModelFiles() {}

    /**
     * The local file for {@code location}.
     *
     * @throws IllegalArgumentException if no such file can be found or copied
     */
    static Path resolve(String location) {
        URI uri = uri(location);
        if (uri != null && "file".equalsIgnoreCase(uri.getScheme())) {
            return existing(Path.of(uri), location);
        }
        if (uri != null && uri.getScheme() != null && uri.getScheme().length() > 1) {
            return COPIES.computeIfAbsent(location, l -> copy(uri));
        }
        Path path = Path.of(location);
        if (Files.isRegularFile(path)) {
            return path;
        }
        Path shipped = shipped(path.getFileName().toString());
        if (shipped != null) {
            return shipped;
        }
        throw new IllegalArgumentException("model file '" + location + "' not found: not a file on this node, and"
                + " not shipped with SparkContext.addFile (SparkFiles.get(\"" + path.getFileName() + "\"))");
    }

    private static Path existing(Path path, String location) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model file '" + location + "' not found");
        }
        return path;
    }

    private static Path shipped(String fileName) {
        if (SparkEnv.get() == null) {
            return null; // not inside Spark: nothing was shipped
        }
        Path p = Path.of(SparkFiles.get(fileName));
        return Files.isRegularFile(p) ? p : null;
    }

    private static URI uri(String location) {
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            return null; // a plain path with characters URIs do not allow
        }
    }

    private static Path copy(URI uri) {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
        Configuration conf = SparkEnv.get() != null
                ? SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf())
                : new Configuration();
        try {
            Path dir = cacheDirectory();
            Files.createDirectories(dir);
            Path target = dir.resolve(sha256(uri.toString()) + "-" + source.getName());
            if (Files.isRegularFile(target)) {
                return target;
            }
            FileSystem fs = source.getFileSystem(conf);
            Path partial = Files.createTempFile(dir, source.getName(), ".part");
            try (InputStream in = fs.open(source)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            // Atomic: a concurrent reader never maps a half-copied model.
            return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy model " + uri + " to this node", e);
        }
    }

    private static Path cacheDirectory() {
        // Spark's per-application directory on executors (cleaned up with the application); tmp elsewhere.
        String root = SparkEnv.get() != null ? SparkFiles.getRootDirectory() : System.getProperty("java.io.tmpdir");
        return Path.of(root, "tflite-ffm-models");
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
