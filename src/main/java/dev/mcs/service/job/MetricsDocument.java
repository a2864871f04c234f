package dev.mcs.service.job;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The shape of a job's {@code metrics} as {@link JobMetrics#document} builds it, for the OpenAPI document only: the
 * response carries the stored JSON itself, and {@code OpenApiNullableMetricsTest} checks the worker's reports against
 * this. Members the worker writes as JSON {@code null} (boxed components of its report records) are {@link Nullable};
 * members it leaves out (e.g. latencies of a TorchScript job) are merely optional.
 */
@Schema(name = "JobMetrics", description = "What a successful job measured. Sizes in bytes, latencies in"
        + " milliseconds (per single-sample inference on the evaluation inputs), ratios compressed / original.")
record MetricsDocument(
        MeasuredModel original,
        MeasuredModel compressed,
        @Schema(description = "Output agreement of the compressed model with the original; absent when not measured")
        Fidelity fidelity,
        Ratios ratios,
        Environment environment,
        @Schema(description = "synthetic, dataset or evaluation-dataset") String inputSource,
        @Schema(description = "Samples the metrics were measured on", minimum = "0") Integer sampleCount,
        EvaluationData evaluationData,
        @Schema(description = "original top-1 accuracy minus compressed, with labels only") Double accuracyDrop,
        @Schema(description = "Why latency and fidelity were not measured, when they were not") String notMeasured,
        @Schema(description = "What the method did: its own report, different per method (free-form)")
        Map<String, Object> technique,
        WorkerMemory worker,
        Timings timingsMs) {

    @Schema(name = "MeasuredModel", description = "One model measured on the evaluation inputs")
    record MeasuredModel(@Schema(description = "bytes", minimum = "0") long sizeBytes,
            @Schema(minimum = "0") long parameterCount,
            @Schema(description = "median latency, ms") Double latencyP50Ms,
            @Schema(description = "95th percentile latency, ms") Double latencyP95Ms,
            @Nullable @Schema(description = "0..1, with labels only (null without)", minimum = "0", maximum = "1")
            Double top1Accuracy) {}

    @Schema(name = "Fidelity", description = "Compressed against original outputs on the same inputs")
    record Fidelity(@Schema(description = "The output compared") String output,
            @Schema(minimum = "-1", maximum = "1") double cosineMean,
            @Schema(minimum = "-1", maximum = "1") double cosineMin,
            double maxAbsError, double meanAbsError,
            @Nullable @Schema(description = "Share of samples with the same argmax, 0..1; null unless the output is"
                    + " [batch, classes]", minimum = "0", maximum = "1") Double top1Agreement,
            @Nullable @Schema(description = "Cosine of attention-mask mean-pooled embeddings (sentence encoders);"
                    + " null for other models") Double pooledCosineMean,
            @Nullable @Schema(description = "The smallest such cosine; null for other models") Double pooledCosineMin) {}

    @Schema(name = "MetricRatios", description = "compressed / original; below 1 is smaller or faster")
    record Ratios(Double size, Double latencyP50, Double latencyP95) {}

    @Schema(name = "MeasurementEnvironment", description = "Where the latencies were measured")
    record Environment(String cpuModel, int cores, List<String> isaFlags, Map<String, String> engineVersions,
            int intraOpThreads) {}

    @Schema(name = "EvaluationData", description = "Which samples the metrics come from")
    record EvaluationData(@Schema(description = "synthetic, held-out or evaluation-dataset") String source,
            int samples, @Schema(description = "How held-out samples were chosen") String rule) {}

    @Schema(name = "WorkerMemory", description = "The worker JVM's heap, bytes")
    record WorkerMemory(long peakHeapBytes, long heapLimitBytes, long heapAfterLastGcBytes) {}

    @Schema(name = "JobTimings", description = "Milliseconds spent per phase of the attempt")
    record Timings(Long queueWaitMs, Long workerStartMs, Long compressionMs, Long evaluationMs, Long attemptWallMs) {}
}
