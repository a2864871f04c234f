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
 * @param datasetId optional NPZ dataset for calibration and evaluation
 */
public record JobRequest(
        @NotNull UUID modelId,
        @NotNull JobType type,
        @Schema(description = "The method's parameters: `method` plus only the options of that method (others are a 400 listing the valid ones); see docs/quantization.md")
        JsonNode params,
        UUID datasetId) {}
