package dev.mcs.service.web;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;

/** The RFC 9457 problem every error response and a failed job's {@code error} are, with the extension members used. */
final class ProblemSchema {

    static final String NAME = "Problem";

    private ProblemSchema() {}

    static Schema<Object> create() {
        Schema<Object> problem = new ObjectSchema();
        problem.description("RFC 9457 problem details. Switch on `type`; the list is in docs/errors.md."
                + " Members other than the five standard ones appear only with the types that use them.");
        problem.required(List.of("type", "title", "status"));
        problem.addProperty("type", uri("Stable problem type, https://model-compression-service.dev/problems/<slug>"));
        problem.addProperty("title", text("Short summary of the type"));
        problem.addProperty("status", integer("HTTP status (for a failed job: the status the failure maps to)"));
        problem.addProperty("detail", text("What happened in this case"));
        problem.addProperty("instance", uri("The request path that failed"));
        problem.addProperty("field", text("The request field at fault"));
        problem.addProperty("validParameters", strings("Fields the body or `params` accepts (`unknown-parameter`)"));
        problem.addProperty("validValues", strings("Values the field accepts"));
        problem.addProperty("supportedFormats", strings("Model formats accepted here"));
        problem.addProperty("implementedTypes", strings("Job types with a method built"));
        problem.addProperty("tensors", strings("Tensors stored in external files"));
        problem.addProperty("missingInputs", strings("Model inputs the dataset has no array for"));
        problem.addProperty("datasetArrays", strings("Arrays the dataset has"));
        problem.addProperty("modelInputs", strings("The model's input names (`dataset-mismatch`, and"
                + " `method-not-applicable` for a generated DISTILL student)"));
        problem.addProperty("methodOpTypes", strings("Operator types the method would rewrite with these parameters"
                + " (`method-not-applicable`)"));
        problem.addProperty("modelOpTypes", strings("Operator types the model has (`method-not-applicable`)"));
        problem.addProperty("modelInitializerTypes", strings("Element types of the model's initializers"
                + " (`method-not-applicable` for fp16)"));
        problem.addProperty("unknownNodes", strings("`excludeNodes` entries the model has no such node for"
                + " (`unknown-nodes`)"));
        problem.addProperty("knownNodes", strings("The model's nodes the method can keep by name, the first 50"
                + " (`unknown-nodes`)"));
        problem.addProperty("limitBytes", integer("Size limit in bytes"));
        problem.addProperty("usedBytes", integer("Bytes the tenant stores already"));
        problem.addProperty("requestsPerSecond", integer("The tenant's rate limit"));
        problem.addProperty("retryAfterSeconds", integer("Seconds to wait before retrying"));
        problem.addProperty("queuedJobs", integer("The tenant's queued jobs"));
        problem.addProperty("unfinishedJobs", integer("The tenant's queued and running jobs"));
        problem.addProperty("limit", integer("The tenant's limit that was reached: queued jobs, or jobs at once"));
        problem.addProperty("attempt", integer("Attempt that failed (a job's `error`)"));
        problem.addProperty("exitCode", integer("Worker exit code (crashes)"));
        problem.addProperty("stderrTail", text("Last lines the worker wrote to stderr (crashes)"));
        problem.additionalProperties(Boolean.TRUE);
        return problem;
    }

    private static Schema<?> uri(String description) {
        return new StringSchema().format("uri-reference").description(description);
    }

    private static Schema<?> text(String description) {
        return new StringSchema().description(description);
    }

    private static Schema<?> integer(String description) {
        return new IntegerSchema().format("int64").description(description);
    }

    private static Schema<?> strings(String description) {
        return new ArraySchema().items(new StringSchema()).description(description);
    }
}
