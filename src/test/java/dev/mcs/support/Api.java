package dev.mcs.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A thin HTTP client for end-to-end tests: real requests against the running service. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;

    public Api(int port) {
        this(port, null);
    }

    /** A client that sends {@code Authorization: Bearer <key>} with every request (none when the key is null). */
    public Api(int port, String key) {
        RestClient.Builder builder = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { });
        if (key != null) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        }
        this.http = builder.build();
    }

    public ResponseEntity<JsonNode> upload(String path, String fileName, byte[] content) {
        LinkedMultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        return http.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA).body(body)
                .retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> uploadModel(Path file) throws java.io.IOException {
        return upload("/api/v1/models", file.getFileName().toString(), Files.readAllBytes(file));
    }

    public ResponseEntity<JsonNode> uploadRaw(String name, byte[] content) {
        return http.post().uri(b -> b.path("/api/v1/models/raw").queryParam("name", name).build())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(content).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> get(String path) {
        return http.get().uri(path).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<byte[]> download(String path, Map<String, String> headers) {
        return http.get().uri(path).headers(h -> headers.forEach(h::add)).retrieve().toEntity(byte[].class);
    }

    public ResponseEntity<JsonNode> post(String path, Object body) {
        return post(path, body, HttpHeaders.EMPTY);
    }

    public ResponseEntity<JsonNode> post(String path, Object body, HttpHeaders headers) {
        RestClient.RequestBodySpec request = http.post().uri(path).headers(h -> h.addAll(headers));
        if (body instanceof String raw) {
            request.contentType(MediaType.APPLICATION_JSON).body(raw);
        } else if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> put(String path, Object body) {
        return http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body))
                .retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> delete(String path) {
        return http.delete().uri(path).retrieve().toEntity(JsonNode.class);
    }

    /** Uploads an NPZ dataset under its file name and returns its id; fails unless it is created (201). */
    public String uploadDataset(Path npz) throws java.io.IOException {
        ResponseEntity<JsonNode> uploaded = upload("/api/v1/datasets", npz.getFileName().toString(),
                Files.readAllBytes(npz));
        assertThat(uploaded.getStatusCode().value()).as("%s", uploaded.getBody()).isEqualTo(201);
        return uploaded.getBody().path("id").asString();
    }

    /** Uploads a model and waits until its inspection has finished. */
    public JsonNode uploadReadyModel(Path file) throws java.io.IOException {
        ResponseEntity<JsonNode> created = uploadModel(file);
        assertThat(created.getStatusCode().value()).as("upload of %s: %s", file, created.getBody()).isEqualTo(201);
        return awaitModel(created.getBody().path("id").asString(), m -> !m.path("status").asString().equals("INSPECTING"));
    }

    public JsonNode awaitModel(String id, Predicate<JsonNode> condition) {
        return await("/api/v1/models/" + id, condition, Duration.ofSeconds(60));
    }

    public JsonNode awaitJob(String id, Set<String> statuses) {
        return await("/api/v1/jobs/" + id, j -> statuses.contains(j.path("status").asString()), Duration.ofSeconds(120));
    }

    /** Submits a job, which must be accepted (202), and waits until it has finished. */
    public JsonNode submitAndAwait(Map<String, Object> job) {
        ResponseEntity<JsonNode> submitted = post("/api/v1/jobs", job);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        return awaitFinished(submitted.getBody().path("id").asString());
    }

    public JsonNode awaitFinished(String jobId) {
        return awaitJob(jobId, Set.of("SUCCEEDED", "FAILED", "CANCELLED"));
    }

    private JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path).getBody();
            if (last != null && condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        System.err.println(Diagnostics.snapshot());
        throw new AssertionError("timed out waiting on " + path + "; last state: " + last);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> quantizeJob(String modelId, String datasetId) {
        Map<String, Object> job = new java.util.LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "QUANTIZE");
        job.put("params", Map.of("method", "dynamic_int8"));
        if (datasetId != null) {
            job.put("datasetId", datasetId);
        }
        return job;
    }
}
