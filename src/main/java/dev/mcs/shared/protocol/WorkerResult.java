package dev.mcs.shared.protocol;

import dev.mcs.shared.format.ModelFormat;
import java.util.Map;

/**
 * What a worker writes to {@code result.json}.
 *
 * @param status {@code OK}, {@code INVALID_MODEL} (inspection found the model unusable) or
 *     {@code FAILED} (a handled failure such as an unquantizable model)
 * @param errorType stable problem slug for failures
 * @param errorDetail user-facing failure message
 * @param inspection inspection of the input model (INSPECT tasks)
 * @param outputFile file name of the produced model inside the work directory (COMPRESS tasks)
 * @param outputFormat format of the produced model
 * @param outputSha256 SHA-256 of the produced file as the worker wrote it; the runner re-checks it
 * @param outputSizeBytes size of the produced file
 * @param outputInspection inspection of the produced model
 * @param metrics evaluation report plus technique summary
 * @param timingsMs durations of the worker's phases in milliseconds
 */
public record WorkerResult(
        String status,
        String errorType,
        String errorDetail,
        Object inspection,
        String outputFile,
        ModelFormat outputFormat,
        String outputSha256,
        long outputSizeBytes,
        Object outputInspection,
        Map<String, Object> metrics,
        Map<String, Long> timingsMs) {

    public static final String OK = "OK";
    public static final String INVALID_MODEL = "INVALID_MODEL";
    public static final String FAILED = "FAILED";

    public static WorkerResult failed(String errorType, String detail) {
        return new WorkerResult(FAILED, errorType, detail, null, null, null, null, 0, null, null, null);
    }

    public static WorkerResult invalidModel(String detail) {
        return new WorkerResult(INVALID_MODEL, "model-invalid", detail, null, null, null, null, 0, null, null, null);
    }
}
