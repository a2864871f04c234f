package dev.mcs.job;

import dev.mcs.model.ModelFormat;
import java.nio.file.Path;
import java.util.UUID;

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
 * @param params the technique parameters
 * @param queuedFor time between submission and this attempt's start
 */
record AttemptPlan(UUID jobId, int attempt, UUID modelId, String modelName, Path modelPath, ModelFormat format,
        Path datasetPath, TechniqueParams params, java.time.Duration queuedFor) {}
