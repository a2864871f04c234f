package dev.mcs.service.job;

import dev.mcs.shared.technique.JobType;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A request to compress a model.
 *
 * @param modelId the model to compress
 * @param type QUANTIZE, PRUNE or DISTILL
 * @param params technique parameters, e.g. {@code {"method": "dynamic_int8"}}
 * @param datasetId optional NPZ dataset to calibrate on; without an evaluation dataset, every fifth sample of it
 *     is held out and the metrics are measured there
 * @param evaluationDatasetId optional NPZ dataset the metrics are measured on instead
 */
@Schema(example = """
        {"modelId": "0b6f3c2e-5d1a-4c8e-9f57-2a9e4d3b7c10", "type": "QUANTIZE",
         "params": {"method": "static_int8", "calibration": "percentile", "percentile": 99.99},
         "datasetId": "5e0d8a41-93c7-4b2f-8a6e-c1f2d9b04e77"}""")
public record JobRequest(
        @NotNull UUID modelId,
        @NotNull JobType type,
        @Schema(description = "The method's parameters: `method` plus only the options of that method (others are a 400 listing the valid ones); see docs/quantization.md")
        JsonNode params,
        @Schema(description = "NPZ dataset the method calibrates on. Without `evaluationDatasetId` every fifth sample"
                + " (index % 5 == 4) is held out of calibration and the metrics are measured on those samples"
                + " (datasets of fewer than 5 samples are not split); `metrics.evaluationData` says which")
        UUID datasetId,
        @Schema(description = "Optional NPZ dataset, with arrays named like the model's inputs, that fidelity,"
                + " accuracy and `auto`'s target are measured on instead of the held-out part of `datasetId`;"
                + " its `labels` are what `target.maxAccuracyDrop` needs. Must differ from `datasetId`, and cannot"
                + " be deleted while the job is queued or running")
        UUID evaluationDatasetId) {}
