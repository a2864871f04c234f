package dev.mcs.service.job;

import dev.mcs.shared.technique.JobType;
import io.swagger.v3.oas.annotations.media.Schema;
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
public record JobResponse(UUID id, UUID modelId, UUID datasetId, UUID evaluationDatasetId, JobType type, JsonNode params, JobStatus status,
        int attempt, int maxAttempts,
        @Schema(description = "0..1 within the current attempt", minimum = "0", maximum = "1") double progress,
        String stage,
        @Schema(ref = "#/components/schemas/Problem", description = "The last failure (FAILED jobs)") JsonNode error,
        @Schema(implementation = MetricsDocument.class, description = "On success") JsonNode metrics,
        UUID outputModelId, Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt) {

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
