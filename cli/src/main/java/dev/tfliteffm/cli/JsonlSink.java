package dev.tfliteffm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfliteffm.NdArray;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outputs as the lines of one {@code .jsonl} file, {@code {"index": i, "outputs": {"NAME": array, ...}}} per
 * item, in the order items finish (input order within a run; a resumed run appends). On opening, a trailing
 * partial line (from a killed run) is dropped, and the indices of the complete lines count as done.
 */
final class JsonlSink implements BatchSink {

    private final BitSet done = new BitSet();
    private final OutputStream out;

    JsonlSink(Path file) throws IOException {
        if (Files.exists(file)) {
            keepCompleteLines(file);
        }
        out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
    }

    private void keepCompleteLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode index = Json.parse(line).get("index");
                if (index == null || !index.canConvertToInt()) {
                    throw new CliException(file + ": a line without an \"index\": not written by batch?");
                }
                done.set(index.asInt());
            }
        }
    }

    @Override
    public boolean done(int index) {
        return done.get(index);
    }

    @Override
    public void write(int index, Map<String, NdArray> outputs) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : outputs.entrySet()) {
            values.put(e.getKey(), NestedLists.of(e.getValue()));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("outputs", values);
        // Buffered: lines lost to a kill are only items to run again, and a partial last line is dropped.
        out.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
