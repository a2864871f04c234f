package dev.mcs.service.job;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Everything a runner needs to start one attempt, read in the transaction that started it.
 *
 * @param jobId the job
 * @param attempt the attempt number now RUNNING
 * @param modelId input model id
 * @param modelName input model's display name
 * @param modelPath input model file
 * @param format input model format
 * @param datasetPath dataset file, or null
 * @param evaluationDatasetPath file of the dataset the result is evaluated on, or null (then the worker holds out
 *     part of the dataset)
 * @param type the job's technique
 * @param params the method's validated parameters as stored with the job
 * @param queuedFor time between submission and this attempt's start
 * @param referencedModels files of the other models the method reads, by their params field
 * @param referencedFormats their formats, by the same field
 */
record AttemptPlan(UUID jobId, int attempt, UUID modelId, String modelName, Path modelPath, ModelFormat format,
        Path datasetPath, Path evaluationDatasetPath, JobType type, JsonNode params, java.time.Duration queuedFor,
        Map<String, Path> referencedModels, Map<String, ModelFormat> referencedFormats) {

    AttemptPlan {
        referencedModels = referencedModels == null ? Map.of() : Map.copyOf(referencedModels);
        referencedFormats = referencedFormats == null ? Map.of() : Map.copyOf(referencedFormats);
    }

    /** A plan whose method reads no other model. */
    AttemptPlan(UUID jobId, int attempt, UUID modelId, String modelName, Path modelPath, ModelFormat format,
            Path datasetPath, Path evaluationDatasetPath, JobType type, JsonNode params,
            java.time.Duration queuedFor) {
        this(jobId, attempt, modelId, modelName, modelPath, format, datasetPath, evaluationDatasetPath, type, params,
                queuedFor, Map.of(), Map.of());
    }

    /** The method's name, e.g. {@code dynamic_int8}. */
    String method() {
        return params.path("method").asString();
    }
}
