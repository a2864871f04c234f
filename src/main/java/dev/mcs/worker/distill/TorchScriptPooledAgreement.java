package dev.mcs.worker.distill;

/**
 * An edited TorchScript encoder against its original, measured in libtorch: what users of sentence embeddings
 * compare.
 *
 * @param source where the samples came from ({@code evaluation-dataset}, {@code held-out}, …)
 * @param samples how many
 * @param pooledCosine mean over the samples of the cosine between the two mask-pooled outputs (an output pooled inside
 *     the module as it is)
 */
public record TorchScriptPooledAgreement(String source, int samples, double pooledCosine) {}
