package dev.tfliteffm.modelwriter;

import java.util.Map;

/**
 * One SignatureDef of a {@code .tflite} file.
 *
 * @param key           the signature key, e.g. {@code serving_default}
 * @param subgraphIndex the subgraph the signature runs
 * @param inputs        input names (aliases) → tensor indices in that subgraph, in file order
 * @param outputs       output names (aliases) → tensor indices in that subgraph, in file order
 */
public record SignatureInfo(String key, int subgraphIndex, Map<String, Integer> inputs, Map<String, Integer> outputs) {}
