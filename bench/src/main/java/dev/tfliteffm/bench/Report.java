package dev.tfliteffm.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.math3.distribution.TDistribution;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns a run folder of {@code run.sh} into {@code results.json} (every JMH result and the C loop's, with the
 * machine info), {@code table.md} and the charts {@code chart.png} (time per step relative to the C loop) and
 * {@code latency.png} (absolute). Usage: {@code Report RUN_FOLDER}. Reads {@code jmh-*.json},
 * {@code cloop.jsonl} and {@code machine.json} there.
 */
public final class Report {

    /** A contender (or prototype) and how it is shown. */
    record Contender(String key, String label, String library) {}

    static final List<Contender> CONTENDERS = List.of(
            new Contender("cloop", "C loop", "2.21.0"),
            new Contender("Ffm.prepared", "FFM prepared", "2.21.0"),
            new Contender("Ffm.runMap", "FFM run(Map)", "2.21.0"),
            new Contender("Ffm.runInto", "FFM run(Map, Map)", "2.21.0"),
            new Contender("JavaCpp.tuned", "JavaCPP tuned", "2.21.0"),
            new Contender("JavaCpp.idiomatic", "JavaCPP idiomatic", "2.21.0"),
            new Contender("Official.run", "official run, arrays", "2.6.2"),
            new Contender("Official.runSignature", "official runSignature, arrays", "2.6.2"),
            new Contender("Official.runSignatureBuffers", "official runSignature, ByteBuffers", "2.6.2"),
            new Contender("Compat.run", "official API on FFM: run, arrays", "2.21.0"),
            new Contender("Compat.runSignature", "official API on FFM: runSignature, arrays", "2.21.0"));

    static final List<Contender> FIRST = List.of(
            new Contender("cloop", "C loop", "2.21.0"),
            new Contender("FirstResult.ffm", "FFM", "2.21.0"),
            new Contender("FirstResult.javacpp", "JavaCPP", "2.21.0"),
            new Contender("FirstResult.official", "official (ByteBuffers)", "2.6.2"));

    static final List<String> THROUGHPUT =
            List.of("cloop", "Ffm.prepared", "JavaCpp.tuned", "Official.runSignatureBuffers", "Official.run");

    static final List<String> LARGE = List.of("mobilenet_v2_int8", "convnet_float", "convnet_int8");

    /** One result: a JMH benchmark or the C loop, for one model, XNNPACK setting, mode and thread count. */
    static final class Result {
        String key;
        String model;
        boolean xnnpack;
        String cancellable = "";
        String mode;
        int threads;
        double score;
        double error;
        String unit;
        double[] raw;
        /** Median over iterations of gc.alloc.rate.norm (B/op). */
        Double allocNorm;
        /** JMH's mean of it, and its error. */
        Double allocMean;

        Double allocError;
        /** The lowest and highest iteration of it: the interval the allocation target is judged on (not in results.json). */
        transient Double allocMin;

        transient Double allocMax;

        /** The error relative to the score; NaN when the error is unknown (one sample), so no verdict can rely on it. */
        double relError() {
            return Double.isFinite(error) && score != 0 ? Math.abs(error / score) : Double.NaN;
        }
    }

    private final Path dir;
    private final List<Result> results = new ArrayList<>();
    private final JsonObject machine;
    private final List<JsonElement> jmhRaw = new ArrayList<>();
    private final List<JsonElement> cloopRaw = new ArrayList<>();

    Report(Path dir) throws IOException {
        this.dir = dir;
        Path m = dir.resolve("machine.json");
        this.machine = Files.isRegularFile(m)
                ? JsonParser.parseString(Files.readString(m)).getAsJsonObject()
                : new JsonObject();
        List<Path> jmhFiles;
        try (Stream<Path> s = Files.list(dir)) {
            jmhFiles = s.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json"))
                    .sorted()
                    .toList();
        }
        for (Path p : jmhFiles) {
            String text = Files.readString(p).strip();
            if (text.isEmpty()) {
                continue;
            }
            for (JsonElement e : JsonParser.parseString(text).getAsJsonArray()) {
                jmhRaw.add(e);
                results.add(fromJmh(e.getAsJsonObject()));
            }
        }
        Path c = dir.resolve("cloop.jsonl");
        if (Files.isRegularFile(c)) {
            Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
            for (String line : Files.readAllLines(c)) {
                if (line.isBlank() || !line.startsWith("{")) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                cloopRaw.add(o);
                String id = o.get("label").getAsString() + "|" + o.get("mode").getAsString() + "|"
                        + o.get("threads").getAsInt() + "|" + o.get("xnnpack").getAsBoolean();
                groups.computeIfAbsent(id, k -> new ArrayList<>()).add(o);
            }
            for (List<JsonObject> g : groups.values()) {
                results.add(fromCloop(g));
            }
        }
    }

    private static Result fromJmh(JsonObject o) {
        Result r = new Result();
        String benchmark = o.get("benchmark").getAsString();
        String[] parts = benchmark.split("\\.");
        r.key = parts[parts.length - 2] + "." + parts[parts.length - 1];
        r.mode = o.get("mode").getAsString();
        r.threads = o.get("threads").getAsInt();
        JsonObject params = o.has("params") ? o.getAsJsonObject("params") : new JsonObject();
        r.model = params.has("model") ? params.get("model").getAsString() : "";
        r.xnnpack = params.has("xnnpack") && "on".equals(params.get("xnnpack").getAsString());
        r.cancellable = params.has("cancellable") ? params.get("cancellable").getAsString() : "";
        JsonObject pm = o.getAsJsonObject("primaryMetric");
        r.score = number(pm.get("score"));
        r.error = number(pm.get("scoreError"));
        r.unit = pm.get("scoreUnit").getAsString();
        List<Double> raw = new ArrayList<>();
        for (JsonElement fork : pm.getAsJsonArray("rawData")) {
            for (JsonElement v : fork.getAsJsonArray()) {
                raw.add(number(v));
            }
        }
        r.raw = raw.stream().mapToDouble(Double::doubleValue).toArray();
        JsonObject sec = o.has("secondaryMetrics") ? o.getAsJsonObject("secondaryMetrics") : new JsonObject();
        if (sec.has("gc.alloc.rate.norm")) {
            JsonObject a = sec.getAsJsonObject("gc.alloc.rate.norm");
            r.allocMean = number(a.get("score"));
            r.allocError = number(a.get("scoreError"));
            // The median iteration: robust to a burst of allocation by another thread in one iteration.
            List<Double> v = new ArrayList<>();
            for (JsonElement fork : a.getAsJsonArray("rawData")) {
                for (JsonElement x : fork.getAsJsonArray()) {
                    v.add(number(x));
                }
            }
            v.sort(null);
            r.allocNorm = v.isEmpty() ? r.allocMean : (v.get((v.size() - 1) / 2) + v.get(v.size() / 2)) / 2;
            r.allocMin = v.isEmpty() ? null : v.getFirst();
            r.allocMax = v.isEmpty() ? null : v.getLast();
        }
        return r;
    }

    private static double number(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        String s = e.getAsString();
        return "NaN".equals(s) ? Double.NaN : Double.parseDouble(s);
    }

    private static Result fromCloop(List<JsonObject> group) {
        JsonObject first = group.getFirst();
        Result r = new Result();
        r.key = "cloop";
        r.model = first.get("label").getAsString();
        r.mode = first.get("mode").getAsString();
        r.threads = first.get("threads").getAsInt();
        r.xnnpack = first.get("xnnpack").getAsBoolean();
        r.unit = first.get("unit").getAsString();
        List<Double> raw = new ArrayList<>();
        for (JsonObject o : group) {
            for (JsonElement v : o.getAsJsonArray("raw")) {
                raw.add(v.getAsDouble());
            }
        }
        r.raw = raw.stream().mapToDouble(Double::doubleValue).toArray();
        r.score = mean(r.raw);
        r.error = ci999(r.raw);
        return r;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The half-width of the 99.9% confidence interval of the mean, as JMH computes its score error. */
    static double ci999(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        double t = new TDistribution(v.length - 1).inverseCumulativeProbability(1 - 0.001 / 2);
        return t * sd / Math.sqrt(v.length);
    }

    // ---- lookups -------------------------------------------------------------------------------------

    /** The result of {@code key} for a model, XNNPACK setting, mode and thread count; FFM with the default cancellable=on. */
    Result find(String key, String model, boolean xnnpack, String mode, int threads) {
        for (Result r : results) {
            if (r.key.equals(key)
                    && r.model.equals(model)
                    && r.xnnpack == xnnpack
                    && r.mode.equals(mode)
                    && r.threads == threads
                    && (r.cancellable.isEmpty() || r.cancellable.equals("on"))) {
                return r;
            }
        }
        return null;
    }

    /** Time per step in microseconds (the C loop and JMH both report avgt in us/op). */
    static double micros(Result r) {
        return switch (r.unit) {
            case "us/op" -> r.score;
            case "ms/op" -> r.score * 1e3;
            case "ns/op" -> r.score / 1e3;
            case "s/op" -> r.score * 1e6;
            default -> throw new IllegalStateException("unit " + r.unit);
        };
    }

    /** Ratio a/b and its uncertainty (relative errors added in quadrature; NaN when either is unknown). */
    record Ratio(double value, double error) {
        static Ratio of(Result a, Result b) {
            double v = micros(a) / micros(b);
            return new Ratio(v, v * Math.hypot(a.relError(), b.relError()));
        }

        String format() {
            return Double.isFinite(error)
                    ? String.format(Locale.ROOT, "%.2f× ± %.2f", value, error)
                    : String.format(Locale.ROOT, "%.2f× ± ?", value);
        }
    }

    // ---- verdicts ------------------------------------------------------------------------------------

    static final String MET = "met";
    static final String WITHIN_NOISE = "within noise (not shown)";
    static final String NOT_MET = "**not met**";

    /**
     * The verdict on a target {@code value ≤ limit} ({@code atMost}) or {@code value ≥ limit} for a measurement
     * {@code value ± error}: met only when the whole interval satisfies the target, not met when none of it does,
     * and within noise (not shown either way) when the interval straddles the limit. An unknown error is an
     * unbounded interval: never met.
     */
    static String verdict(double value, double error, double limit, boolean atMost) {
        double e = Double.isFinite(error) ? Math.abs(error) : Double.POSITIVE_INFINITY;
        return verdictOn(value - e, value + e, limit, atMost);
    }

    /** The verdict on a target {@code ≤ limit} ({@code atMost}) or {@code ≥ limit} for a measurement known to lie in [low, high]. */
    static String verdictOn(double low, double high, double limit, boolean atMost) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return WITHIN_NOISE;
        }
        if (atMost ? high <= limit : low >= limit) {
            return MET;
        }
        if (atMost ? low > limit : high < limit) {
            return NOT_MET;
        }
        return WITHIN_NOISE;
    }

    /**
     * JMH's gc.alloc.rate.norm cannot show an exact 0: its own bookkeeping in each iteration, divided by that
     * iteration's steps, leaves a fraction of a byte per step on fast models. One object allocated per step adds at
     * least 16 B/op, so "0 B/op" is read as "under 1 B/op".
     */
    static final double ZERO_ALLOCATION = 1.0;

    /**
     * The verdict on "allocates 0 B/op" for the median iteration, judged on the range of the iterations: met when every
     * iteration is under {@link #ZERO_ALLOCATION}, not met when none is, else within noise.
     */
    static String allocationVerdict(Result r) {
        double low = r.allocMin != null ? r.allocMin : Double.NaN;
        double high = r.allocMax != null ? r.allocMax : Double.NaN;
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return WITHIN_NOISE;
        }
        if (high < ZERO_ALLOCATION) {
            return MET;
        }
        return low >= ZERO_ALLOCATION ? NOT_MET : WITHIN_NOISE;
    }

    List<String> models() {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.values()) {
            if (results.stream().anyMatch(r -> r.model.equals(w.name()))) {
                out.add(w.name());
            }
        }
        return out;
    }

    static String fmtTime(double us) {
        if (us >= 1000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1000);
        }
        if (us >= 10) {
            return String.format(Locale.ROOT, "%.1f µs", us);
        }
        return String.format(Locale.ROOT, "%.3f µs", us);
    }

    static String fmtPct(Result r) {
        double rel = r.relError();
        return Double.isFinite(rel) ? String.format(Locale.ROOT, " ±%.0f%%", 100 * rel) : "";
    }

    static String libraryNote(Contender c) {
        return "2.6.2".equals(c.library()) ? " (TFLite 2.6.2)" : "";
    }

    static String description(String model) {
        try {
            return Workload.of(model).description();
        } catch (RuntimeException e) {
            return model;
        }
    }

    // ---- the Markdown table ---------------------------------------------------------------------------

    String table() {
        StringBuilder md = new StringBuilder();
        Path name = dir.toAbsolutePath().normalize().getFileName();
        md.append("## Results: `").append(name == null ? dir : name).append("`\n\n");
        md.append("Machine: ")
                .append(str("cpuModel"))
                .append(", ")
                .append(str("logicalCores"))
                .append(" cores, ")
                .append(str("osRelease"))
                .append(", ")
                .append(str("jdk"))
                .append("; mode `")
                .append(str("mode"))
                .append("`, ")
                .append(str("date"))
                .append(".\n\n");
        md.append(
                        "One step = write the input, invoke, read the output; every interpreter uses 1 thread; the same inputs and ")
                .append(
                        "delegate setting for every contender. FFM, JavaCPP and the C loop run the same TFLite **2.21.0** library; ")
                .append(
                        "the official Java API is DJL's desktop build of **TFLite 2.6.2** (older kernels: its figures compare ")
                .append(
                        "APIs *and* TFLite versions). Scores are JMH means with the 99.9% confidence half-width (±%); the ")
                .append("ratio is to the C loop in the same run.\n\n");

        for (boolean x : new boolean[] {true, false}) {
            List<Contender> cols = CONTENDERS.stream()
                    .filter(c -> results.stream()
                            .anyMatch(r ->
                                    r.key.equals(c.key()) && r.mode.equals("avgt") && r.threads == 1 && r.xnnpack == x))
                    .toList();
            if (cols.isEmpty()) {
                continue;
            }
            md.append("### Time per step, XNNPACK ").append(x ? "on" : "off").append("\n\n| workload |");
            for (Contender c : cols) {
                md.append(' ').append(c.label()).append(libraryNote(c)).append(" |");
            }
            md.append("\n|---|").append("---|".repeat(cols.size())).append('\n');
            for (String model : models()) {
                Result base = find("cloop", model, x, "avgt", 1);
                md.append("| ").append(description(model)).append(" |");
                for (Contender c : cols) {
                    Result r = find(c.key(), model, x, "avgt", 1);
                    md.append(' ');
                    if (r == null) {
                        md.append("–");
                    } else {
                        md.append(fmtTime(micros(r))).append(fmtPct(r));
                        if (base != null && r != base) {
                            md.append(String.format(Locale.ROOT, " (%.2f×)", micros(r) / micros(base)));
                        }
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append(noisy());

        md.append(targets());
        md.append(allocation());
        md.append(firstResult());
        md.append(throughput());
        md.append(prototypes());
        return md.toString();
    }

    /** The per-step figures whose error is over ±15%, named, so that nobody reads them as exact. */
    private String noisy() {
        List<String> over = new ArrayList<>();
        int all = 0;
        for (Result r : results) {
            if (!r.mode.equals("avgt")
                    || r.threads != 1
                    || CONTENDERS.stream()
                            .noneMatch(c -> c.key().equals(r.key) && !c.key().equals("cloop"))) {
                continue;
            }
            all++;
            double rel = r.relError();
            if (!(rel <= 0.15)) {
                over.add(String.format(
                        Locale.ROOT,
                        "%s on %s, XNNPACK %s (%s)",
                        r.key,
                        r.model,
                        r.xnnpack ? "on" : "off",
                        Double.isFinite(rel) ? String.format(Locale.ROOT, "±%.0f%%", 100 * rel) : "one sample"));
            }
        }
        if (over.isEmpty()) {
            return "Every per-step figure above has an error within ±15%.\n\n";
        }
        return "Per-step figures with an error over ±15% (" + over.size() + " of " + all + "; their forks disagree, "
                + "typically the memory layout a JVM happens to get moves a tiny model's step by up to 2×): "
                + String.join("; ", over) + ".\n\n";
    }

    private String str(String key) {
        return machine.has(key) ? machine.get(key).getAsString() : "?";
    }

    private String targets() {
        StringBuilder md = new StringBuilder("### Targets (ratios from this run)\n\n"
                + "A target is **met** only when the measured value satisfies it including its error bar (the whole interval "
                + "value ± error); **within noise (not shown)** when the interval straddles the target; else **not met**. "
                + "Ratios carry the 99.9% half-widths of both scores, added in quadrature. Allocation is the median iteration, "
                + "judged on the range of all iterations; \"0 B/op\" is read as under 1 B/op (JMH's own bookkeeping per "
                + "iteration leaves a fraction of a byte per step; one object per step would add at least 16 B/op).\n\n"
                + "| target | workload | XNNPACK | measured | verdict |\n|---|---|---|---|---|\n");
        int rows = 0;
        for (boolean x : new boolean[] {true, false}) {
            rows += ratioRow(md, "FFM prepared ≤ 1.05× C loop", "hello_world", x, "Ffm.prepared", "cloop", 1.05);
        }
        for (String model : LARGE) {
            for (boolean x : new boolean[] {true, false}) {
                rows += ratioRow(md, "FFM prepared ≤ 1.02× C loop", model, x, "Ffm.prepared", "cloop", 1.02);
            }
        }
        for (String model : models()) {
            for (boolean x : new boolean[] {true, false}) {
                rows += ratioRow(
                        md,
                        "FFM prepared as fast as JavaCPP tuned (≤ 1.00×)",
                        model,
                        x,
                        "Ffm.prepared",
                        "JavaCpp.tuned",
                        1.0);
            }
        }
        for (boolean x : new boolean[] {true, false}) {
            Result a = find("Official.runSignature", "hello_world", x, "avgt", 1);
            Result b = find("Ffm.prepared", "hello_world", x, "avgt", 1);
            if (a != null && b != null) {
                Ratio r = Ratio.of(a, b);
                md.append("| FFM prepared ≥ 5× faster than official runSignature (2.6.2) | hello_world | ")
                        .append(x ? "on" : "off")
                        .append(" | official ÷ FFM = ")
                        .append(r.format())
                        .append(" | ")
                        .append(verdict(r.value(), r.error(), 5, false))
                        .append(" |\n");
                rows++;
            }
        }
        for (Result r : results) {
            if (r.key.equals("Ffm.prepared")
                    && r.allocNorm != null
                    && r.threads == 1
                    && (r.cancellable.isEmpty() || r.cancellable.equals("on"))) {
                String verdict = allocationVerdict(r);
                // Context, not an excuse: JavaCPP's tuned path allocates nothing per step by construction, so what it
                // shows is JMH's own bookkeeping on this workload.
                Result base = find("JavaCpp.tuned", r.model, r.xnnpack, "avgt", 1);
                if (!verdict.equals(MET) && base != null && base.allocNorm != null) {
                    verdict += String.format(Locale.ROOT, "; JavaCPP tuned: %.1f B/op", base.allocNorm);
                }
                String range = r.allocMin != null && r.allocMax != null
                        ? String.format(Locale.ROOT, "iterations %.3f–%.3f; ", r.allocMin, r.allocMax)
                        : "";
                md.append("| FFM prepared allocates 0 B/op | ")
                        .append(r.model)
                        .append(" | ")
                        .append(r.xnnpack ? "on" : "off")
                        .append(" | ")
                        .append(String.format(
                                Locale.ROOT,
                                "%.3f B/op (median iteration; %smean %.3f)",
                                r.allocNorm,
                                range,
                                r.allocMean))
                        .append(" | ")
                        .append(verdict)
                        .append(" |\n");
                rows++;
            }
        }
        return rows == 0 ? "" : md.append('\n').toString();
    }

    /** A row for the target "key ÷ baseKey ≤ limit". */
    private int ratioRow(
            StringBuilder md, String what, String model, boolean x, String key, String baseKey, double limit) {
        Result a = find(key, model, x, "avgt", 1);
        Result b = find(baseKey, model, x, "avgt", 1);
        if (a == null || b == null) {
            return 0;
        }
        Ratio r = Ratio.of(a, b);
        md.append("| ")
                .append(what)
                .append(" | ")
                .append(model)
                .append(" | ")
                .append(x ? "on" : "off")
                .append(" | ")
                .append(r.format())
                .append(" | ")
                .append(verdict(r.value(), r.error(), limit, true))
                .append(" |\n");
        return 1;
    }

    private String allocation() {
        List<Contender> cols = CONTENDERS.stream()
                .filter(c ->
                        results.stream().anyMatch(r -> r.key.equals(c.key()) && r.allocNorm != null && r.threads == 1))
                .toList();
        if (cols.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(
                "### Allocation per step (JMH `-prof gc`: gc.alloc.rate.norm, B/op, median over iterations; values below 1 B/op are JMH's own "
                        + "bookkeeping spread over the steps)\n\n| workload | XNNPACK |");
        for (Contender c : cols) {
            md.append(' ').append(c.label()).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(cols.size())).append('\n');
        for (String model : models()) {
            for (boolean x : new boolean[] {true, false}) {
                StringBuilder row = new StringBuilder("| " + model + " | " + (x ? "on" : "off") + " |");
                boolean any = false;
                for (Contender c : cols) {
                    Result r = find(c.key(), model, x, "avgt", 1);
                    if (r != null && r.allocNorm != null) {
                        row.append(' ')
                                .append(String.format(Locale.ROOT, r.allocNorm < 10 ? "%.2f" : "%.0f", r.allocNorm))
                                .append(" |");
                        any = true;
                    } else {
                        row.append(" – |");
                    }
                }
                if (any) {
                    md.append(row).append('\n');
                }
            }
        }
        return md.append('\n').toString();
    }

    private String firstResult() {
        List<Contender> cols = FIRST.stream()
                .filter(c -> results.stream().anyMatch(r -> r.key.equals(c.key()) && r.mode.equals("ss")))
                .toList();
        if (cols.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(
                "### Time to first result (load model + create interpreter + allocate + first step; "
                        + "a fresh JVM or process each sample, native library already loaded), ms\n\n| workload | XNNPACK |");
        for (Contender c : cols) {
            md.append(' ').append(c.label()).append(libraryNote(c)).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(cols.size())).append('\n');
        for (String model : models()) {
            for (boolean x : new boolean[] {true, false}) {
                StringBuilder row = new StringBuilder("| " + model + " | " + (x ? "on" : "off") + " |");
                boolean any = false;
                for (Contender c : cols) {
                    Result r = find(c.key(), model, x, "ss", 1);
                    if (r != null) {
                        row.append(String.format(Locale.ROOT, " %.1f", micros(r) / 1000))
                                .append(fmtPct(r))
                                .append(" |");
                        any = true;
                    } else {
                        row.append(" – |");
                    }
                }
                if (any) {
                    md.append(row).append('\n');
                }
            }
        }
        return md.append('\n').toString();
    }

    private String throughput() {
        List<String> keys = THROUGHPUT.stream()
                .filter(k -> results.stream().anyMatch(r -> r.key.equals(k) && r.mode.equals("thrpt")))
                .toList();
        if (keys.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### Throughput, one interpreter per thread (steps/s; 2 threads on this "
                + str("logicalCores") + "-core machine)\n\n| workload | XNNPACK |");
        for (String k : keys) {
            String label = CONTENDERS.stream()
                    .filter(c -> c.key().equals(k))
                    .findFirst()
                    .map(c -> c.label() + libraryNote(c))
                    .orElse(k);
            md.append(' ').append(label).append(": 1 thread | 2 threads |");
        }
        md.append("\n|---|---|").append("---|---|".repeat(keys.size())).append('\n');
        for (String model : models()) {
            for (boolean x : new boolean[] {true, false}) {
                StringBuilder row = new StringBuilder("| " + model + " | " + (x ? "on" : "off") + " |");
                boolean any = false;
                for (String k : keys) {
                    Result one = find(k, model, x, "thrpt", 1);
                    Result two = find(k, model, x, "thrpt", 2);
                    row.append(one == null ? " – |" : " " + fmtRate(one) + " |");
                    row.append(
                            two == null
                                    ? " – |"
                                    : " " + fmtRate(two)
                                            + (one != null
                                                    ? String.format(
                                                            Locale.ROOT, " (%.2f×)", perSecond(two) / perSecond(one))
                                                    : "")
                                            + " |");
                    any |= one != null || two != null;
                }
                if (any) {
                    md.append(row).append('\n');
                }
            }
        }
        return md.append('\n').toString();
    }

    static double perSecond(Result r) {
        return switch (r.unit) {
            case "ops/ms" -> r.score * 1e3;
            case "ops/us" -> r.score * 1e6;
            case "ops/s" -> r.score;
            default -> throw new IllegalStateException("unit " + r.unit);
        };
    }

    static String fmtRate(Result r) {
        double s = perSecond(r);
        return s >= 1e5
                ? String.format(Locale.ROOT, "%.2fM", s / 1e6)
                : s >= 100 ? String.format(Locale.ROOT, "%.0f", s) : String.format(Locale.ROOT, "%.1f", s);
    }

    private String prototypes() {
        List<Result> protos = results.stream()
                .filter(r ->
                        r.key.startsWith("Prototype.") || (r.key.equals("Ffm.prepared") && r.cancellable.equals("off")))
                .toList();
        if (protos.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(
                "### Diagnosis: where the prepared path's time goes (prototypes in bench/, not the runtime)\n\n"
                        + "`Prototype.raw`: the C API through FFM with nothing else (own downcall handles to the symbols of "
                        + "`TfLiteLibrary.lookup()`, global-scope data segments, no state checks); `rawGlobal`: the same through a "
                        + "global-scope target address; `rawClaim`: raw + the runtime's CAS claim; `runtimeFixed`: claim + shared-arena "
                        + "views + global-scope target (the runtime's prepared path with the proposed fix); `copiesOnly`: the two copies "
                        + "alone. Cancellation off everywhere here (as in the C loop).\n\n"
                        + "| variant | workload | XNNPACK | threads | result | vs C loop |\n|---|---|---|---|---|---|\n");
        for (Result r : protos) {
            String value;
            String ratio = "–";
            if (r.mode.equals("avgt")) {
                value = fmtTime(micros(r)) + fmtPct(r);
                Result base = find("cloop", r.model, r.xnnpack, "avgt", 1);
                if (base != null && !r.key.equals("Prototype.copiesOnly")) {
                    ratio = Ratio.of(r, base).format();
                }
            } else {
                value = fmtRate(r) + " steps/s" + fmtPct(r);
                Result base = find("cloop", r.model, r.xnnpack, "thrpt", r.threads);
                if (base != null) {
                    ratio = String.format(Locale.ROOT, "%.2f× the C loop's throughput", perSecond(r) / perSecond(base));
                }
            }
            md.append("| ")
                    .append(r.key)
                    .append(r.key.equals("Ffm.prepared") ? " (cancellable off)" : "")
                    .append(" | ")
                    .append(r.model)
                    .append(" | ")
                    .append(r.xnnpack ? "on" : "off")
                    .append(" | ")
                    .append(r.threads)
                    .append(" | ")
                    .append(value)
                    .append(" | ")
                    .append(ratio)
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    // ---- charts ----------------------------------------------------------------------------------------

    void charts() throws IOException {
        chart(dir.resolve("chart.png"), true);
        chart(dir.resolve("latency.png"), false);
    }

    private void chart(Path file, boolean relative) throws IOException {
        List<JFreeChart> charts = new ArrayList<>();
        for (boolean x : new boolean[] {true, false}) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Contender c : CONTENDERS) {
                if (relative && c.key().equals("cloop")) {
                    continue;
                }
                for (String model : models()) {
                    Result r = find(c.key(), model, x, "avgt", 1);
                    Result base = find("cloop", model, x, "avgt", 1);
                    if (r == null || (relative && base == null)) {
                        continue;
                    }
                    double v = relative ? micros(r) / micros(base) : micros(r);
                    data.addValue(v, c.label() + libraryNote(c), model);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (data.getRowCount() == 0) {
                continue;
            }
            LogAxis axis = new LogAxis(
                    relative ? "time per step ÷ C loop (log scale; 1 = C)" : "time per step, µs (log scale)");
            axis.setBase(10);
            axis.setSmallestValue(1e-3);
            axis.setRange(relative ? Math.min(0.8, min * 0.9) : min / 2, max * 2);
            axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
            if (!relative) {
                axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0)); // one tick per decade
            }
            CategoryAxis categories = new CategoryAxis(null);
            categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
            categories.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            BarRenderer renderer = new BarRenderer();
            renderer.setBarPainter(new StandardBarPainter());
            renderer.setShadowVisible(false);
            renderer.setItemMargin(0.02);
            renderer.setBase(relative ? Math.min(0.8, min * 0.9) : min / 2);
            // Per contender, in CONTENDERS order: C loop, FFM prepared, FFM run(Map), FFM run(Map, Map), JavaCPP tuned,
            // JavaCPP idiomatic, official run, runSignature, runSignature ByteBuffers, compat run, compat runSignature.
            Color[] palette = {
                new Color(0x333333),
                new Color(0x1f5fb4),
                new Color(0x8fb8e8),
                new Color(0x5a8fd0),
                new Color(0x2ca02c),
                new Color(0x98df8a),
                new Color(0xd62728),
                new Color(0xff9896),
                new Color(0xff7f0e),
                new Color(0x9467bd),
                new Color(0xc5b0d5)
            };
            for (int i = 0; i < data.getRowCount(); i++) {
                String series = (String) data.getRowKey(i);
                int idx = 0;
                for (int k = 0; k < CONTENDERS.size(); k++) {
                    Contender c = CONTENDERS.get(k);
                    if ((c.label() + libraryNote(c)).equals(series)) {
                        idx = k;
                    }
                }
                renderer.setSeriesPaint(i, palette[idx % palette.length]);
            }
            CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
            if (relative) {
                org.jfree.chart.plot.ValueMarker one =
                        new org.jfree.chart.plot.ValueMarker(1.0, Color.BLACK, new java.awt.BasicStroke(1.2f));
                one.setLabel("C loop");
                one.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                one.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
                one.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
                plot.addRangeMarker(one);
            }
            plot.setOrientation(PlotOrientation.VERTICAL);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            JFreeChart chart = new JFreeChart(
                    "XNNPACK " + (x ? "on" : "off"), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
            chart.getLegend().setPosition(RectangleEdge.RIGHT);
            chart.setBackgroundPaint(Color.WHITE);
            charts.add(chart);
        }
        if (charts.isEmpty()) {
            return;
        }
        int width = 1400;
        int each = 430;
        int header = 60;
        BufferedImage image = new BufferedImage(width, header + each * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(
                relative
                        ? "tflite-ffm: time per step relative to a C loop over the same TFLite 2.21 library (lower is better)"
                        : "tflite-ffm: time per step (write input, invoke, read output), 1 interpreter thread (lower is better)",
                15,
                24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                str("cpuModel") + ", " + str("logicalCores") + " cores, " + str("jdk") + ", mode " + str("mode") + ", "
                        + str("date") + ". The official Java API runs TFLite 2.6.2 (older kernels), the others 2.21.0.",
                15,
                46);
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double(0, header + i * each, width, each));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    // ---- results.json ----------------------------------------------------------------------------------

    void json() throws IOException {
        JsonObject out = new JsonObject();
        out.add("machine", machine);
        JsonArray summary = new JsonArray();
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        for (Result r : results) {
            summary.add(gson.toJsonTree(r));
        }
        out.add("summary", summary);
        JsonArray jmh = new JsonArray();
        jmhRaw.forEach(jmh::add);
        out.add("jmh", jmh);
        JsonArray c = new JsonArray();
        cloopRaw.forEach(c::add);
        out.add("cloop", c);
        Files.writeString(
                dir.resolve("results.json"),
                new GsonBuilder()
                                .setPrettyPrinting()
                                .serializeSpecialFloatingPointValues()
                                .create()
                                .toJson(out) + "\n");
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Report report = new Report(dir);
        report.json();
        Files.writeString(dir.resolve("table.md"), report.table());
        report.charts();
        System.out.println("report: " + dir.resolve("table.md") + ", " + dir.resolve("chart.png") + ", "
                + dir.resolve("latency.png") + ", " + dir.resolve("results.json"));
    }
}
