package dev.tfliteffm;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of one subgraph table ({@code table SubGraph} in schema.fbs): its tensors (by
 * {@link TensorValidator}), its inputs and outputs, and its operators' operator codes, tensor indices and the
 * subgraphs their options call. Part of {@link ModelValidator}.
 */
final class SubgraphValidator {

    // table SubGraph
    private static final int TENSORS = 0;
    private static final int INPUTS = 1;
    private static final int OUTPUTS = 2;
    private static final int OPERATORS = 3;
    // table Tensor
    private static final int TENSOR_NAME = 3;
    // table Operator
    private static final int OPCODE_INDEX = 0;
    private static final int OP_INPUTS = 1;
    private static final int OP_OUTPUTS = 2;
    private static final int OPTIONS_TYPE = 3;
    private static final int OPTIONS = 4;
    private static final int INTERMEDIATES = 8;
    private static final int OPTIONS_2_TYPE = 11;
    private static final int OPTIONS_2 = 12;

    /** TFLite's {@code kTfLiteOptionalTensor}: an operator input that is left out. */
    private static final int OPTIONAL = -1;

    private final FlatBufferReader r;
    private final ModelValidator model;
    private final int s;
    private final long subgraph;
    private int tensorCount;
    private long tensors;
    private boolean[] constant;
    private int[] producer; // the operator that computes each tensor, or -1

    SubgraphValidator(FlatBufferReader r, ModelValidator model, int s, long subgraph) {
        this.r = r;
        this.model = model;
        this.s = s;
        this.subgraph = subgraph;
    }

    /**
     * Checks the subgraph.
     *
     * @param calls receives the indices of the subgraphs its operators call
     * @return for each tensor, whether it has constant data
     */
    boolean[] check(TensorValidator tensorValidator, List<Integer> calls) {
        tensors = r.vectorField(subgraph, TENSORS);
        tensorCount = tensors < 0 ? 0 : r.vectorLength(tensors, 4);
        constant = new boolean[tensorCount];
        for (int t = 0; t < tensorCount; t++) {
            constant[t] = tensorValidator.check(s, t, r.tableElement(tensors, t));
        }
        checkInputsOrOutputs("input", INPUTS);
        checkInputsOrOutputs("output", OUTPUTS);
        long operators = r.vectorField(subgraph, OPERATORS);
        int count = operators < 0 ? 0 : r.vectorLength(operators, 4);
        producer = new int[tensorCount];
        Arrays.fill(producer, -1);
        for (int o = 0; o < count; o++) {
            checkOperator(o, r.tableElement(operators, o), calls);
        }
        for (int o = 0; o < count; o++) {
            checkOrder(o, r.tableElement(operators, o));
        }
        return constant;
    }

    /**
     * TFLite runs operators in their order: one that reads a tensor a later operator (or itself) computes reads it
     * uninitialized, and the graph partitioning of delegates faults on such cycles.
     */
    private void checkOrder(int o, long op) {
        long v = r.vectorField(op, OP_INPUTS);
        int n = v < 0 ? 0 : r.vectorLength(v, 4);
        for (int i = 0; i < n; i++) {
            int t = r.intElement(v, i);
            if (t != OPTIONAL && producer[t] >= o) {
                throw refusedAt(
                        o,
                        "input " + i + ": tensor " + t + " is computed by operator " + producer[t]
                                + (producer[t] == o ? " itself" : ", which runs later"));
            }
        }
    }

    private void checkInputsOrOutputs(String side, int field) {
        long v = r.vectorField(subgraph, field);
        int n = v < 0 ? 0 : r.vectorLength(v, 4);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int t = r.intElement(v, i);
            if (t < 0 || t >= tensorCount) {
                throw refusedAt(
                        side, i, "tensor " + t + " does not exist (the subgraph has " + tensorCount + " tensors)");
            }
            if (field == INPUTS && constant[t]) {
                throw refusedAt(
                        side,
                        i,
                        "tensor " + t + " has constant data, which TFLite maps read-only: writing "
                                + "the input would fault");
            }
            String name = r.stringField(r.tableElement(tensors, t), TENSOR_NAME);
            if (name != null && !names.add(name)) { // the C API keys inputs and outputs by name
                throw refusedAt(side, i, "tensor " + t + " is named '" + name + "' as another " + side + " is");
            }
        }
    }

    private ModelValidator.Refused refusedAt(String side, int i, String problem) {
        return new ModelValidator.Refused("subgraph " + s + ", " + side + " " + i + ": " + problem);
    }

    private void checkOperator(int o, long op, List<Integer> calls) {
        long opcode = r.uintField(op, OPCODE_INDEX, 0);
        int[] builtins = model.builtinCodes();
        if (opcode >= builtins.length) {
            throw refusedAt(o, "operator code " + opcode + " does not exist (the model has " + builtins.length + ")");
        }
        int builtin = builtins[(int) opcode];
        checkIndices(o, op, OP_INPUTS, "input", true);
        checkIndices(o, op, OP_OUTPUTS, "output", ControlFlow.allowsOptionalOutputs(builtin));
        checkIndices(o, op, INTERMEDIATES, "intermediate", true);
        int before = calls.size();
        ControlFlow.calledSubgraphs(r, r.byteField(op, OPTIONS_TYPE, 0), r.tableField(op, OPTIONS), false, calls);
        ControlFlow.calledSubgraphs(r, r.byteField(op, OPTIONS_2_TYPE, 0), r.tableField(op, OPTIONS_2), true, calls);
        for (int i = before; i < calls.size(); i++) {
            int callee = calls.get(i);
            if (callee < 0 || callee >= model.subgraphCount()) {
                throw refusedAt(
                        o,
                        "its options call subgraph " + callee + ", which does not exist (the model has "
                                + model.subgraphCount() + ")");
            }
        }
    }

    private void checkIndices(int o, long op, int field, String side, boolean optionalAllowed) {
        long v = r.vectorField(op, field);
        int n = v < 0 ? 0 : r.vectorLength(v, 4);
        for (int i = 0; i < n; i++) {
            int t = r.intElement(v, i);
            if (t == OPTIONAL && optionalAllowed) {
                continue;
            }
            if (t < 0 || t >= tensorCount) {
                throw refusedAt(
                        o,
                        side + " " + i + ": tensor " + t + " does not exist (the subgraph has " + tensorCount
                                + " tensors)");
            }
            if (field == OP_OUTPUTS) {
                if (constant[t]) {
                    throw refusedAt(
                            o,
                            "output " + i + ": tensor " + t + " has constant data, which TFLite maps "
                                    + "read-only: the operator would write into it");
                }
                if (producer[t] >= 0) {
                    throw refusedAt(
                            o, "output " + i + ": tensor " + t + " is computed by operator " + producer[t] + " too");
                }
                producer[t] = o;
            }
        }
    }

    private ModelValidator.Refused refusedAt(int o, String problem) {
        return new ModelValidator.Refused("subgraph " + s + ", operator " + o + ": " + problem);
    }
}
