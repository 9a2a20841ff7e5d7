package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what TFLite's flatbuffer verifier does not: that a model's indices point at things that exist and its
 * tensors are self-consistent, so that a crafted or corrupt model is refused with a {@link TfLiteException} instead
 * of crashing the JVM inside TFLite (out-of-range reads at interpreter creation, heap corruption at allocation).
 * One pass over the model's tables, before TFLite sees the bytes; constant data is not read.
 *
 * <p>Checked: operator code, tensor, buffer and subgraph indices (operators, subgraph inputs and outputs, control
 * flow options, signatures, metadata); quantization arrays against the tensor's shape; constant buffers exactly as
 * large as their tensor's type and shape need; shapes within TFLite's int32 element and byte counts; no constant
 * tensor written by an operator or as an input; no duplicate input or output names; no subgraph that calls itself.
 * Not checked: what a kernel needs of its tensors (shape and type rules of each operator); docs/reliability.md says
 * more.
 *
 * <p>On by default; {@code -Dtflite.ffm.model.validate=false} turns it off (read at each load).
 */
final class ModelValidator {

    /** The system property that turns validation off when {@code false}. */
    static final String PROPERTY = "tflite.ffm.model.validate";

    /** Part of every refusal's message, so that it can be told from TFLite's own. */
    static final String REFUSED_BY = "refused by tflite-ffm's model validator";

    // table Model
    private static final int OPERATOR_CODES = 1;
    private static final int SUBGRAPHS = 2;
    private static final int BUFFERS = 4;
    private static final int METADATA = 6;
    private static final int SIGNATURE_DEFS = 7;
    // table OperatorCode
    private static final int DEPRECATED_BUILTIN_CODE = 0;
    private static final int BUILTIN_CODE = 3;
    // table Metadata
    private static final int METADATA_NAME = 0;
    private static final int METADATA_BUFFER = 1;

    /** What is wrong, and where: the message of the refusal. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final FlatBufferReader r;
    private int[] builtinCodes;
    private int subgraphCount;

    private ModelValidator(FlatBufferReader r) {
        this.r = r;
    }

    /** Whether models are validated (the system property is not {@code false}). */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip());
    }

    /**
     * Validates the model in {@code data} unless validation is off.
     *
     * @param what what the model was loaded from, for messages
     * @return {@code null} when the model passed (or was not checked); else the refusal to throw if TFLite's
     *     verifier accepts a flatbuffer this reader could not follow (TFLite's verdict on broken structure comes
     *     first, with its own messages)
     * @throws TfLiteException {@code INVALID_MODEL} naming the first problem found
     */
    static TfLiteException validate(MemorySegment data, String what) {
        if (!enabled()) {
            return null;
        }
        FlatBufferReader r = new FlatBufferReader(data);
        if (!r.hasIdentifier("TFL3")) {
            return null; // not a TFLite flatbuffer at all: TFLite's verifier says so
        }
        try {
            new ModelValidator(r).check();
            return null;
        } catch (Refused e) {
            throw refusal(what, e.getMessage());
        } catch (FlatBufferReader.Malformed e) {
            return refusal(what, "its flatbuffer is broken: " + e.getMessage());
        }
    }

    private static TfLiteException refusal(String what, String problem) {
        return new TfLiteException(
                TfLiteException.Status.INVALID_MODEL,
                what + " is not a valid TensorFlow Lite model: " + problem + " (" + REFUSED_BY + " before TFLite read"
                        + " it; -D" + PROPERTY + "=false turns the validator off)");
    }

    /** The builtin operator code of each operator code table. */
    int[] builtinCodes() {
        return builtinCodes;
    }

    int subgraphCount() {
        return subgraphCount;
    }

    private void check() {
        long model = r.root();
        long buffers = r.vectorField(model, BUFFERS);
        int bufferCount = buffers < 0 ? 0 : r.vectorLength(buffers, 4);
        readOperatorCodes(model);
        long subgraphs = r.vectorField(model, SUBGRAPHS);
        subgraphCount = subgraphs < 0 ? 0 : r.vectorLength(subgraphs, 4);
        TensorValidator tensors = new TensorValidator(r, buffers, bufferCount);
        boolean[][] constant = new boolean[subgraphCount][];
        List<List<Integer>> calls = new ArrayList<>(subgraphCount);
        for (int s = 0; s < subgraphCount; s++) {
            List<Integer> called = new ArrayList<>(0);
            constant[s] = new SubgraphValidator(r, this, s, r.tableElement(subgraphs, s)).check(tensors, called);
            calls.add(called);
        }
        new SignatureValidator(r, subgraphCount, constant).check(r.vectorField(model, SIGNATURE_DEFS));
        checkMetadata(model, bufferCount);
        checkNoRecursion(calls);
    }

    private void readOperatorCodes(long model) {
        long codes = r.vectorField(model, OPERATOR_CODES);
        int n = codes < 0 ? 0 : r.vectorLength(codes, 4);
        builtinCodes = new int[n];
        for (int i = 0; i < n; i++) {
            long code = r.tableElement(codes, i);
            // Old files only have the byte field; newer ones put 127 there and the real code in builtin_code.
            builtinCodes[i] =
                    Math.max(r.byteField(code, DEPRECATED_BUILTIN_CODE, 0), r.intField(code, BUILTIN_CODE, 0));
        }
    }

    private void checkMetadata(long model, int bufferCount) {
        long metadata = r.vectorField(model, METADATA);
        int n = metadata < 0 ? 0 : r.vectorLength(metadata, 4);
        for (int i = 0; i < n; i++) {
            long m = r.tableElement(metadata, i);
            if (r.field(m, METADATA_NAME) < 0) { // TFLite reads every name when it loads the model
                throw new Refused("metadata " + i + " has no name");
            }
            long buffer = r.uintField(m, METADATA_BUFFER, 0);
            if (buffer >= bufferCount) {
                throw new Refused("metadata " + i + " ('" + r.stringField(m, METADATA_NAME) + "'): buffer " + buffer
                        + " does not exist (the model has " + bufferCount + " buffers)");
            }
        }
    }

    /** TFLite has no recursion: a subgraph that calls itself, directly or not, would overflow the native stack. */
    private static void checkNoRecursion(List<List<Integer>> calls) {
        int n = calls.size();
        byte[] state = new byte[n]; // 0 unvisited, 1 on the current path, 2 done
        int[] path = new int[n]; // depth-first, without recursion: a crafted chain may be long
        int[] next = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            int depth = 0;
            path[0] = root;
            next[0] = 0;
            state[root] = 1;
            while (depth >= 0) {
                int s = path[depth];
                List<Integer> callees = calls.get(s);
                if (next[depth] == callees.size()) {
                    state[s] = 2;
                    depth--;
                    continue;
                }
                int callee = callees.get(next[depth]++);
                if (state[callee] == 1) {
                    StringBuilder cycle = new StringBuilder();
                    for (int i = 0; i <= depth; i++) {
                        if (cycle.length() > 0 || path[i] == callee) {
                            cycle.append(path[i]).append(" -> ");
                        }
                    }
                    throw new Refused("subgraph " + callee + " calls itself (subgraphs " + cycle + callee + ")");
                }
                if (state[callee] == 0) {
                    state[callee] = 1;
                    depth++;
                    path[depth] = callee;
                    next[depth] = 0;
                }
            }
        }
    }
}
