package dev.mcs.worker.evaluate;

/**
 * Result of comparing a compressed model with its original on the same inputs.
 *
 * @param original measurements of the original model
 * @param compressed measurements of the compressed model
 * @param fidelity how closely the compressed model's output follows the original's
 * @param environment where latencies were measured
 * @param inputSource {@code dataset} or {@code synthetic}
 * @param sampleCount samples compared
 * @param evaluationData where they come from: an evaluation dataset, the held-out part of the job's dataset,
 *     the whole (unsplit) dataset, or synthetic inputs
 */
public record EvaluationReport(
        ModelMeasurement original,
        ModelMeasurement compressed,
        Fidelity fidelity,
        MeasurementEnvironment environment,
        String inputSource,
        int sampleCount,
        EvaluationData evaluationData) {}
