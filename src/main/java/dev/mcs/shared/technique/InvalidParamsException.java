package dev.mcs.shared.technique;

import java.util.List;

/**
 * A parameter value a method cannot run with, found before the job is queued. The service turns it into
 * a 400 ({@link Reason#INVALID_VALUE}) or 422 ({@link Reason#DATASET_REQUIRED}) problem.
 */
public final class InvalidParamsException extends RuntimeException {

    /** Why the parameters were refused. */
    public enum Reason {
        INVALID_VALUE,
        DATASET_REQUIRED
    }

    private final Reason reason;
    private final String field;
    private final List<?> validValues;

    public InvalidParamsException(Reason reason, String field, String detail, List<?> validValues) {
        super(detail);
        this.reason = reason;
        this.field = field;
        this.validValues = validValues == null ? List.of() : List.copyOf(validValues);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, e.g. {@code params.alpha} or {@code datasetId}. */
    public String field() {
        return field;
    }

    /** The values the field may take, when they can be listed; empty otherwise. */
    public List<?> validValues() {
        return validValues;
    }
}
