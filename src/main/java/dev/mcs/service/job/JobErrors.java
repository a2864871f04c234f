package dev.mcs.service.job;

import dev.mcs.service.web.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** Serializes a job's failure as an RFC 9457 problem object for the {@code error} column. */
final class JobErrors {

    private JobErrors() {}

    static String problem(ObjectMapper json, ProblemType type, String detail, int attempt, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", type.status().value());
        problem.put("detail", detail);
        problem.put("attempt", attempt);
        problem.putAll(extra);
        return json.writeValueAsString(problem);
    }

    static ProblemType typeOf(String slug) {
        if (slug == null) {
            return ProblemType.JOB_FAILED;
        }
        for (ProblemType type : ProblemType.values()) {
            if (type.uri().toString().endsWith("/" + slug)) {
                return type;
            }
        }
        return ProblemType.JOB_FAILED;
    }
}
