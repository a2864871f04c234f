package dev.mcs.worker;

import dev.mcs.job.TechniqueParams;
import dev.mcs.model.ModelFormat;
import java.util.UUID;

/**
 * What one worker process is asked to do, written as JSON into the attempt directory and read by
 * {@link WorkerMain}. Paths are absolute and lie inside the storage root; the worker never receives
 * database credentials.
 *
 * @param kind inspect an uploaded model, or compress and evaluate it
 * @param id id of the model (INSPECT) or job (COMPRESS)
 * @param attempt attempt number, echoed into the result so stale attempts can be recognised
 * @param modelPath the input model file
 * @param format the input model's format
 * @param workDir directory the worker writes its output model and {@code result.json} into
 * @param technique compression parameters (COMPRESS only)
 * @param datasetPath NPZ dataset for calibration and evaluation, or null for synthetic inputs
 * @param evaluation how to measure latency and fidelity
 */
public record WorkerTask(
        Kind kind,
        UUID id,
        int attempt,
        String modelPath,
        ModelFormat format,
        String workDir,
        TechniqueParams technique,
        String datasetPath,
        EvaluationSettings evaluation) {

    /** The two things a worker can be started for. */
    public enum Kind {
        INSPECT,
        COMPRESS
    }
}
