package dev.tfliteffm.cli;

import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.OperatorInfo;
import dev.tfliteffm.modelwriter.SubgraphInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator lists of a model's subgraphs, read from its flatbuffer by the model writer's reader. */
final class ModelStructure {

    private ModelStructure() {}

    /** Subgraph label ({@code index} or {@code index name}) to its operators, as {@code NAME (tensors in -> out)}. */
    static Map<String, Object> operators(Path model) {
        ModelInfo info;
        try {
            info = ModelReader.read(model);
        } catch (IOException e) {
            throw Main.io(e);
        }
        Map<String, Object> subgraphs = new LinkedHashMap<>();
        for (SubgraphInfo g : info.subgraphs()) {
            List<String> ops = new ArrayList<>();
            for (OperatorInfo op : g.operators()) {
                ops.add((op.isCustom() ? "CUSTOM " + op.customCode() : op.opName()) + " v" + op.version());
            }
            subgraphs.put(
                    g.name() == null || g.name().isEmpty() ? String.valueOf(g.index()) : g.index() + " " + g.name(),
                    ops);
        }
        return subgraphs;
    }
}
