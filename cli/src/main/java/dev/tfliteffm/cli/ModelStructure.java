package dev.tfliteffm.cli;

import dev.tfliteffm.modelwriter.ModelInfo;
import dev.tfliteffm.modelwriter.ModelReader;
import dev.tfliteffm.modelwriter.OperatorInfo;
import dev.tfliteffm.modelwriter.SubgraphInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            throw new UncheckedIOException(e);
        }
        Map<String, Object> subgraphs = new LinkedHashMap<>();
        for (SubgraphInfo g : info.subgraphs()) {
            List<String> ops = new ArrayList<>();
            for (OperatorInfo op : g.operators()) {
                ops.add((op.isCustom() ? "CUSTOM " + op.customCode() : op.opName()) + " v" + op.version());
            }
            boolean unnamed = g.name() == null || g.name().isEmpty();
            String label = unnamed ? String.valueOf(g.index()) : g.index() + " " + g.name();
            subgraphs.put(label, ops);
        }
        return subgraphs;
    }

    /** Each custom op name the model uses (a Flex op's name included), with its version, in order of use. */
    static Map<String, Integer> customOps(Path model) {
        ModelInfo info;
        try {
            info = ModelReader.read(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> custom = new LinkedHashMap<>();
        for (SubgraphInfo g : info.subgraphs()) {
            for (OperatorInfo op : g.operators()) {
                if (op.isCustom()) {
                    custom.putIfAbsent(op.customCode(), op.version());
                }
            }
        }
        return custom;
    }
}
