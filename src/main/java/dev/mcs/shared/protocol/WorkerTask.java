package dev.mcs.shared.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What one worker process is asked to do, written as JSON into the attempt directory and read by the
 * worker's main class ({@link WorkerProtocol#WORKER_MAIN}). Paths are absolute and lie inside the storage
 * root; the worker never receives database credentials.
 *
 * @param kind inspect an uploaded model, or compress and evaluate it
 * @param id id of the model (INSPECT) or job (COMPRESS)
 * @param attempt attempt number, echoed into the result so stale attempts can be recognised
 * @param modelPath the input model file
 * @param format the input model's format
 * @param workDir directory the worker writes its output model and {@code result.json} into
 * @param technique the job's technique (COMPRESS only)
 * @param params the method's validated parameters, as the job stores them (COMPRESS only)
 * @param datasetPath NPZ dataset to calibrate on (and, without an evaluation dataset, whose held-out part
 *     evaluation measures), or null
 * @param evaluationDatasetPath NPZ dataset that evaluation measures on, or null
 * @param evaluation how to measure latency and fidelity
 * @param referencedModelPaths files of the other models the method reads (e.g. an uploaded DISTILL student), by
 *     their params field; empty when none
 * @param referencedModelFormats their formats, by the same field (they decide some methods' output format)
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // an absent params field reads back as null, a JSON null would not
public record WorkerTask(
        Kind kind,
        UUID id,
        int attempt,
        String modelPath,
        ModelFormat format,
        String workDir,
        JobType technique,
        JsonNode params,
        String datasetPath,
        String evaluationDatasetPath,
        EvaluationSettings evaluation,
        Map<String, String> referencedModelPaths,
        Map<String, ModelFormat> referencedModelFormats) {

    public WorkerTask {
        referencedModelPaths = referencedModelPaths == null ? Map.of() : Map.copyOf(referencedModelPaths);
        referencedModelFormats = referencedModelFormats == null ? Map.of() : Map.copyOf(referencedModelFormats);
    }

    /** A task whose method reads no other model. */
    public WorkerTask(Kind kind, UUID id, int attempt, String modelPath, ModelFormat format, String workDir,
            JobType technique, JsonNode params, String datasetPath, String evaluationDatasetPath,
            EvaluationSettings evaluation) {
        this(kind, id, attempt, modelPath, format, workDir, technique, params, datasetPath, evaluationDatasetPath,
                evaluation, Map.of(), Map.of());
    }

    /** The two things a worker can be started for. */
    public enum Kind {
        INSPECT,
        COMPRESS
    }
}
