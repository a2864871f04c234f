package dev.mcs.service.job;

import dev.mcs.shared.technique.JobType;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A job as the API shows it.
 *
 * @param id job id
 * @param modelId input model (null once that model is deleted)
 * @param datasetId calibration dataset, if any
 * @param evaluationDatasetId dataset the metrics are measured on, if one was named
 * @param type technique
 * @param params validated technique parameters
 * @param status QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param attempt number of the current or last attempt (0 before the first start)
 * @param maxAttempts attempts allowed before a crashing job fails
 * @param progress 0..1 within the current attempt
 * @param stage what the job is doing now
 * @param error RFC 9457 problem describing the last failure
 * @param metrics measured sizes, latencies, fidelity, environment and timings (on success)
 * @param outputModelId the compressed model (on success)
 * @param createdAt submission time
 * @param startedAt start of the latest attempt
 * @param finishedAt time the job reached a final status
 * @param updatedAt last change
 */
@Schema(example = """
        {"id": "9c1e7a52-3f04-4d6b-b8a1-6e2f0c9d5a33", "modelId": "0b6f3c2e-5d1a-4c8e-9f57-2a9e4d3b7c10",
         "type": "QUANTIZE",
         "params": {"method": "dynamic_int8", "perChannel": true, "weightRange": "full", "opTypes": ["MatMul", "Gemm"],
                    "excludeNodes": [], "quantizeEmbeddings": true},
         "status": "SUCCEEDED", "attempt": 1, "maxAttempts": 3, "progress": 1.0, "stage": "done",
         "metrics": {"original": {"sizeBytes": 27210, "parameterCount": 6570, "latencyP50Ms": 0.0137, "latencyP95Ms": 0.0174},
                     "compressed": {"sizeBytes": 11297, "parameterCount": 6782, "latencyP50Ms": 0.0131, "latencyP95Ms": 0.0587},
                     "fidelity": {"output": "logits", "cosineMean": 0.99998, "cosineMin": 0.99995, "maxAbsError": 0.486,
                                  "meanAbsError": 0.093, "top1Agreement": 1.0},
                     "ratios": {"size": 0.415, "latencyP50": 0.957, "latencyP95": 3.38},
                     "environment": {"cpuModel": "AMD EPYC", "cores": 2, "isaFlags": ["avx2", "avx512f"],
                                     "engineVersions": {"djl": "0.36.0", "onnxruntime": "1.21.1"}, "intraOpThreads": 1},
                     "inputSource": "synthetic", "sampleCount": 32, "evaluationData": {"source": "synthetic", "samples": 32},
                     "technique": {"method": "dynamic_int8", "quantizedGemms": 3, "weightBytesBefore": 26424,
                                   "weightBytesAfter": 7881},
                     "worker": {"peakHeapBytes": 61173896, "heapLimitBytes": 518979584, "heapAfterLastGcBytes": 0},
                     "timingsMs": {"queueWaitMs": 115, "workerStartMs": 1501, "compressionMs": 263, "evaluationMs": 68,
                                   "attemptWallMs": 3608}},
         "outputModelId": "d7a4b9e0-1c2f-4e85-a6d3-8b5f7c0e2914", "createdAt": "2026-11-30T21:00:00Z",
         "startedAt": "2026-11-30T21:00:00.115Z", "finishedAt": "2026-11-30T21:00:03.8Z",
         "updatedAt": "2026-11-30T21:00:03.8Z"}""")
public record JobResponse(UUID id, @Nullable UUID modelId, @Nullable UUID datasetId, @Nullable UUID evaluationDatasetId,
        JobType type, JsonNode params, JobStatus status,
        int attempt, int maxAttempts,
        @Schema(description = "0..1 within the current attempt", minimum = "0", maximum = "1") double progress,
        @Nullable String stage,
        @Nullable @Schema(ref = "#/components/schemas/Problem", description = "The last failure (FAILED jobs)") JsonNode error,
        @Nullable @Schema(implementation = MetricsDocument.class, description = "On success") JsonNode metrics,
        @Nullable UUID outputModelId, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
        Instant updatedAt) {

    static JobResponse of(Job job, ObjectMapper json) {
        return new JobResponse(job.getId(), job.getModelId(), job.getDatasetId(), job.getEvaluationDatasetId(),
                job.getType(),
                tree(json, job.getParams()), job.getStatus(), job.getAttempt(), job.getMaxAttempts(), job.getProgress(),
                job.getStage(), tree(json, job.getError()), tree(json, job.getMetrics()), job.getOutputModelId(),
                job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt(), job.getUpdatedAt());
    }

    private static JsonNode tree(ObjectMapper json, String value) {
        return value == null ? null : json.readTree(value);
    }
}
