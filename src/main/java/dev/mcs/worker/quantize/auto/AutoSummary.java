package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.smoothquant.SmoothedBase;
import java.util.List;

/**
 * What the {@code auto} method chose and what it cost.
 *
 * @param method always {@code auto}
 * @param base the int8 method every candidate was built with
 * @param baseChoice how that base was chosen, with what the choice measured
 * @param target the target as given, e.g. {@code cosine >= 0.995}
 * @param metric what cosine compares: {@code pooledEmbeddingCosine} (sentence embeddings) or {@code outputCosine}
 * @param achieved the targeted number of the output model: mean cosine, or top-1 accuracy drop
 * @param achievedCosine mean cosine of the output model vs the float model
 * @param baseCosine mean cosine of the fully quantized base model
 * @param floatAccuracy top-1 accuracy of the float model on the samples, or null without labels
 * @param achievedAccuracy top-1 accuracy of the output model, or null without labels
 * @param baseAccuracy top-1 accuracy of the fully quantized base model, or null without labels
 * @param samples evaluation samples each candidate was scored on
 * @param sampleSource the job's evaluation data: {@code held-out} (the dataset's held-out fifth),
 *     {@code evaluation-dataset}, {@code calibration-dataset} (too small to split) or {@code synthetic}
 * @param keptFloat nodes the search kept in float, most sensitive first, with the sensitivity that put them there
 * @param keptFloatCount their number (the job's own {@code excludeNodes} come on top)
 * @param quantizedNodes nodes quantized in the output model
 * @param quantizedCount their number
 * @param outputBytes size of the output model file
 * @param baseBytes size of the fully quantized base model file
 * @param floatBytes size of the float model file
 * @param bytesPaidVsBase what keeping nodes in float cost over the fully quantized base
 * @param sizeRatioVsFloat output size / float size
 * @param sensitivityMs time spent measuring the sensitivities of node groups (0 when the base met the target)
 * @param sensitivityProbes node groups measured alone (only their nodes quantized) to rank the nodes
 * @param nodesRanked nodes whose place in the ranking the search needed (the most sensitive ones)
 * @param searchMs time spent on the candidates that decide how many nodes to keep in float
 * @param totalMs the whole method
 * @param candidatesEvaluated candidate models built and scored, the base included
 */
public record AutoSummary(String method, String base, BaseChoice baseChoice, String target, String metric, double achieved,
        double achievedCosine, double baseCosine, Double floatAccuracy, Double achievedAccuracy, Double baseAccuracy,
        int samples, String sampleSource, List<KeptNode> keptFloat, int keptFloatCount, List<String> quantizedNodes,
        int quantizedCount, long outputBytes, long baseBytes, long floatBytes, long bytesPaidVsBase,
        double sizeRatioVsFloat, long sensitivityMs, int sensitivityProbes, int nodesRanked, long searchMs, long totalMs, int candidatesEvaluated) {

    public AutoSummary {
        keptFloat = List.copyOf(keptFloat);
        quantizedNodes = List.copyOf(quantizedNodes);
    }

    /**
     * How the base was chosen.
     *
     * @param chosen {@code dynamic_int8}, {@code smoothquant} or {@code static_int8}
     * @param alpha smoothquant's migration strength, or null (not smoothed, or another base)
     * @param reason why this base
     * @param scoredOn what the candidates' scores are and on which samples (null when nothing was measured)
     * @param samples samples each was scored on
     * @param candidates smoothquant's strengths with their scores ({@code none}: the unsmoothed int8 model)
     * @param ms time spent choosing, the calibration and the fully quantized base included
     */
    public record BaseChoice(String chosen, Double alpha, String reason, String scoredOn, int samples,
            List<SmoothedBase.Scored> candidates, long ms) {

        public BaseChoice {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A node kept in float and why.
     *
     * @param node its name
     * @param cosineLossAlone 1 - mean cosine of the model with only this node quantized
     * @param accuracyDropAlone top-1 accuracy drop with only this node quantized, or null without labels
     */
    public record KeptNode(String node, double cosineLossAlone, Double accuracyDropAlone) {}
}
