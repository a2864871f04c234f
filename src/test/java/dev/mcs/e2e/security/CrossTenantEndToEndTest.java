package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant's ids in another tenant's hands: every operation of the live OpenAPI description is called with them
 * and must answer exactly as it does for ids that do not exist. An operation this test cannot classify fails it,
 * so a new endpoint cannot be forgotten.
 */
class CrossTenantEndToEndTest extends SecuredService {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Api owner;
    private Api other;
    private String otherKey;
    private final Map<String, String> ownerIds = new HashMap<>();

    @BeforeEach
    void twoTenantsOneOfThemWithAModelDatasetsAndAJob() throws IOException {
        owner = member(tenant("owner", Map.of()));
        otherKey = key(tenant("other", Map.of()), "MEMBER");
        other = new Api(port, otherKey);
        ownerIds.put("models", owner.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString());
        ownerIds.put("datasets", owner.uploadDataset(Fixtures.MLP_HOLDOUT));
        ownerIds.put("evaluation", owner.uploadDataset(Fixtures.DIR.resolve("digits_mlp_train.npz")));
        Map<String, Object> job = Api.quantizeJob(ownerIds.get("models"), ownerIds.get("datasets"));
        job.put("evaluationDatasetId", ownerIds.get("evaluation"));
        HttpHeaders idempotency = new HttpHeaders();
        idempotency.add("Idempotency-Key", "shared-key");
        ResponseEntity<JsonNode> submitted = owner.post("/api/v1/jobs", job, idempotency);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        ownerIds.put("jobs", submitted.getBody().path("id").asString());
    }

    @Test
    void every_operation_answers_another_tenants_ids_exactly_like_unknown_ids() throws IOException {
        JsonNode paths = other.get("/v3/api-docs").getBody().path("paths");
        List<String[]> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            path.getValue().propertyNames().forEach(method -> operations.add(new String[] {method.toUpperCase(), path.getKey()}));
        }
        // lists first: they must be empty for the other tenant, which creates rows of its own further on
        operations.sort(Comparator.comparing(op -> !(op[0].equals("GET") && !op[1].contains("{"))));
        List<String> checked = new ArrayList<>();
        for (String[] operation : operations) {
            checked.add(check(operation[0], operation[1]));
        }
        assertThat(checked).as("the description lists the tenant-scoped operations").contains(
                "GET /api/v1/models/{id}/content", "GET /api/v1/jobs/{id}/events", "POST /api/v1/jobs/{id}/cancel",
                "DELETE /api/v1/datasets/{id}", "POST /api/v1/jobs");
        assertOwnerStillHasEverything();
    }

    @Test
    void an_idempotency_key_another_tenant_used_does_not_replay_its_job() throws IOException {
        String model = other.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        HttpHeaders idempotency = new HttpHeaders();
        idempotency.add("Idempotency-Key", "shared-key");

        ResponseEntity<JsonNode> mine = other.post("/api/v1/jobs", Api.quantizeJob(model, null), idempotency);

        assertThat(mine.getStatusCode().value()).as("%s", mine.getBody()).isEqualTo(202);
        assertThat(mine.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("false");
        assertThat(mine.getBody().path("id").asString()).isNotEqualTo(ownerIds.get("jobs"));
    }

    /** Checks one operation and returns its name; fails for an operation it does not know how to check. */
    private String check(String method, String path) throws IOException {
        String operation = method + " " + path;
        if (path.startsWith("/api/v1/admin/")) {
            String concrete = path.replace("{id}", UUID.randomUUID().toString());
            assertThat(send(method, concrete, "{}").getStatusCode().value()).as(operation).isEqualTo(403);
        } else if (path.contains("{id}")) {
            checkPathId(method, path);
        } else if (method.equals("GET")) {
            checkList(path);
        } else if (operation.equals("POST /api/v1/jobs")) {
            checkSubmissionReferences();
        } else if (operation.equals("POST /api/v1/models") || operation.equals("POST /api/v1/datasets")) {
            checkUploadLandsInOwnTenant(path);
        } else if (operation.equals("POST /api/v1/models/raw")) {
            String id = other.uploadRaw("raw", java.nio.file.Files.readAllBytes(Fixtures.MLP_ONNX)).getBody()
                    .path("id").asString();
            assertProblem(owner.get("/api/v1/models/" + id), 404, "not-found");
        } else {
            throw new AssertionError(operation + " is not covered by the cross-tenant test: classify it");
        }
        return operation;
    }

    private void checkPathId(String method, String path) {
        String resource = path.split("/")[3];
        assertThat(ownerIds).as("an id of kind '%s' for %s %s", resource, method, path).containsKey(resource);
        String ownerId = ownerIds.get(resource);
        assertSameAsUnknown(method + " " + path, ownerId,
                send(method, path.replace("{id}", ownerId), null),
                send(method, path.replace("{id}", UUID.randomUUID().toString()), null));
    }

    private void checkList(String path) {
        ResponseEntity<String> list = send("GET", path, null);
        assertThat(list.getStatusCode().value()).as(path).isEqualTo(200);
        assertThat(JSON.readTree(list.getBody()).path("totalItems").asLong()).as("total of %s", path).isZero();
        ownerIds.values().forEach(id -> assertThat(list.getBody()).as(path).doesNotContain(id));
        String filter = path.equals("/api/v1/jobs") ? "modelId" : path.equals("/api/v1/models") ? "parentModelId" : null;
        if (filter != null) {
            ResponseEntity<String> filtered = send("GET", path + "?" + filter + "=" + ownerIds.get("models"), null);
            assertThat(filtered.getStatusCode().value()).as(path + "?" + filter).isEqualTo(200);
            assertThat(JSON.readTree(filtered.getBody()).path("totalItems").asLong()).as(path + "?" + filter).isZero();
        }
    }

    /** Every id a submission can name, the owner's against an unknown one, in an otherwise valid request. */
    private void checkSubmissionReferences() throws IOException {
        String model = other.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String dataset = other.uploadDataset(Fixtures.MLP_HOLDOUT);
        for (String field : List.of("modelId", "datasetId", "evaluationDatasetId", "params.student.modelId")) {
            String ownerId = ownerIds.get(field.equals("evaluationDatasetId") ? "evaluation"
                    : field.contains("odel") ? "models" : "datasets");
            assertSameAsUnknown("POST /api/v1/jobs naming " + field, ownerId,
                    send("POST", "/api/v1/jobs", submission(model, dataset, field, ownerId)),
                    send("POST", "/api/v1/jobs", submission(model, dataset, field, UUID.randomUUID().toString())));
        }
    }

    private static String submission(String model, String dataset, String field, String id) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", field.equals("modelId") ? id : model);
        job.put("type", field.startsWith("params") ? "DISTILL" : "QUANTIZE");
        job.put("params", field.startsWith("params")
                ? Map.of("method", "distill", "student", Map.of("kind", "model", "modelId", id))
                : Map.of("method", "static_int8"));
        job.put("datasetId", field.equals("datasetId") ? id : dataset);
        if (field.equals("evaluationDatasetId")) {
            job.put("evaluationDatasetId", id);
        }
        return JSON.writeValueAsString(job);
    }

    private void checkUploadLandsInOwnTenant(String path) throws IOException {
        String id = path.endsWith("models") ? other.uploadModel(Fixtures.MLP_ONNX).getBody().path("id").asString()
                : other.uploadDataset(Fixtures.MLP_HOLDOUT);
        assertProblem(owner.get(path + "/" + id), 404, "not-found");
    }

    private static void assertSameAsUnknown(String what, String ownerId, ResponseEntity<String> foreign,
            ResponseEntity<String> unknown) {
        assertThat(foreign.getStatusCode().value()).as("%s: %s", what, foreign.getBody())
                .isEqualTo(unknown.getStatusCode().value()).isBetween(400, 404);
        JsonNode a = JSON.readTree(foreign.getBody());
        JsonNode b = JSON.readTree(unknown.getBody());
        assertThat(a.path("type").asString()).as(what).isEqualTo(b.path("type").asString()).isNotEmpty();
        assertThat(a.path("detail").asString().replace(ownerId, "<id>")).as(what)
                .isEqualTo(b.path("detail").asString().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"));
    }

    private void assertOwnerStillHasEverything() {
        for (String kind : List.of("models", "datasets", "jobs")) {
            assertThat(owner.get("/api/v1/" + kind + "/" + ownerIds.get(kind)).getStatusCode().value())
                    .as("the owner's %s survived", kind).isEqualTo(200);
        }
        assertThat(owner.get("/api/v1/jobs/" + ownerIds.get("jobs")).getBody().path("status").asString())
                .isNotEqualTo("CANCELLED");
        assertThat(owner.get("/api/v1/models").getBody().path("totalItems").asLong()).isPositive();
    }

    /** Raw call with the other tenant's key, any content type accepted (the SSE endpoint produces only events). */
    private ResponseEntity<String> send(String method, String path, String jsonBody) {
        RestClient.RequestBodySpec request = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (req, res) -> { }).build()
                .method(HttpMethod.valueOf(method)).uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherKey).header(HttpHeaders.ACCEPT, "*/*");
        if (jsonBody != null) {
            request.header(HttpHeaders.CONTENT_TYPE, "application/json").body(jsonBody);
        }
        return request.retrieve().toEntity(String.class);
    }
}
