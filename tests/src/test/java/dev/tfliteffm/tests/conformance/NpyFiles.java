package dev.tfliteffm.tests.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough {@code .npy} for {@link CliConformanceTest}: writes little-endian C-order version 1.0 files of a
 * numpy dtype name, and reads back the files the CLI writes. The CLI's own codec is package-private, and is
 * tested beside it in {@code cli/}.
 */
final class NpyFiles {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr': '([<|])([biufc])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");

    /**
     * A {@code .npy} file's contents.
     *
     * @param dtype the numpy dtype name, e.g. {@code float32}
     * @param shape the dimensions
     * @param data  the elements, little-endian, C order
     */
    record Array(String dtype, long[] shape, byte[] data) {}

    private NpyFiles() {}

    /** Writes {@code data} (little-endian, C order) as a .npy file of numpy dtype {@code dtype}, e.g. int8. */
    static void write(Path file, String dtype, int[] shape, byte[] data) throws IOException {
        int bits = dtype.equals("bool") ? 8 : Integer.parseInt(dtype.replaceAll("\\D", ""));
        char kind = dtype.equals("bool") ? 'b' : dtype.startsWith("uint") ? 'u' : dtype.charAt(0);
        String descr = (bits == 8 ? "|" : "<") + kind + bits / 8;
        String dims = Arrays.stream(shape)
                .mapToObj(Integer::toString)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        Files.write(file, out.toByteArray());
    }

    /** Reads a version 1.0 .npy file of a numeric dtype, as the CLI writes them. */
    static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!Arrays.equals(bytes, 0, 6, MAGIC, 0, 6) || bytes[6] != 1) {
            throw new IOException(file + ": not a version 1.0 .npy file");
        }
        int headerLength =
                ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            throw new IOException(file + ": unexpected header " + header);
        }
        int bits = 8 * Integer.parseInt(descr.group(3));
        String dtype = switch (descr.group(2).charAt(0)) {
            case 'b' -> "bool";
            case 'i' -> "int" + bits;
            case 'u' -> "uint" + bits;
            case 'f' -> "float" + bits;
            default -> "complex" + bits;
        };
        long[] dims = Arrays.stream(shape.group(1).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        return new Array(dtype, dims, Arrays.copyOfRange(bytes, 10 + headerLength, bytes.length));
    }
}
