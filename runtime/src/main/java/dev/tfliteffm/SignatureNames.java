package dev.tfliteffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before the runtime reads a runner's names from TFLite, that TFLite can give them: the C API counts a
 * runner's inputs and outputs from its subgraph but keeps one name per distinct signature name, so a model that
 * names two outputs alike made {@code TfLiteSignatureRunnerGetOutputName} read past the end of its list (a
 * garbage name, or a crash). The names are read from the model's flatbuffer (which TFLite has verified) with the
 * few lines of FlatBuffers decoding below.
 */
final class SignatureNames {

    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    // Field numbers in TFLite's schema.fbs.
    private static final int MODEL_SIGNATURE_DEFS = 7;
    private static final int SIGNATURE_INPUTS = 0;
    private static final int SIGNATURE_OUTPUTS = 1;
    private static final int SIGNATURE_KEY = 2;
    private static final int TENSOR_MAP_NAME = 0;

    private final MemorySegment bytes;

    private SignatureNames(MemorySegment bytes) {
        this.bytes = bytes;
    }

    /**
     * Refuses a model whose SignatureDef {@code key} does not give one distinct name to each input and output of
     * {@code runner}'s subgraph.
     *
     * @throws TfLiteException with status INVALID_MODEL, saying which names
     */
    static void check(MemorySegment model, String description, String key, MemorySegment runner) {
        List<String>[] names = new SignatureNames(model).signatures().get(key);
        if (names == null) {
            throw invalid(description, "TFLite reports a signature '" + key + "' that the model does not define");
        }
        checkDistinct(description, "signature '" + key + "'", "inputs", names[0], (int)
                CApi.SIGNATURE_RUNNER_GET_INPUT_COUNT.call(runner.address()));
        checkDistinct(description, "signature '" + key + "'", "outputs", names[1], (int)
                CApi.SIGNATURE_RUNNER_GET_OUTPUT_COUNT.call(runner.address()));
    }

    /**
     * Refuses a model without SignatureDefs whose primary subgraph's inputs or outputs do not have distinct
     * tensor names: TFLite's placeholder signature names them after their tensors.
     */
    static void checkPlaceholder(MemorySegment interpreter, String description) {
        long address = interpreter.address();
        List<String> inputs = new ArrayList<>();
        for (int i = 0, n = CApi.asInt(CApi.INTERPRETER_GET_INPUT_TENSOR_COUNT.call(address)); i < n; i++) {
            inputs.add(tensorName(CApi.INTERPRETER_GET_INPUT_TENSOR.call(address, i)));
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0, n = CApi.asInt(CApi.INTERPRETER_GET_OUTPUT_TENSOR_COUNT.call(address)); i < n; i++) {
            outputs.add(tensorName(CApi.INTERPRETER_GET_OUTPUT_TENSOR.call(address, i)));
        }
        String what = "the default signature (named after the primary subgraph's tensors)";
        checkDistinct(description, what, "inputs", inputs, inputs.size());
        checkDistinct(description, what, "outputs", outputs, outputs.size());
    }

    private static String tensorName(long tensor) {
        MemorySegment name = CApi.asPointer(tensor == 0 ? 0 : CApi.TENSOR_NAME.call(tensor));
        return name.equals(MemorySegment.NULL)
                ? null
                : name.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    private static void checkDistinct(String description, String what, String side, List<String> names, int count) {
        if (names.contains(null) || new HashSet<>(names).size() != names.size() || names.size() != count) {
            throw invalid(
                    description,
                    what + " names its " + side + " " + names + ", but TFLite needs one distinct name for each of its "
                            + count + " " + side);
        }
    }

    private static TfLiteException invalid(String description, String problem) {
        return new TfLiteException(
                TfLiteException.Status.INVALID_MODEL, "the " + description + " cannot be run: " + problem);
    }

    // ---- FlatBuffers: tables with vtables, offsets relative to where they are stored ---------------------

    /** Each SignatureDef's input names and output names (as written, duplicates kept), by key. */
    private Map<String, List<String>[]> signatures() {
        Map<String, List<String>[]> out = new LinkedHashMap<>();
        int model = bytes.get(U32, 0);
        int defs = field(model, MODEL_SIGNATURE_DEFS);
        if (defs == 0) {
            return out;
        }
        int vector = indirect(defs);
        for (int i = 0, n = bytes.get(U32, vector); i < n; i++) {
            int def = indirect(vector + 4 + 4 * i);
            int key = field(def, SIGNATURE_KEY);
            @SuppressWarnings("unchecked")
            List<String>[] names =
                    new List[] {tensorMapNames(def, SIGNATURE_INPUTS), tensorMapNames(def, SIGNATURE_OUTPUTS)};
            out.putIfAbsent(key == 0 ? "" : string(indirect(key)), names);
        }
        return out;
    }

    private List<String> tensorMapNames(int table, int id) {
        List<String> names = new ArrayList<>();
        int maps = field(table, id);
        if (maps == 0) {
            return names;
        }
        int vector = indirect(maps);
        for (int i = 0, n = bytes.get(U32, vector); i < n; i++) {
            int map = indirect(vector + 4 + 4 * i);
            int name = field(map, TENSOR_MAP_NAME);
            names.add(name == 0 ? null : string(indirect(name)));
        }
        return names;
    }

    /** Where field {@code id} of the table at {@code table} is stored, or 0 if it is absent. */
    private int field(int table, int id) {
        int vtable = table - bytes.get(U32, table);
        int vtableSize = Short.toUnsignedInt(bytes.get(U16, vtable));
        int entry = 4 + 2 * id;
        int offset = entry < vtableSize ? Short.toUnsignedInt(bytes.get(U16, vtable + entry)) : 0;
        return offset == 0 ? 0 : table + offset;
    }

    /** What the offset stored at {@code position} points to. */
    private int indirect(int position) {
        return position + bytes.get(U32, position);
    }

    private String string(int position) {
        int length = bytes.get(U32, position);
        return new String(bytes.asSlice(position + 4, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** The input or output names TFLite's runner {@code runner} gives, interned (a literal key is the same object). */
    static List<String> of(MemorySegment runner, boolean inputs) {
        int n = (int) (inputs ? CApi.SIGNATURE_RUNNER_GET_INPUT_COUNT : CApi.SIGNATURE_RUNNER_GET_OUTPUT_COUNT)
                .call(runner.address());
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MemorySegment name = CApi.asPointer(
                    (inputs ? CApi.SIGNATURE_RUNNER_GET_INPUT_NAME : CApi.SIGNATURE_RUNNER_GET_OUTPUT_NAME)
                            .call(runner.address(), i));
            names.add(name.reinterpret(Integer.MAX_VALUE).getString(0).intern()); // literal keys: same object
        }
        return List.copyOf(names);
    }

    /** Whether runners {@code a} and {@code b} take the same input tensors under the same names. */
    static boolean sameInputs(MemorySegment a, MemorySegment b) {
        long n = CApi.SIGNATURE_RUNNER_GET_INPUT_COUNT.call(a.address());
        if (n != CApi.SIGNATURE_RUNNER_GET_INPUT_COUNT.call(b.address())) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            long name = CApi.SIGNATURE_RUNNER_GET_INPUT_NAME.call(a.address(), i);
            if (CApi.SIGNATURE_RUNNER_GET_INPUT_TENSOR.call(a.address(), name)
                    != CApi.SIGNATURE_RUNNER_GET_INPUT_TENSOR.call(b.address(), name)) {
                return false;
            }
        }
        return true;
    }
}
