package dev.tfliteffm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DIR/failures.jsonl}: one line {@code {"index": i, "item": name, "error": cause}} per failed item. Each
 * run starts it afresh, since a rerun tries the failed items again. Safe from any thread.
 */
final class BatchFailures implements AutoCloseable {

    private final BufferedWriter out;
    private long count;

    BatchFailures(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Records that item {@code index} called {@code item} failed with {@code error}. */
    synchronized void record(int index, String item, Throwable error) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("item", item);
        line.put("error", describe(error));
        out.write(Json.write(line));
        out.newLine();
        out.flush(); // failures are rare, and worth keeping if the run is killed
        count++;
    }

    /** Items recorded so far. */
    synchronized long count() {
        return count;
    }

    /** The error's message, with its type unless it is the CLI's own; and its cause's, if it has one. */
    static String describe(Throwable error) {
        String text = error instanceof CliException
                ? error.getMessage()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        Throwable cause = error.getCause();
        return cause == null || cause == error ? text : text + " (cause: " + describe(cause) + ")";
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
