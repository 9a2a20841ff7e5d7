package dev.tfliteffm;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link ModelCheck}: loads the model, then allocates and invokes each signature (zeros, then the
 * caller's samples) twice: in one interpreter shared by all signatures, and in an interpreter of its own that is
 * closed right after. It reports each step through {@link CheckProtocol} before it runs it (so that the parent knows
 * where a crash happened).
 *
 * <p>Arguments: the progress file, the model, the thread count, {@code true|false} for XNNPACK, and optionally the
 * samples file.
 */
final class ModelCheckChild {

    /** The pass of a step: one interpreter for all signatures, or one of its own per signature. */
    static final String SHARED = "shared";

    static final String OWN = "own";

    private final OutputStream progress;

    private ModelCheckChild(OutputStream progress) {
        this.progress = progress;
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, NdArray>> samples = Map.of();
        if (args.length > 4) {
            try (InputStream in = new FileInputStream(args[4])) {
                samples = CheckProtocol.readSamples(in);
            }
        }
        InterpreterOptions options = InterpreterOptions.builder()
                .threads(Integer.parseInt(args[2]))
                .xnnpack(Boolean.parseBoolean(args[3]))
                .build();
        // Unbuffered: each line reaches the file before the step it announces can crash the process.
        try (OutputStream progress = new FileOutputStream(args[0], true)) {
            new ModelCheckChild(progress).check(Path.of(args[1]), options, samples);
        }
        System.exit(0);
    }

    private void check(Path file, InterpreterOptions options, Map<String, Map<String, NdArray>> samples)
            throws IOException {
        send(CheckProtocol.BEGIN, ModelCheck.Stage.LOAD.name(), "", SHARED);
        try (Model model = Model.fromFile(file)) {
            // First pass: one interpreter for every signature in turn, as most applications use a model.
            send(CheckProtocol.BEGIN, ModelCheck.Stage.INTERPRETER.name(), "", SHARED);
            Interpreter shared;
            List<String> keys;
            try {
                shared = Interpreter.create(model, options);
                keys = new ArrayList<>(shared.signatures().keys());
            } catch (RuntimeException | Error e) {
                fail(ModelCheck.Stage.INTERPRETER, "", e);
                send(CheckProtocol.DONE);
                return;
            }
            boolean placeholder = keys.isEmpty();
            if (placeholder) {
                keys.add(Interpreter.PLACEHOLDER_SIGNATURE_KEY);
            }
            List<String> announce = new ArrayList<>(keys);
            announce.addFirst(CheckProtocol.SIGNATURES);
            send(announce.toArray(String[]::new));
            for (String key : keys) {
                if (steps(shared, key, placeholder, samples.get(key), SHARED)) {
                    send(CheckProtocol.OK, key);
                }
            }
            send(CheckProtocol.BEGIN, ModelCheck.Stage.CLOSE.name(), "", SHARED);
            shared.close();
            // Second pass: an interpreter of its own for each signature, closed right after, as an application that
            // gives up on its first error would. TFLite has crashed creating or closing an interpreter after another
            // one of the same model failed, which the first pass does not show.
            for (String key : keys) {
                own(model, options, key, placeholder, samples.get(key));
            }
        } catch (RuntimeException | Error e) {
            fail(ModelCheck.Stage.LOAD, "", e);
        }
        send(CheckProtocol.DONE);
    }

    private void own(
            Model model, InterpreterOptions options, String key, boolean placeholder, Map<String, NdArray> sample)
            throws IOException {
        send(CheckProtocol.BEGIN, ModelCheck.Stage.INTERPRETER.name(), key, OWN);
        Interpreter interpreter;
        try {
            interpreter = Interpreter.create(model, options);
        } catch (RuntimeException | Error e) {
            fail(ModelCheck.Stage.INTERPRETER, key, e);
            return;
        }
        boolean ok = steps(interpreter, key, placeholder, sample, OWN);
        send(CheckProtocol.BEGIN, ModelCheck.Stage.CLOSE.name(), key, OWN);
        interpreter.close();
        if (ok) {
            send(CheckProtocol.OK, key);
        }
    }

    /** Allocates, invokes with zeros, runs the sample; reports a failure and returns {@code false} on one. */
    private boolean steps(
            Interpreter interpreter, String key, boolean placeholder, Map<String, NdArray> sample, String pass)
            throws IOException {
        ModelCheck.Stage stage = ModelCheck.Stage.ALLOCATE;
        try {
            send(CheckProtocol.BEGIN, stage.name(), key, pass);
            SignatureRunner runner = placeholder ? interpreter.defaultRunner() : interpreter.runner(key);
            runner.allocateTensors();
            stage = ModelCheck.Stage.INVOKE;
            send(CheckProtocol.BEGIN, stage.name(), key, pass);
            for (String name : runner.inputNames()) {
                zero(runner.input(name));
            }
            runner.invoke();
            for (String name : runner.outputNames()) {
                read(runner.output(name));
            }
            if (sample != null) {
                stage = ModelCheck.Stage.SAMPLE;
                send(CheckProtocol.BEGIN, stage.name(), key, pass);
                runner.run(sample);
            }
            return true;
        } catch (RuntimeException | Error e) {
            fail(stage, key, e);
            return false;
        }
    }

    private static void zero(Tensor t) {
        switch (t.dataType()) {
            case STRING -> {
                String[] empty = new String[Math.toIntExact(t.elementCount())];
                Arrays.fill(empty, "");
                t.copyFrom(empty);
            }
            case RESOURCE, VARIANT, NO_TYPE -> {} // no data of their own
            default -> t.data().fill((byte) 0);
        }
    }

    /** Reads a byte of every page of an output: a kernel that left a bad buffer behind faults here. */
    private static void read(Tensor t) {
        if (!t.dataType().isFixedSize()) {
            return;
        }
        MemorySegment data = t.data();
        byte any = 0;
        for (long i = 0; i < data.byteSize(); i += 4096) {
            any |= data.get(ValueLayout.JAVA_BYTE, i);
        }
        if (any == 0 && data.byteSize() > 0) {
            data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
        }
    }

    private void fail(ModelCheck.Stage stage, String key, Throwable e) throws IOException {
        List<String> fields = new ArrayList<>();
        fields.add(CheckProtocol.FAILED);
        fields.add(stage.name());
        fields.add(key);
        if (e instanceof TfLiteException t) {
            fields.add(t.status().name());
            String message = t.getMessage();
            String natives = ": " + String.join("; ", t.nativeMessages());
            if (!t.nativeMessages().isEmpty() && message.endsWith(natives)) { // the parent composes it again
                message = message.substring(0, message.length() - natives.length());
            }
            fields.add(message);
            fields.addAll(t.nativeMessages());
        } else {
            fields.add(TfLiteException.Status.ERROR.name());
            fields.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        send(fields.toArray(String[]::new));
    }

    private void send(String... fields) throws IOException {
        progress.write(CheckProtocol.line(fields).getBytes(StandardCharsets.UTF_8));
    }
}
