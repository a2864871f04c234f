package dev.mcs.service.web;

import java.util.Map;

/** An error with a known problem type; the handler turns it into {@code application/problem+json}. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public ProblemType type() {
        return type;
    }

    /** Extension members added to the problem, e.g. the list of valid values. */
    public Map<String, Object> properties() {
        return properties;
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(ProblemType.NOT_FOUND, what + " " + id + " does not exist");
    }
}
