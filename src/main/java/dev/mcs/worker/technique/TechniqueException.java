package dev.mcs.worker.technique;


/**
 * A failure a method understands and reports to the user (a model it cannot compress, say); the job
 * fails with this problem type and is not retried.
 */
public class TechniqueException extends Exception {

    private final String errorType;

    public TechniqueException(String errorType, String message) {
        this(errorType, message, null);
    }

    public TechniqueException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    /** Stable problem slug, e.g. {@code quantization-failed}. */
    public String errorType() {
        return errorType;
    }
}
