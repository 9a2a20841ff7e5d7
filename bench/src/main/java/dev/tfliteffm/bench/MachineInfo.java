package dev.tfliteffm.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes {@code machine.json} beside a run's results: CPU model and cores, memory, JDK, OS, the TFLite builds
 * each contender runs, and what {@code run.sh} passes as {@code -Dbench.*} (mode, git commit, gcc version).
 * Usage: {@code MachineInfo OUTPUT.json}.
 */
public final class MachineInfo {

    public static void main(String[] args) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", OffsetDateTime.now().toString());
        m.put("mode", System.getProperty("bench.mode", ""));
        m.put("gitCommit", System.getProperty("bench.git", ""));
        m.put("cpuModel", cpuModel());
        m.put("logicalCores", Runtime.getRuntime().availableProcessors());
        m.put("memory", meminfo());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("osRelease", osRelease());
        m.put(
                "jdk",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"));
        m.put("jvmArgs", System.getProperty("bench.jvmArgs", ""));
        m.put("gcc", System.getProperty("bench.gcc", ""));
        m.put("jmh", "1.37");
        m.put(
                "tfliteFfm",
                "TFLite " + dev.tfliteffm.nativelib.TfLiteLibrary.expectedVersion()
                        + " C API from org.bytedeco:tensorflow-lite:2.21.0-1.5.14 ("
                        + System.getProperty("bench.library", "") + ")");
        m.put(
                "javacpp",
                "org.bytedeco:tensorflow-lite:2.21.0-1.5.14 + org.bytedeco:javacpp:1.5.14 (JNI, TFLite 2.21.0)");
        m.put(
                "official",
                "org.tensorflow.lite.* from ai.djl.tflite:tflite-engine:0.27.0 + libtensorflowlite_jni.so from "
                        + "ai.djl.tflite:tflite-native-cpu:2.6.2:linux-x86_64 (TFLite " + djlVersion() + ")");
        m.put("cloop", "bench/src/main/c/cloop.c, gcc -O2, dlopen of the same 2.21.0 library as this runtime");
        m.put("convnet", Workload.CONVNET.toString());
        Files.writeString(
                Path.of(args[0]), new GsonBuilder().setPrettyPrinting().create().toJson(m) + "\n");
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String meminfo() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            return lines.isEmpty() ? "" : lines.getFirst().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private static String osRelease() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // none
        }
        return "";
    }

    private static String djlVersion() {
        try (InputStream s = MachineInfo.class.getClassLoader().getResourceAsStream("native/lib/tflite.properties")) {
            if (s == null) {
                return "2.6.2";
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(s, StandardCharsets.UTF_8));
            return p.getProperty("version", "2.6.2");
        } catch (IOException e) {
            return "2.6.2";
        }
    }
}
