package dev.mcs.shared.technique;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter value a method cannot run with, found before the job is queued. The service turns it into
 * a 400 ({@link Reason#INVALID_VALUE}) or a 422 problem (the other reasons).
 */
public final class InvalidParamsException extends RuntimeException {

    /** Why the parameters were refused. */
    public enum Reason {
        INVALID_VALUE,
        DATASET_REQUIRED,
        /** The method would rewrite nothing in this model (see {@link ModelChecks#rewritesSome}). */
        NOT_APPLICABLE,
        /** {@code excludeNodes} names nodes the model does not have (see {@link ModelChecks#namesNodes}). */
        UNKNOWN_NODES,
        /** Parameters that need another model format than the job's model has (members: {@code supportedFormats}). */
        FORMAT_NOT_SUPPORTED
    }

    private final Reason reason;
    private final String field;
    private final List<?> validValues;
    private final Map<String, Object> members;

    public InvalidParamsException(Reason reason, String field, String detail, List<?> validValues) {
        this(reason, field, detail, validValues, Map.of());
    }

    /** {@code members}: further problem members that explain the refusal, e.g. the model's operator types. */
    public InvalidParamsException(Reason reason, String field, String detail, List<?> validValues,
            Map<String, Object> members) {
        super(detail);
        this.reason = reason;
        this.field = field;
        this.validValues = validValues == null ? List.of() : List.copyOf(validValues);
        this.members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
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

    /** Problem members beyond {@code field} and {@code validValues}, in the order they read best. */
    public Map<String, Object> members() {
        return members;
    }
}
