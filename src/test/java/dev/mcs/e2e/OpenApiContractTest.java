package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The published OpenAPI document is a contract generated clients can rely on, and it changes only on purpose. */
@ServiceTest
class OpenApiContractTest {

    /** The committed contract; regenerate with -Dmcs.openapi.update-snapshot=true and commit it with the change. */
    static final Path SNAPSHOT = Path.of("src/test/resources/openapi/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("post /api/v1/models", "uploadModel"), Map.entry("post /api/v1/models/raw", "uploadModelRaw"),
            Map.entry("get /api/v1/models", "listModels"), Map.entry("get /api/v1/models/{id}", "getModel"),
            Map.entry("get /api/v1/models/{id}/content", "downloadModelContent"),
            Map.entry("delete /api/v1/models/{id}", "deleteModel"), Map.entry("post /api/v1/datasets", "uploadDataset"),
            Map.entry("get /api/v1/datasets", "listDatasets"), Map.entry("get /api/v1/datasets/{id}", "getDataset"),
            Map.entry("delete /api/v1/datasets/{id}", "deleteDataset"), Map.entry("post /api/v1/jobs", "submitJob"),
            Map.entry("get /api/v1/jobs", "listJobs"), Map.entry("get /api/v1/jobs/{id}", "getJob"),
            Map.entry("post /api/v1/jobs/{id}/cancel", "cancelJob"),
            Map.entry("get /api/v1/jobs/{id}/events", "streamJobEvents"));

    @LocalServerPort
    int port;

    JsonNode spec;

    @BeforeEach
    void fetchTheDocument() {
        spec = new Api(port).get("/v3/api-docs").getBody();
    }

    @Test
    void the_live_document_equals_the_committed_snapshot() throws IOException {
        String live = JSON.writeValueAsString(spec) + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi-live.json"), live);
        if (Boolean.getBoolean("mcs.openapi.update-snapshot")) {
            Files.writeString(SNAPSHOT, live);
        }
        assertThat(Files.exists(SNAPSHOT)).as("committed snapshot " + SNAPSHOT).isTrue();
        assertThat(JSON.readTree(Files.readString(SNAPSHOT)).equals(spec))
                .as("the API changed: compare target/openapi-live.json with " + SNAPSHOT
                        + "; if intended, rerun with -Dmcs.openapi.update-snapshot=true and commit the snapshot")
                .isTrue();
    }

    @Test
    void every_core_operation_has_its_stable_operation_id_and_tag() {
        OPERATIONS.forEach((route, id) -> {
            String[] parts = route.split(" ");
            JsonNode operation = spec.path("paths").path(parts[1]).path(parts[0]);
            assertThat(operation.path("operationId").asString()).as(route).isEqualTo(id);
            String tag = parts[1].split("/")[3];
            assertThat(operation.path("tags").get(0).asString()).as(route)
                    .isEqualToIgnoringCase(tag.substring(0, 1).toUpperCase() + tag.substring(1));
        });
    }

    @Test
    void the_document_has_a_real_title_the_project_version_a_license_and_one_fixed_server() {
        assertThat(spec.path("info").path("title").asString()).isEqualTo("Model Compression Service API");
        assertThat(spec.path("info").path("version").asString()).isNotEqualTo("v0").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(spec.path("info").path("license").path("name").asString()).isNotBlank();
        assertThat(spec.path("servers")).hasSize(1);
        assertThat(spec.path("servers").get(0).path("url").asString()).doesNotContain(Integer.toString(port));
    }

    @Test
    void every_error_response_is_a_problem_and_every_success_is_json_or_the_declared_binary_or_stream() {
        List<String> wrong = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("responses").properties().forEach(response -> {
                    String where = op.getKey() + " " + path.getKey() + " " + response.getKey();
                    JsonNode content = response.getValue().path("content");
                    boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
                    if (error && !content.path("application/problem+json").path("schema").path("$ref").asString()
                            .equals("#/components/schemas/Problem")) {
                        wrong.add(where);
                    }
                    if (content.has("*/*")) {
                        wrong.add(where + " */*");
                    }
                })));
        assertThat(wrong).isEmpty();
    }

    @Test
    void uploads_answer_201_with_location_and_a_submission_202_with_location_and_idempotent_replayed() {
        JsonNode paths = spec.path("paths");
        for (String upload : List.of("/api/v1/models", "/api/v1/models/raw", "/api/v1/datasets")) {
            assertThat(paths.path(upload).path("post").path("responses").path("201").path("headers").has("Location"))
                    .as(upload).isTrue();
        }
        JsonNode accepted = paths.path("/api/v1/jobs").path("post").path("responses").path("202").path("headers");
        assertThat(accepted.has("Location")).isTrue();
        assertThat(accepted.has("Idempotent-Replayed")).isTrue();
        assertThat(paths.path("/api/v1/models/raw").path("post").path("requestBody").path("content")
                .path("application/octet-stream").path("schema").path("format").asString()).isEqualTo("binary");
    }

    @Test
    void the_download_is_binary_with_ranges_and_conditional_answers_and_the_events_are_an_event_stream() {
        JsonNode download = spec.path("paths").path("/api/v1/models/{id}/content").path("get");
        assertThat(download.path("responses").path("200").path("content").path("application/octet-stream")
                .path("schema").path("format").asString()).isEqualTo("binary");
        assertThat(download.path("responses").properties().stream().map(Map.Entry::getKey))
                .contains("200", "206", "304", "404", "416");
        assertThat(download.path("parameters").findValuesAsString("name")).contains("Range", "If-Range", "If-None-Match");
        JsonNode events = spec.path("paths").path("/api/v1/jobs/{id}/events").path("get").path("responses").path("200");
        assertThat(events.path("content").has("text/event-stream")).isTrue();
        assertThat(events.path("description").asString()).contains("progress", "done", "JobResponse");
    }

    @Test
    void no_schema_exposes_a_json_library_type_and_metrics_inspection_and_error_are_typed() {
        JsonNode schemas = spec.path("components").path("schemas");
        assertThat(schemas.has("JsonNode")).isFalse();
        assertThat(spec.toString()).doesNotContain("#/components/schemas/JsonNode");
        JsonNode job = schemas.path("JobResponse").path("properties");
        assertThat(reference(job.path("metrics"))).isEqualTo("#/components/schemas/JobMetrics");
        assertThat(reference(job.path("error"))).isEqualTo("#/components/schemas/Problem");
        assertThat(reference(schemas.path("ModelResponse").path("properties").path("inspection")))
                .isEqualTo("#/components/schemas/ModelInspection");
        assertThat(schemas.path("JobMetrics").path("properties").propertyNames())
                .contains("original", "compressed", "fidelity", "ratios", "environment", "timingsMs", "technique");
    }

    @Test
    void fields_the_api_sends_as_null_at_times_are_nullable_and_the_others_are_not() {
        JsonNode schemas = spec.path("components").path("schemas");
        JsonNode job = schemas.path("JobResponse").path("properties");
        JsonNode model = schemas.path("ModelResponse").path("properties");
        for (JsonNode field : List.of(job.path("error"), job.path("metrics"), job.path("outputModelId"),
                job.path("datasetId"), job.path("startedAt"), job.path("finishedAt"), job.path("stage"),
                model.path("inspection"), model.path("statusReason"), model.path("parentModelId"))) {
            assertThat(isNullable(field)).as("nullable: %s", field).isTrue();
        }
        for (JsonNode field : List.of(job.path("id"), job.path("status"), job.path("params"), job.path("createdAt"),
                model.path("id"), model.path("status"), model.path("sha256"))) {
            assertThat(isNullable(field)).as("never null: %s", field).isFalse();
        }
    }

    /** A 3.1 schema admits null with "null" among its types, or as a branch of its anyOf. */
    private static boolean isNullable(JsonNode property) {
        boolean typed = property.path("type").isArray()
                && property.path("type").valueStream().anyMatch(t -> t.asString().equals("null"));
        boolean branch = property.path("anyOf").valueStream().anyMatch(b -> b.path("type").asString().equals("null"));
        return typed || branch;
    }

    /** The schema a property refers to, directly or as the non-null branch of its anyOf. */
    private static String reference(JsonNode property) {
        return property.has("$ref") ? property.path("$ref").asString()
                : property.path("anyOf").path(0).path("$ref").asString();
    }

    @Test
    void every_example_names_only_members_its_schema_has() {
        JsonNode schemas = spec.path("components").path("schemas");
        List<String> checked = new ArrayList<>();
        schemas.properties().forEach(entry -> {
            JsonNode example = entry.getValue().path("example");
            if (example.isObject()) {
                assertThat(entry.getValue().path("properties").propertyNames()).as(entry.getKey())
                        .containsAll(example.propertyNames());
                checked.add(entry.getKey());
            }
        });
        assertThat(checked).contains("JobRequest", "JobResponse", "ModelResponse", "TenantRequest", "KeyRequest");
        assertThat(schemas.path("JobResponse").path("example").path("metrics").propertyNames())
                .isSubsetOf(schemas.path("JobMetrics").path("properties").propertyNames());
    }

    @Test
    void a_raw_body_is_still_accepted_where_it_was_first_documented() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/models"))
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        // three bytes are no model: the upload was routed, read and refused as such
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("unsupported-model-format");
    }
}
