package dev.tfliteffm.tests.javaops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import dev.tfliteffm.tools.Gcc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run in a child JVM by {@link JavaOperatorTest}: FlexAsString against C's own {@code snprintf} (glibc, built
 * with gcc here), which TensorFlow's AsString follows ({@code %<fill><width>.<precision><f|e|g|d|u>}), over a
 * grid of every fill flag, widths, precisions and awkward values.
 */
class AsStringPrintfCases {

    private static final String[] FLAGS = {"", " ", "+", "-", "0", "#"};
    private static final int[] WIDTHS = {-1, 0, 6, 14};
    private static final int[] PRECISIONS = {-1, 0, 1, 3, 12};
    private static final char[] CONVERSIONS = {'f', 'e', 'g'};
    private static final double[] DOUBLES = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        0.125,
        2.5,
        3.5,
        1e-5,
        1e-4,
        9.9999,
        99999.95,
        123456789.0,
        1e10,
        1e21,
        1e-300,
        1e300,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        0.1f,
        3.14159,
        -2.71828e-7,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };
    private static final long[] LONGS = {0, 1, -1, 42, -42, 123456789012L, Long.MAX_VALUE, Long.MIN_VALUE};

    /** C source printing {@code snprintf(format, value)} for each format and value, one per line. */
    private static String program(List<String> formats, String type, String values) {
        StringBuilder c = new StringBuilder("#include <math.h>\n#include <stdio.h>\n#include <float.h>\n"
                + "#include <stdint.h>\nint main(void) {\n  " + type + " v[] = {" + values + "};\n"
                + "  const char* f[] = {");
        for (String format : formats) {
            c.append('"').append(format).append("\",\n");
        }
        c.append("};\n  for (size_t i = 0; i < sizeof f / sizeof *f; i++)\n"
                + "    for (size_t j = 0; j < sizeof v / sizeof *v; j++) {\n"
                + "      char buf[4096]; snprintf(buf, sizeof buf, f[i], v[j]); printf(\"%s\\n\", buf);\n"
                + "    }\n  return 0;\n}\n");
        return c.toString();
    }

    private static List<String> runC(Path dir, String name, String source) throws Exception {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path exe = dir.resolve(name);
        Gcc.run(List.of("gcc", "-O0", "-o", exe.toString(), c.toString(), "-lm"));
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .lines()
                .toList();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        return lines;
    }

    private static String cFormat(String flag, int width, int precision, String conversion) {
        return "%" + flag + (width >= 0 ? width : "") + (precision >= 0 ? "." + precision : "") + conversion;
    }

    private static String[] asString(
            TensorType type, int precision, boolean scientific, boolean shortest, int width, String fill, NdArray x) {
        try (Model m = Model.fromBytes(FlexCodecSample.asString(type, precision, scientific, shortest, width, fill));
                Interpreter ip = Interpreter.create(m)) {
            return ip.runner("as_string").run(Map.of("x", x)).get("y").strings();
        }
    }

    @Test
    void floatingPointMatchesSnprintf(@TempDir Path dir) throws Exception {
        List<String> formats = new ArrayList<>();
        for (String flag : FLAGS) {
            for (int width : WIDTHS) {
                for (int precision : PRECISIONS) {
                    for (char conversion : CONVERSIONS) {
                        formats.add(cFormat(flag, width, precision, String.valueOf(conversion)));
                    }
                }
            }
        }
        StringBuilder values = new StringBuilder();
        for (double d : DOUBLES) {
            // Exact C literals: hexadecimal floats, and the macros for the rest.
            values.append(
                            Double.isNaN(d)
                                    ? "NAN"
                                    : Double.isInfinite(d) ? (d > 0 ? "INFINITY" : "-INFINITY") : Double.toHexString(d))
                    .append(", ");
        }
        List<String> expected = runC(dir, "printf_double", program(formats, "double", values.toString()));
        List<String> mismatches = new ArrayList<>();
        int line = 0;
        for (String flag : FLAGS) {
            for (int width : WIDTHS) {
                for (int precision : PRECISIONS) {
                    for (char conversion : CONVERSIONS) {
                        String[] got = asString(
                                TensorType.FLOAT64,
                                precision,
                                conversion == 'e',
                                conversion == 'g',
                                width,
                                flag,
                                NdArray.of(DOUBLES, DOUBLES.length));
                        for (int i = 0; i < DOUBLES.length; i++, line++) {
                            if (!expected.get(line).equals(got[i])) {
                                mismatches.add(cFormat(flag, width, precision, String.valueOf(conversion)) + " of "
                                        + DOUBLES[i] + ": C '" + expected.get(line) + "', AsString '" + got[i] + "'");
                            }
                        }
                    }
                }
            }
        }
        assertEquals(expected.size(), line);
        assertTrue(
                mismatches.isEmpty(),
                mismatches.size() + " mismatches:\n"
                        + String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size()))));
    }

    @Test
    void integersMatchSnprintf(@TempDir Path dir) throws Exception {
        List<String> signedFormats = new ArrayList<>();
        List<String> unsignedFormats = new ArrayList<>();
        for (String flag : FLAGS) {
            for (int width : WIDTHS) {
                signedFormats.add(cFormat(flag, width, -1, "lld"));
                unsignedFormats.add(cFormat(flag, width, -1, "llu"));
            }
        }
        StringBuilder values = new StringBuilder();
        for (long v : LONGS) {
            values.append(v == Long.MIN_VALUE ? "INT64_MIN" : v + "LL").append(", ");
        }
        List<String> signed = runC(dir, "printf_signed", program(signedFormats, "long long", values.toString()));
        List<String> unsigned = runC(
                dir,
                "printf_unsigned",
                program(
                        unsignedFormats,
                        "unsigned long long",
                        values.toString().replace("INT64_MIN", "(unsigned long long) INT64_MIN")));
        int line = 0;
        for (String flag : FLAGS) {
            for (int width : WIDTHS) {
                String[] s = asString(TensorType.INT64, -1, false, false, width, flag, NdArray.of(LONGS, LONGS.length));
                String[] u = asString(
                        TensorType.UINT64,
                        -1,
                        false,
                        false,
                        width,
                        flag,
                        NdArray.of(DataType.UINT64, LONGS, LONGS.length));
                for (int i = 0; i < LONGS.length; i++, line++) {
                    String what = "'" + flag + "' width " + width + " of " + LONGS[i];
                    assertEquals(signed.get(line), s[i], "%lld " + what);
                    assertEquals(unsigned.get(line), u[i], "%llu " + what);
                }
            }
        }
    }
}
