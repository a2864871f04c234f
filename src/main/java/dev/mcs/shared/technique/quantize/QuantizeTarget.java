package dev.mcs.shared.technique.quantize;


/**
 * What the {@code auto} quantization method must preserve; exactly one field is set.
 *
 * @param minCosine smallest acceptable mean cosine similarity of outputs vs the float model
 * @param maxAccuracyDrop largest acceptable drop of top-1 accuracy (needs a labelled dataset)
 */
public record QuantizeTarget(Double minCosine, Double maxAccuracyDrop) {}
