package dev.mcs.worker.distill;

/**
 * An edited TorchScript classifier against its original, measured in libtorch.
 *
 * @param source where the samples came from ({@code evaluation-dataset}, {@code held-out}, …)
 * @param samples how many
 * @param agreement share of samples whose top-1 class is the original's
 * @param originalAccuracy the original's top-1 accuracy on the labels, or null without labels
 * @param accuracy the edited module's, or null without labels
 * @param latencyRatio batch-1 latency, edited / original, median of interleaved rounds in libtorch
 * @param originalLatencyMicros the original's median batch-1 forward pass
 * @param latencyMicros the edited module's
 * @param latencyRounds rounds measured
 */
public record TorchScriptAgreement(String source, int samples, double agreement, Double originalAccuracy,
        Double accuracy, double latencyRatio, double originalLatencyMicros, double latencyMicros, int latencyRounds) {}
