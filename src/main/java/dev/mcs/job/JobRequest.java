package dev.mcs.job;

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
public record JobRequest(@NotNull UUID modelId, @NotNull JobType type, JsonNode params, UUID datasetId) {}
