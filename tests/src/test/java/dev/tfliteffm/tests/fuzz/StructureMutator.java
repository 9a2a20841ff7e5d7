package dev.tfliteffm.tests.fuzz;

import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.tests.ModelEdits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Structure-aware mutations: unpacks a model with the schema's object API (tensorflow-lite-metadata's classes),
 * changes one field the way the crash classes of issue 12 did, and packs it again. Each method returns what it
 * changed, or {@code null} when the model has nothing to mutate that way.
 */
final class StructureMutator {

    private final ModelT m;
    private final Random r;

    private StructureMutator(ModelT m, Random r) {
        this.m = m;
        this.r = r;
    }

    /** A mutant of {@code seed} of {@code kind}, or {@code null} when the seed offers nothing for it. */
    static Mutant mutate(String name, byte[] seed, Mutant.Kind kind, Random r) {
        ModelT m = ModelT.deserializeFromBinary(seed);
        StructureMutator mutator = new StructureMutator(m, r);
        String change = switch (kind) {
            case IO_INDEX -> mutator.ioIndex();
            case OP_TENSOR_INDEX -> mutator.opTensorIndex();
            case OPCODE_INDEX -> mutator.opcodeIndex(false);
            case OPCODE_SWAP -> mutator.opcodeIndex(true);
            case BUFFER_INDEX -> mutator.bufferIndex();
            case QUANTIZATION -> mutator.quantization();
            case SHAPE_OVERFLOW -> mutator.shape(true);
            case SHAPE_CHANGE -> mutator.shape(false);
            case SIGNATURE -> mutator.signature();
            case DUPLICATE_NAME -> mutator.duplicateName();
            case CONSTANT_WRITE -> mutator.constantWrite();
            case TENSOR_SWAP -> mutator.tensorSwap();
            case TYPE_CHANGE -> mutator.typeChange();
            default -> throw new IllegalArgumentException(kind + " is not structural");
        };
        return change == null ? null : new Mutant(name, kind, change, ModelEdits.pack(m));
    }

    private String ioIndex() {
        SubGraphT g = subgraph();
        boolean outputs = r.nextBoolean();
        int[] io = outputs ? g.getOutputs() : g.getInputs();
        if (io.length == 0) {
            return null;
        }
        int j = r.nextInt(io.length);
        int t = g.getTensors().length;
        int before = io[j];
        io[j] = pick(-1, -1, t, t + 1 + r.nextInt(1000), Integer.MAX_VALUE, Integer.MIN_VALUE);
        return where(g) + (outputs ? "output " : "input ") + j + ": tensor " + before + " -> " + io[j];
    }

    private String opTensorIndex() {
        SubGraphT g = subgraph();
        OperatorT op = operator(g);
        if (op == null) {
            return null;
        }
        int side = r.nextInt(3);
        int[] v = side == 0 ? op.getInputs() : side == 1 ? op.getOutputs() : op.getIntermediates();
        if (v == null || v.length == 0) {
            v = op.getInputs();
            side = 0;
        }
        if (v.length == 0) {
            return null;
        }
        int j = r.nextInt(v.length);
        int t = g.getTensors().length;
        int before = v[j];
        v[j] = side == 1 ? pick(-1, t, t + 7, -2, Integer.MAX_VALUE) : pick(t, t + 7, -2, Integer.MIN_VALUE);
        return opWhere(g, op) + (side == 0 ? "input " : side == 1 ? "output " : "intermediate ") + j + ": tensor "
                + before + " -> " + v[j];
    }

    private String opcodeIndex(boolean existing) {
        SubGraphT g = subgraph();
        OperatorT op = operator(g);
        int codes = m.getOperatorCodes().length;
        if (op == null || (existing && codes < 2)) {
            return null;
        }
        long before = op.getOpcodeIndex();
        long after;
        if (existing) {
            do {
                after = r.nextInt(codes);
            } while (after == before);
        } else {
            after = pick(codes, codes + 3, 0xFFFF_FFFFL);
        }
        op.setOpcodeIndex(after);
        return opWhere(g, op) + "operator code " + before + " -> " + after;
    }

    private String bufferIndex() {
        SubGraphT g = subgraph();
        TensorT[] tensors = g.getTensors();
        if (tensors.length == 0) {
            return null;
        }
        int t = constantTensor(g, r.nextInt(4) != 0);
        TensorT tensor = tensors[t];
        BufferT[] buffers = m.getBuffers();
        long before = tensor.getBuffer();
        long after = -1;
        if (r.nextInt(4) != 0) { // another buffer with data of another size
            long needed = bytesOf(tensor);
            List<Integer> others = new ArrayList<>();
            for (int b = 1; b < buffers.length; b++) {
                int size = buffers[b].getData() == null ? 0 : buffers[b].getData().length;
                if (b != before && size > 0 && size != needed) {
                    others.add(b);
                }
            }
            if (!others.isEmpty()) {
                after = others.get(r.nextInt(others.size()));
            }
        }
        if (after < 0) {
            after = pick(buffers.length, buffers.length + 5L, 0xFFFF_FFFFL);
        }
        tensor.setBuffer(after);
        return where(g) + "tensor " + t + " (" + describe(tensor) + "): buffer " + before + " -> " + after;
    }

    private String quantization() {
        SubGraphT g = subgraph();
        List<Integer> quantized = new ArrayList<>();
        for (int t = 0; t < g.getTensors().length; t++) {
            QuantizationParametersT q = g.getTensors()[t].getQuantization();
            if (q != null && q.getScale() != null && q.getScale().length > 0) {
                quantized.add(t);
            }
        }
        if (quantized.isEmpty()) {
            return null;
        }
        int t = quantized.get(r.nextInt(quantized.size()));
        TensorT tensor = g.getTensors()[t];
        QuantizationParametersT q = tensor.getQuantization();
        int scales = q.getScale().length;
        int rank = tensor.getShape().length;
        String change;
        switch (r.nextInt(4)) {
            case 0 -> { // scale and zero point lengths both wrong for the quantized dimension
                int n = scales == 1 ? 2 + r.nextInt(64) : (r.nextBoolean() ? scales - 1 : scales + 1 + r.nextInt(8));
                q.setScale(Arrays.copyOf(q.getScale(), n));
                q.setZeroPoint(Arrays.copyOf(q.getZeroPoint(), n));
                change = "scale and zero point " + scales + " -> " + n + " values";
            }
            case 1 -> { // only the scales
                int n = scales + 1 + r.nextInt(8);
                q.setScale(Arrays.copyOf(q.getScale(), n));
                change = "scale " + scales + " -> " + n + " values (zero points stay " + q.getZeroPoint().length + ")";
            }
            case 2 -> { // only the zero points
                int n = Math.max(0, q.getZeroPoint().length - 1);
                q.setZeroPoint(Arrays.copyOf(q.getZeroPoint(), n));
                change = "zero point " + scales + " -> " + n + " values";
            }
            default -> {
                int before = q.getQuantizedDimension();
                q.setQuantizedDimension(pick(rank, rank + 2, -1, 1 << 20));
                change = "quantized_dimension " + before + " -> " + q.getQuantizedDimension();
            }
        }
        return where(g) + "tensor " + t + " (" + describe(tensor) + "): " + change;
    }

    private String shape(boolean overflow) {
        SubGraphT g = subgraph();
        List<Integer> ranked = new ArrayList<>();
        for (int t = 0; t < g.getTensors().length; t++) {
            if (g.getTensors()[t].getShape().length > 0) {
                ranked.add(t);
            }
        }
        if (ranked.isEmpty()) {
            return null;
        }
        int t = ranked.get(r.nextInt(ranked.size()));
        TensorT tensor = g.getTensors()[t];
        int[] shape = tensor.getShape();
        String before = describe(tensor);
        int d = r.nextInt(4) == 0 ? r.nextInt(shape.length) : 0; // mostly the first dimension, as in the issue
        long others = 1;
        for (int i = 0; i < shape.length; i++) {
            others *= i == d ? 1 : Math.max(1, shape[i]);
        }
        if (overflow) {
            long beyond = (Integer.MAX_VALUE / Math.max(1, others)) + 1 + r.nextInt(1000);
            shape[d] = r.nextInt(4) == 0 ? pick(-1, -2, Integer.MIN_VALUE) : (int) Math.min(beyond, Integer.MAX_VALUE);
            if (shape[d] > 0 && others * shape[d] <= Integer.MAX_VALUE) {
                shape[d] = -1;
            }
        } else {
            long limit = Math.max(1, (Integer.MAX_VALUE / 16) / others); // stays within int32 bytes
            int huge = (int) Math.min(limit, 1 << (10 + r.nextInt(14)));
            shape[d] = pick(shape[d] * 2, shape[d] + 1, Math.max(0, shape[d] - 1), huge, huge, 0);
        }
        return where(g) + "tensor " + t + ": " + before + " -> " + describe(tensor);
    }

    private String signature() {
        SignatureDefT[] defs = m.getSignatureDefs();
        if (defs == null || defs.length == 0) {
            return null;
        }
        SignatureDefT def = defs[r.nextInt(defs.length)];
        String where = "signature '" + def.getSignatureKey() + "': ";
        int choice = r.nextInt(3);
        if (choice == 0) {
            long before = def.getSubgraphIndex();
            def.setSubgraphIndex(pick(m.getSubgraphs().length, m.getSubgraphs().length + 1L, 0xFFFF_FFFFL));
            return where + "subgraph " + before + " -> " + def.getSubgraphIndex();
        }
        boolean outputs = r.nextBoolean();
        TensorMapT[] maps = outputs ? def.getOutputs() : def.getInputs();
        if (maps.length == 0) {
            return null;
        }
        TensorMapT map = maps[r.nextInt(maps.length)];
        if (choice == 1 || maps.length < 2) {
            int tensors = m.getSubgraphs()[(int) def.getSubgraphIndex()].getTensors().length;
            long before = map.getTensorIndex();
            map.setTensorIndex(pick(tensors, tensors + 9L, 0xFFFF_FFFFL, 0x8000_0000L));
            return where + (outputs ? "output '" : "input '") + map.getName() + "': tensor " + before + " -> "
                    + map.getTensorIndex();
        }
        TensorMapT other = maps[r.nextInt(maps.length)];
        String before = map.getName();
        map.setName(other.getName());
        return where + (outputs ? "output '" : "input '") + before + "' renamed '" + other.getName() + "'";
    }

    private String duplicateName() {
        SubGraphT g = subgraph();
        boolean outputs = r.nextBoolean();
        int[] io = outputs ? g.getOutputs() : g.getInputs();
        if (io.length < 2) {
            io = outputs ? g.getInputs() : g.getOutputs();
            outputs = !outputs;
        }
        if (io.length < 2) {
            return null;
        }
        int a = r.nextInt(io.length);
        int b = (a + 1 + r.nextInt(io.length - 1)) % io.length;
        TensorT renamed = g.getTensors()[io[a]];
        String before = renamed.getName();
        renamed.setName(g.getTensors()[io[b]].getName());
        return where(g) + (outputs ? "output " : "input ") + a + ": tensor " + io[a] + " renamed '" + before + "' -> '"
                + renamed.getName() + "'";
    }

    private String constantWrite() {
        SubGraphT g = subgraph();
        int constant = constantTensor(g, true);
        if (constant < 0 || !hasData(g.getTensors()[constant])) {
            return null;
        }
        if (r.nextBoolean() && g.getInputs().length > 0) {
            int j = r.nextInt(g.getInputs().length);
            int before = g.getInputs()[j];
            g.getInputs()[j] = constant;
            return where(g) + "input " + j + ": tensor " + before + " -> constant tensor " + constant;
        }
        OperatorT op = operator(g);
        if (op == null || op.getOutputs().length == 0) {
            return null;
        }
        int j = r.nextInt(op.getOutputs().length);
        int before = op.getOutputs()[j];
        op.getOutputs()[j] = constant;
        return opWhere(g, op) + "output " + j + ": tensor " + before + " -> constant tensor " + constant;
    }

    private String tensorSwap() {
        SubGraphT g = subgraph();
        OperatorT op = operator(g);
        if (op == null) {
            return null;
        }
        boolean outputs = r.nextInt(4) == 0;
        int[] v = outputs ? op.getOutputs() : op.getInputs();
        if (v.length == 0) {
            return null;
        }
        int j = r.nextInt(v.length);
        TensorT[] tensors = g.getTensors();
        List<Integer> different = new ArrayList<>();
        for (int t = 0; t < tensors.length; t++) {
            boolean usable = !outputs || !hasData(tensors[t]); // a constant output is CONSTANT_WRITE's case
            if (usable && v[j] >= 0 && !describe(tensors[t]).equals(describe(tensors[v[j]]))) {
                different.add(t);
            }
        }
        if (different.isEmpty()) {
            return null;
        }
        int before = v[j];
        v[j] = different.get(r.nextInt(different.size()));
        return opWhere(g, op) + (outputs ? "output " : "input ") + j + ": tensor " + before + " ("
                + describe(tensors[before]) + ") -> " + v[j] + " (" + describe(tensors[v[j]]) + ")";
    }

    private String typeChange() {
        SubGraphT g = subgraph();
        TensorT[] tensors = g.getTensors();
        if (tensors.length == 0) {
            return null;
        }
        int t = r.nextInt(tensors.length);
        String before = describe(tensors[t]);
        byte type;
        do {
            type = (byte) r.nextInt(19);
        } while (type == tensors[t].getType());
        tensors[t].setType(type);
        return where(g) + "tensor " + t + ": " + before + " -> " + describe(tensors[t]);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private SubGraphT subgraph() {
        SubGraphT[] subgraphs = m.getSubgraphs();
        return subgraphs[r.nextInt(subgraphs.length)];
    }

    private OperatorT operator(SubGraphT g) {
        OperatorT[] ops = g.getOperators();
        return ops.length == 0 ? null : ops[r.nextInt(ops.length)];
    }

    /** A tensor with constant data if {@code constant} and there is one, else any tensor; -1 if none. */
    private int constantTensor(SubGraphT g, boolean constant) {
        TensorT[] tensors = g.getTensors();
        if (tensors.length == 0) {
            return -1;
        }
        List<Integer> withData = new ArrayList<>();
        for (int t = 0; t < tensors.length; t++) {
            if (hasData(tensors[t])) {
                withData.add(t);
            }
        }
        return constant && !withData.isEmpty() ? withData.get(r.nextInt(withData.size())) : r.nextInt(tensors.length);
    }

    private boolean hasData(TensorT t) {
        long b = t.getBuffer();
        BufferT[] buffers = m.getBuffers();
        return b > 0
                && b < buffers.length
                && buffers[(int) b].getData() != null
                && buffers[(int) b].getData().length > 0;
    }

    private static long bytesOf(TensorT t) {
        long n = 1;
        for (int d : t.getShape()) {
            n *= d;
        }
        try {
            return TensorType.fromSchemaCode(t.getType()).bufferBytes(n);
        } catch (IllegalArgumentException | IllegalStateException noFixedSize) {
            return -1;
        }
    }

    private static String describe(TensorT t) {
        String type;
        try {
            type = TensorType.fromSchemaCode(t.getType()).name().toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException unknown) {
            type = "type " + t.getType();
        }
        return type + Arrays.toString(t.getShape()).replace(" ", "");
    }

    private String where(SubGraphT g) {
        return "subgraph " + Arrays.asList(m.getSubgraphs()).indexOf(g) + ", ";
    }

    private String opWhere(SubGraphT g, OperatorT op) {
        return where(g) + "operator " + Arrays.asList(g.getOperators()).indexOf(op) + ", ";
    }

    private int pick(int... values) {
        return values[r.nextInt(values.length)];
    }

    private long pick(long... values) {
        return values[r.nextInt(values.length)];
    }
}
