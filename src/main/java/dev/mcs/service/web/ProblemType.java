package dev.mcs.service.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every problem type the API can answer with. The URIs are stable identifiers that clients may
 * switch on; they are documented in {@code docs/errors.md}.
 */
public enum ProblemType {
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Resource not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    UNKNOWN_PARAMETER("unknown-parameter", HttpStatus.BAD_REQUEST, "Unknown parameter"),
    UNKNOWN_METHOD("unknown-method", HttpStatus.BAD_REQUEST, "Unknown method"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Upload too large"),
    UNSUPPORTED_MODEL_FORMAT("unsupported-model-format", HttpStatus.UNPROCESSABLE_CONTENT, "Not a supported model format"),
    CORRUPT_MODEL("corrupt-model", HttpStatus.UNPROCESSABLE_CONTENT, "Corrupt model file"),
    EXTERNAL_DATA_NOT_SUPPORTED("external-data-not-supported", HttpStatus.UNPROCESSABLE_CONTENT, "ONNX external data is not supported"),
    INVALID_DATASET("invalid-dataset", HttpStatus.UNPROCESSABLE_CONTENT, "Invalid dataset"),
    DATASET_REQUIRED("dataset-required", HttpStatus.UNPROCESSABLE_CONTENT, "A dataset is required"),
    DATASET_MISMATCH("dataset-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Dataset does not match the model"),
    MODEL_INVALID("model-invalid", HttpStatus.UNPROCESSABLE_CONTENT, "Model is invalid"),
    METHOD_NOT_APPLICABLE("method-not-applicable", HttpStatus.UNPROCESSABLE_CONTENT, "Method does not apply to this model"),
    UNKNOWN_NODES("unknown-nodes", HttpStatus.UNPROCESSABLE_CONTENT, "Nodes not in the model"),
    FORMAT_NOT_SUPPORTED("format-not-supported", HttpStatus.UNPROCESSABLE_CONTENT, "Technique does not support this model format"),
    NOT_IMPLEMENTED("not-implemented", HttpStatus.UNPROCESSABLE_CONTENT, "Not implemented yet"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused with another request"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Missing, unknown, revoked or expired API key"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "The API key's role does not allow this"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    JOB_QUOTA_EXCEEDED("job-quota-exceeded", HttpStatus.TOO_MANY_REQUESTS, "Too many jobs"),
    STORAGE_QUOTA_EXCEEDED("storage-quota-exceeded", HttpStatus.CONTENT_TOO_LARGE, "Storage quota exceeded"),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable"),
    QUANTIZATION_FAILED("quantization-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Quantization failed"),
    DISTILLATION_FAILED("distillation-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Distillation failed"),
    PRUNING_FAILED("pruning-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Pruning failed"),
    EVALUATION_FAILED("evaluation-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Evaluation failed"),
    INVALID_OUTPUT("invalid-output", HttpStatus.INTERNAL_SERVER_ERROR, "Compressed model does not load"),
    WORKER_LOST("worker-lost", HttpStatus.INTERNAL_SERVER_ERROR, "Worker lost"),
    JOB_FAILED("job-failed", HttpStatus.UNPROCESSABLE_CONTENT, "Job failed"),
    WORKER_CRASHED("worker-crashed", HttpStatus.INTERNAL_SERVER_ERROR, "Worker process crashed"),
    WORKER_TIMEOUT("worker-timeout", HttpStatus.INTERNAL_SERVER_ERROR, "Worker process timed out"),
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String BASE = "https://model-compression-service.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
