package dev.mcs.service.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import java.util.stream.IntStream;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/** Adds every error an operation can answer with, each an {@code application/problem+json} {@code Problem}. */
@Component
class ProblemResponsesCustomizer implements OperationCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final int[] EVERY_OPERATION = {401, 429, 500};
    private static final Map<Integer, String> MEANING = Map.ofEntries(
            Map.entry(400, "Invalid request: `invalid-request`, `unknown-parameter` or `unknown-method`"),
            Map.entry(401, "Missing, unknown, revoked or expired API key (`unauthorized`)"),
            Map.entry(403, "The key's role does not allow this (`forbidden`)"),
            Map.entry(404, "No such resource for this tenant (`not-found`)"),
            Map.entry(406, "The Accept header names no media type this operation produces (`not-acceptable`)"),
            Map.entry(409, "Conflicts with the resource's state (`conflict`)"),
            Map.entry(413, "Upload over the size limit or the tenant's storage quota"),
            Map.entry(415, "Content-Type this operation does not accept (`unsupported-media-type`)"),
            Map.entry(416, "Range outside the file (`range-not-satisfiable`)"),
            Map.entry(422, "Well-formed but unprocessable; the `type` says why (see docs/errors.md)"),
            Map.entry(429, "Rate limit or job quota used up; `Retry-After`, where present, says when to retry"),
            Map.entry(500, "Unexpected error (`internal-error`)"));

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Problems declared = handler.getMethodAnnotation(Problems.class);
        int[] own = declared == null ? new int[0] : declared.value();
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        IntStream.concat(IntStream.of(own), IntStream.of(EVERY_OPERATION)).sorted().distinct()
                .forEach(status -> responses.addApiResponse(Integer.toString(status), problem(status)));
        // springdoc gives every response the method's media type; these two have no body at all
        for (String empty : new String[] {"204", "304"}) {
            if (responses.get(empty) != null) {
                responses.get(empty).setContent(null);
            }
        }
        operation.setResponses(responses);
        return operation;
    }

    private static ApiResponse problem(int status) {
        Schema<?> ref = new Schema<>().$ref(ApiContract.PROBLEM_REF);
        return new ApiResponse().description(MEANING.getOrDefault(status, "Error"))
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref)));
    }
}
