package dev.mcs.service.web;

import java.util.Map;
import org.springframework.http.ProblemDetail;

/** Builds problem details from the known problem types. */
public final class ProblemDetails {

    private ProblemDetails() {}

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(type, detail, Map.of());
    }

    public static ProblemDetail of(ProblemType type, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        properties.forEach(problem::setProperty);
        return problem;
    }
}
