package dev.tfliteffm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Items as the lines of a {@code .jsonl} file, one JSON object {@code {"name": array, ...}} per line (blank lines
 * are not items). Only the lines' offsets stay in memory: a line is read and parsed when its item runs.
 */
final class JsonlItems implements BatchItems {

    private final Path file;
    private final FileChannel channel;
    private final long[] starts;
    private final long[] ends;

    private JsonlItems(Path file, FileChannel channel, long[] starts, long[] ends) {
        this.file = file;
        this.channel = channel;
        this.starts = starts;
        this.ends = ends;
    }

    /** Indexes the non-blank lines of {@code file}. */
    static JsonlItems open(Path file) throws IOException {
        long[] starts = new long[1024];
        long[] ends = new long[1024];
        int n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long pos = 0;
            long start = 0;
            boolean blank = true;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    if (!blank) {
                        if (n == starts.length) {
                            starts = Arrays.copyOf(starts, n * 2);
                            ends = Arrays.copyOf(ends, n * 2);
                        }
                        starts[n] = start;
                        ends[n++] = pos;
                    }
                    if (b < 0) {
                        break;
                    }
                    start = pos + 1;
                    blank = true;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
                pos++;
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new JsonlItems(file, channel, Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }

    @Override
    public int size() {
        return starts.length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String name(int index) {
        return Integer.toString(index);
    }

    @Override
    public Map<String, Object> read(int index, BatchSignature signature) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(ends[index] - starts[index]));
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, starts[index] + bytes.position()) < 0) {
                throw new IOException(file + " changed while being read");
            }
        }
        String where = file + " line " + (index + 1) + " (item " + index + ")";
        JsonNode object;
        try {
            object = Json.parse(new String(bytes.array(), StandardCharsets.UTF_8));
        } catch (Json.JsonException e) {
            throw new CliException(where + ": not JSON: " + e.getMessage(), e);
        }
        if (!object.isObject()) {
            throw new CliException(where + ": not a JSON object {\"input\": array, ...}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String input = signature.input(e.getKey(), where);
            // RunInputs converts JSON text: the one conversion shared with `run`'s inline inputs.
            values.put(input, RunInputs.read(input, e.getValue().toString(), signature.type(input)));
        }
        return values;
    }
}
