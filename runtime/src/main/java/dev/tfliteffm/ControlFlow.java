package dev.tfliteffm;

import java.util.List;

/**
 * What the validator knows of control-flow operators: which may leave outputs out, and which option tables name
 * the subgraphs they call ({@code union BuiltinOptions} and {@code union BuiltinOptions2} of schema.fbs).
 */
final class ControlFlow {

    // enum BuiltinOperator: the kernels that skip an output index of -1 (kTfLiteOptionalTensor).
    private static final int IF = 118;
    private static final int WHILE = 119;
    private static final int STABLEHLO_COMPOSITE = 206;
    private static final int STABLEHLO_CASE = 209;

    // union BuiltinOptions member -> the fields of that table that are subgraph indices (all int or uint).
    private static final int CALL_OPTIONS = 16; // subgraph
    private static final int IF_OPTIONS = 92; // then_subgraph_index, else_subgraph_index
    private static final int WHILE_OPTIONS = 93; // cond_subgraph_index, body_subgraph_index
    private static final int CALL_ONCE_OPTIONS = 103; // init_subgraph_index

    // union BuiltinOptions2 members.
    private static final int STABLEHLO_REDUCE = 6; // body_subgraph_index: field 1
    private static final int STABLEHLO_SCATTER = 7; // update_computation_subgraph_index: field 6
    private static final int STABLEHLO_REDUCE_WINDOW = 13; // body_subgraph_index: field 5
    private static final int STABLEHLO_SORT = 14; // comparator_subgraph_index: field 2
    private static final int STABLEHLO_WHILE = 15; // cond_subgraph_index, body_subgraph_index
    private static final int STABLEHLO_COMPOSITE_OPTIONS = 21; // decomposition_subgraph_index: field 1
    private static final int STABLEHLO_CASE_OPTIONS = 23; // branch_subgraph_indices: [int], field 0

    private ControlFlow() {}

    /** Whether operators with this builtin code may give -1 as an output index. */
    static boolean allowsOptionalOutputs(int builtin) {
        return builtin == IF || builtin == WHILE || builtin == STABLEHLO_COMPOSITE || builtin == STABLEHLO_CASE;
    }

    /**
     * Adds the subgraphs that an operator's options table calls to {@code out}.
     *
     * @param type    the union's type byte
     * @param options the options table, or -1
     * @param second  whether it is {@code builtin_options_2} rather than {@code builtin_options}
     */
    static void calledSubgraphs(FlatBufferReader r, int type, long options, boolean second, List<Integer> out) {
        if (options < 0) {
            return;
        }
        int[] fields = second ? fieldsOfOptions2(type & 0xFF) : fieldsOfOptions(type & 0xFF);
        for (int field : fields) {
            out.add(r.intField(options, field, 0)); // absent is the default, 0: the kernel calls subgraph 0
        }
        if (second && (type & 0xFF) == STABLEHLO_CASE_OPTIONS) {
            long v = r.vectorField(options, 0);
            int n = v < 0 ? 0 : r.vectorLength(v, 4);
            for (int i = 0; i < n; i++) {
                out.add(r.intElement(v, i));
            }
        }
    }

    private static final int[] NONE = {};
    private static final int[] FIRST = {0};
    private static final int[] FIRST_TWO = {0, 1};
    private static final int[] SECOND = {1};

    private static int[] fieldsOfOptions(int type) {
        return switch (type) {
            case CALL_OPTIONS, CALL_ONCE_OPTIONS -> FIRST;
            case IF_OPTIONS, WHILE_OPTIONS -> FIRST_TWO;
            default -> NONE;
        };
    }

    private static int[] fieldsOfOptions2(int type) {
        return switch (type) {
            case STABLEHLO_REDUCE, STABLEHLO_COMPOSITE_OPTIONS -> SECOND;
            case STABLEHLO_SCATTER -> new int[] {6};
            case STABLEHLO_REDUCE_WINDOW -> new int[] {5};
            case STABLEHLO_SORT -> new int[] {2};
            case STABLEHLO_WHILE -> FIRST_TWO;
            default -> NONE;
        };
    }
}
