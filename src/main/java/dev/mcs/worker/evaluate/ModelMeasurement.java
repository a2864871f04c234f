package dev.mcs.worker.evaluate;


/**
 * Measurements of one model.
 *
 * @param sizeBytes file size
 * @param parameterCount elements of all initializers, as reported by inspection
 * @param latencyP50Ms median latency of one run at batch 1
 * @param latencyP95Ms 95th percentile latency (nearest rank)
 * @param top1Accuracy share of samples whose arg-max matches the dataset label; {@code null} without labels
 */
public record ModelMeasurement(
        long sizeBytes, long parameterCount, double latencyP50Ms, double latencyP95Ms, Double top1Accuracy) {}
