package dev.tfliteffm.tests.fuzz;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child JVM of the fuzzer: runs a batch of cases, each loaded from its file, given an interpreter, and
 * allocated and invoked with zeros in every signature. Prints {@code start i} before a case and
 * {@code end i OUTCOME detail} after it, flushed, so that the parent knows which case a crash interrupted.
 *
 * <p>Argument: the batch file, one case a line: {@code index TAB path TAB xnnpack}.
 */
public final class FuzzChild {

    /** The outcome of a case that finished. */
    enum Outcome {
        /** Refused by tflite-ffm's model validator. */
        REFUSED,
        /** Refused or failed by TFLite itself (its verifier, interpreter creation, a kernel's checks). */
        TFLITE_ERROR,
        /** Another exception (the runtime's own checks). */
        JAVA_EXCEPTION,
        /** Loaded, allocated and invoked. */
        OK
    }

    private FuzzChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            out.println("start\t" + f[0]);
            out.flush();
            String result = run(Path.of(f[1]), Boolean.parseBoolean(f[2]));
            out.println("end\t" + f[0] + "\t" + result);
            out.flush();
        }
        System.exit(0);
    }

    /** Runs one case: {@code OUTCOME TAB detail}. */
    static String run(Path file, boolean xnnpack) {
        try (Model model = Model.fromFile(file);
                Interpreter interpreter = Interpreter.create(
                        model, InterpreterOptions.builder().xnnpack(xnnpack).build())) {
            List<String> keys = new ArrayList<>(interpreter.signatures().keys());
            if (keys.isEmpty()) {
                exercise(interpreter.defaultRunner());
            }
            for (String key : keys) {
                exercise(interpreter.runner(key));
            }
            return Outcome.OK + "\t";
        } catch (TfLiteException e) {
            Outcome o = e.getMessage().contains("model validator") ? Outcome.REFUSED : Outcome.TFLITE_ERROR;
            return o + "\t" + oneLine(e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) { // a huge but valid shape may not fit the child's heap
            return Outcome.JAVA_EXCEPTION + "\t" + oneLine(e.toString());
        }
    }

    private static void exercise(SignatureRunner runner) {
        runner.allocateTensors();
        for (String name : runner.inputNames()) {
            Tensor t = runner.input(name);
            if (t.dataType() == DataType.STRING) {
                String[] empty = new String[Math.toIntExact(t.elementCount())];
                Arrays.fill(empty, "");
                t.copyFrom(empty);
            } else if (t.dataType().isFixedSize()) {
                t.data().fill((byte) 0);
            }
        }
        runner.invoke();
        for (String name : runner.outputNames()) {
            Tensor t = runner.output(name);
            if (t.dataType().isFixedSize()) {
                touch(t.data());
            }
        }
    }

    /** Reads a byte of every page of {@code data}: a buffer left pointing nowhere faults here. */
    private static void touch(MemorySegment data) {
        long sum = 0;
        for (long i = 0; i < data.byteSize(); i += 4096) {
            sum += data.get(ValueLayout.JAVA_BYTE, i);
        }
        if (data.byteSize() > 0) {
            sum += data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
        }
        if (sum == Long.MIN_VALUE) {
            throw new AssertionError(); // keeps the reads
        }
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replace('\n', ' ').replace('\t', ' ');
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
