package dev.tfliteffm.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inline JSON inputs parsed on a second thread while the main thread loads the model: Jackson's first parse
 * initialises {@code java.math.BigDecimal}, whose JDK 25 static initialiser computes 5<sup>65536</sup> (tens of
 * milliseconds, most of the parse, even with an AOT cache). {@link #get} gives what {@link JsonArray#parse} gives
 * for the text, or throws what it throws, when the main thread asks for it, so errors come in their usual order.
 */
final class JsonAhead {

    private final Map<String, Object> results = new HashMap<>(); // a JsonArray, or what parsing threw
    private final Thread thread;

    private JsonAhead(List<String> texts) {
        // A class, not a lambda: no bootstrap at start-up.
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                for (String text : texts) {
                    Object result;
                    try {
                        result = JsonArray.parse(text);
                    } catch (RuntimeException | Error e) {
                        result = e;
                    }
                    synchronized (results) {
                        results.put(text, result);
                    }
                }
            }
        });
        thread.setName("tflite-ffm-json");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts parsing those of {@code sources} that {@link RunInputs} reads as JSON; null when there are none. */
    static JsonAhead start(Iterable<String> sources) {
        List<String> texts = new ArrayList<>();
        for (String source : sources) {
            String trimmed = source.strip();
            if (RunInputs.isJson(trimmed)) {
                texts.add(trimmed);
            }
        }
        return texts.isEmpty() ? null : new JsonAhead(texts);
    }

    /** {@link JsonArray#parse} of {@code text}, parsed ahead if it was among the sources. */
    JsonArray get(String text) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonArray.parse(text);
        }
        Object result;
        synchronized (results) {
            result = results.get(text);
        }
        if (result == null) {
            return JsonArray.parse(text);
        }
        if (result instanceof RuntimeException e) {
            throw e;
        }
        if (result instanceof Error e) {
            throw e;
        }
        return (JsonArray) result;
    }
}
