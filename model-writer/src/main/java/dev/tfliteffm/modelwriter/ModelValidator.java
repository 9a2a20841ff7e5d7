package dev.tfliteffm.modelwriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Finds what would make TFLite refuse, or silently misread, a model being built. Each problem is one sentence
 * naming the subgraph, operator, tensor, signature or buffer concerned and what was expected.
 */
final class ModelValidator {

    private final ModelBuilder model;
    private final List<String> problems = new ArrayList<>();

    ModelValidator(ModelBuilder model) {
        this.model = model;
    }

    List<String> problems() {
        if (model.subgraphs().isEmpty()) {
            problems.add("the model has no subgraph; add one with ModelBuilder.subgraph(name)");
        }
        for (SubgraphBuilder g : model.subgraphs()) {
            checkSubgraph(g);
        }
        checkSignatures();
        Set<String> metadataNames = new HashSet<>();
        for (String name : model.metadataNames()) {
            if (!metadataNames.add(name)) {
                problems.add("metadata '" + name + "' is added twice; metadata names must be unique");
            }
        }
        return problems;
    }

    private void checkSubgraph(SubgraphBuilder g) {
        Map<String, TensorRef> byName = new HashMap<>();
        for (TensorRef t : g.tensors()) {
            TensorRef same = byName.putIfAbsent(t.name(), t);
            if (same != null) {
                problems.add(g + ": tensors #" + same.index() + " and #" + t.index() + " are both named '" + t.name()
                        + "'; tensor names must be unique within a subgraph so that signatures can name them");
            }
            checkTensor(g, t);
        }
        Set<Integer> available = new HashSet<>();
        for (TensorRef t : g.inputs()) {
            if (belongs(g, t, "its input list")) {
                if (!available.add(t.index())) {
                    problems.add(g + ": input " + t.describe() + " is listed twice among the subgraph's inputs");
                }
                if (t.isConstant()) {
                    problems.add(g + ": input " + t.describe() + " is a constant; inputs are filled by the caller");
                }
            }
        }
        for (TensorRef t : g.tensors()) {
            if (t.isConstant() || t.isVariable()) {
                available.add(t.index());
            }
        }
        Set<Integer> written = new HashSet<>();
        for (OperatorRef op : g.operators()) {
            checkOperatorCode(op);
            int[] ins = resolve(g, op, true);
            int[] outs = resolve(g, op, false);
            if (ins == null || outs == null) {
                continue;
            }
            for (int i = 0; i < ins.length; i++) {
                if (ins[i] >= 0 && !available.contains(ins[i])) {
                    problems.add(op + " reads " + g.tensors().get(ins[i]).describe() + " (input " + i
                            + ") before any operator writes it; it must be a subgraph input, a constant, a variable, "
                            + "or the output of an earlier operator");
                }
            }
            for (int i = 0; i < outs.length; i++) {
                TensorRef t = outs[i] >= 0 ? g.tensors().get(outs[i]) : null;
                if (t == null) {
                    problems.add(op + " output " + i + " is -1; only inputs may be omitted");
                } else if (t.isConstant()) {
                    problems.add(op + " writes the constant " + t.describe() + " (output " + i + ")");
                } else if (g.inputs().contains(t)) {
                    problems.add(op + " writes the subgraph input " + t.describe() + " (output " + i + ")");
                } else if (!written.add(outs[i])) {
                    problems.add(op + " writes " + t.describe() + ", which an earlier operator already writes");
                }
                if (t != null) {
                    available.add(outs[i]);
                }
            }
        }
        for (TensorRef t : g.outputs()) {
            if (belongs(g, t, "its output list") && !available.contains(t.index())) {
                problems.add(g + ": output " + t.describe() + " is never written by an operator, and is not an input"
                        + " or a constant");
            }
        }
    }

    private void checkTensor(SubgraphBuilder g, TensorRef t) {
        String where = g + ": tensor " + t.describe();
        int[] dims = t.shapeSignature();
        for (int d : dims) {
            if (d < -1 || (d == 0 && t.isConstant())) {
                problems.add(where + " has dimension " + d + "; dimensions are sizes ≥ 0, or -1 when unknown");
                return;
            }
        }
        if (t.isVariable() && t.isConstant()) {
            problems.add(where + " is a variable with initial data, which TFLite does not support");
        }
        if (t.isConstant()) {
            if (t.isDynamic()) {
                problems.add(where + " is a constant with an unknown (-1) dimension; constants need a static shape");
                return;
            }
            checkConstantData(where, t);
        }
        Quantization q = t.quantization();
        if (q != null) {
            checkQuantization(where, t, q);
        }
    }

    private void checkConstantData(String where, TensorRef t) {
        long elements = 1;
        for (int d : t.shapeSignature()) {
            elements *= d;
        }
        byte[] data = t.data();
        switch (t.type()) {
            case STRING -> {
                String layout = StringTensors.layoutProblem(data);
                if (layout != null) {
                    problems.add(where + " has a buffer that is not a TFLite string buffer: " + layout);
                } else if (StringTensors.count(data) != elements) {
                    problems.add(where + " needs " + elements + " strings but its buffer holds "
                            + StringTensors.count(data));
                }
            }
            case RESOURCE, VARIANT ->
                problems.add(where + " is a constant of type " + t.type() + ", which has no data to store");
            default -> {
                long expected = t.type().bufferBytes(elements);
                if (data.length != expected) {
                    problems.add(where + " needs a buffer of " + expected + " bytes (" + elements + " × " + t.type()
                            + ") but its buffer has " + data.length + " bytes");
                }
            }
        }
    }

    private void checkQuantization(String where, TensorRef t, Quantization q) {
        float[] scales = q.scales();
        long[] zeroPoints = q.zeroPoints();
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            problems.add(where + " has " + scales.length + " quantization scales and " + zeroPoints.length
                    + " zero points; TFLite needs as many of each, at least one");
            return;
        }
        for (float s : scales) {
            if (!(s > 0f) || Float.isInfinite(s)) {
                problems.add(where + " has quantization scale " + s + "; scales must be finite and > 0");
                return;
            }
        }
        if (q.isPerChannel()) {
            int[] dims = t.shapeSignature();
            if (q.axis() < 0 || q.axis() >= dims.length) {
                problems.add(where + " is quantized along axis " + q.axis() + ", outside its " + dims.length
                        + " dimensions");
            } else if (dims[q.axis()] != scales.length) {
                problems.add(where + " has " + scales.length + " per-channel scales but dimension " + q.axis()
                        + " (the quantized axis) has size " + dims[q.axis()]);
            }
        }
    }

    private void checkOperatorCode(OperatorRef op) {
        if (op.builtinCode() == BuiltinOperator.CUSTOM) {
            if (op.customCode() == null || op.customCode().isEmpty()) {
                problems.add(op + " is CUSTOM without a custom code; add custom ops with SubgraphBuilder.customOp");
            }
        } else if (op.builtinCode() < 0 || op.builtinCode() > OpNames.LAST_KNOWN_BUILTIN) {
            problems.add(op + " has builtin operator code " + op.builtinCode() + ", outside the known codes 0.."
                    + OpNames.LAST_KNOWN_BUILTIN + " of org.tensorflow.lite.schema.BuiltinOperator");
        }
        if (op.version() < 1) {
            problems.add(op + " has version " + op.version() + "; operator versions start at 1");
        }
    }

    /** The operator's input or output indices, or null after reporting a reference outside the subgraph. */
    private int[] resolve(SubgraphBuilder g, OperatorRef op, boolean inputs) {
        String side = inputs ? "input" : "output";
        int[] raw = inputs ? op.rawInputs() : op.rawOutputs();
        int tensorCount = g.tensors().size();
        if (raw != null) {
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] >= tensorCount || raw[i] < -1 || (raw[i] == -1 && !inputs)) {
                    problems.add(
                            op + " " + side + " " + i + " is tensor index " + raw[i] + ", out of range: the subgraph "
                                    + "has " + tensorCount + " tensors (0.." + (tensorCount - 1) + ")"
                                    + (inputs ? ", or -1 for an omitted input" : ""));
                    return null;
                }
            }
            return raw;
        }
        List<TensorRef> refs = inputs ? op.inputRefs() : op.outputRefs();
        int[] indices = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            TensorRef t = refs.get(i);
            if (t == TensorRef.OMITTED) {
                indices[i] = -1;
            } else if (!belongs(g, t, op + " " + side + " " + i)) {
                return null;
            } else {
                indices[i] = t.index();
            }
        }
        return indices;
    }

    private boolean belongs(SubgraphBuilder g, TensorRef t, String usedBy) {
        if (t == null) {
            problems.add(g + ": " + usedBy + " is null");
            return false;
        }
        if (t == TensorRef.OMITTED) {
            problems.add(g + ": " + usedBy + " is the omitted-input marker, which only operator inputs may use");
            return false;
        }
        if (t.subgraph() != g) {
            problems.add(g + ": " + usedBy + " is tensor " + t + ", which belongs to another subgraph"
                    + (t.subgraph().model() != g.model() ? " of another model" : ""));
            return false;
        }
        return true;
    }

    private void checkSignatures() {
        Set<String> keys = new HashSet<>();
        for (SignatureBuilder s : model.signatures()) {
            String where = "signature '" + s.key() + "'";
            if (s.key() == null || s.key().isEmpty()) {
                problems.add("a signature has an empty key");
            } else if (!keys.add(s.key())) {
                problems.add(where + " is defined twice; signature keys must be unique");
            }
            SubgraphBuilder g = s.subgraph();
            if (g == null || !model.subgraphs().contains(g)) {
                problems.add(where + " runs " + (g == null ? "no subgraph" : g + " of another model"));
                continue;
            }
            checkEntries(where, g, s.inputEntries(), true);
            checkEntries(where, g, s.outputEntries(), false);
        }
    }

    private void checkEntries(String where, SubgraphBuilder g, List<SignatureBuilder.Entry> entries, boolean inputs) {
        String side = inputs ? "input" : "output";
        Set<String> aliases = new HashSet<>();
        Set<Integer> tensors = new HashSet<>();
        for (SignatureBuilder.Entry e : entries) {
            String entry = where + " " + side + " '" + e.alias() + "'";
            if (e.alias() == null || e.alias().isEmpty()) {
                problems.add(where + " has an " + side + " with an empty name");
            } else if (!aliases.add(e.alias())) {
                problems.add(entry + " is named twice; " + side + " names must be unique within a signature");
            }
            TensorRef t = resolveEntry(entry, g, e);
            if (t == null) {
                continue;
            }
            List<TensorRef> ends = inputs ? g.inputs() : g.outputs();
            if (!ends.contains(t)) {
                problems.add(entry + " maps to " + t.describe() + ", which is not one of the " + side + "s of " + g
                        + " " + describeList(ends));
            }
            if (!tensors.add(t.index())) {
                problems.add(entry + " maps to " + t.describe() + ", which another " + side + " of the signature "
                        + "already maps to");
            }
        }
    }

    private TensorRef resolveEntry(String entry, SubgraphBuilder g, SignatureBuilder.Entry e) {
        if (e.tensor() != null) {
            return belongs(g, e.tensor(), entry) ? e.tensor() : null;
        }
        TensorRef t = g.tensorNamed(e.tensorName());
        if (t == null) {
            List<String> names = g.tensors().stream().map(TensorRef::name).toList();
            problems.add(entry + " names tensor '" + e.tensorName() + "', which " + g + " does not have (its tensors: "
                    + (names.size() > 12 ? names.subList(0, 12) + "…" : names) + ")");
        }
        return t;
    }

    private static String describeList(List<TensorRef> tensors) {
        return Arrays.toString(tensors.stream().map(TensorRef::describe).toArray());
    }
}
