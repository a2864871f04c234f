package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** Per-tenant quotas over real HTTP: stored bytes, waiting jobs, running jobs. */
class QuotaEndToEndTest extends SecuredService {

    private static final long MODEL_BYTES = 27_210;

    @Test
    void an_upload_past_the_storage_quota_is_a_413_problem_and_leaves_no_file_behind() throws IOException {
        String tenant = tenant("storage", Map.of("storageBytes", MODEL_BYTES + 1000));
        Api api = member(tenant);
        assertThat(api.uploadModel(Fixtures.MLP_ONNX).getStatusCode().value()).isEqualTo(201);
        long files = blobFiles();

        ResponseEntity<JsonNode> second = api.uploadModel(Fixtures.MLP_ONNX);
        ResponseEntity<JsonNode> dataset = api.upload("/api/v1/datasets", "d.npz", Files.readAllBytes(Fixtures.MLP_HOLDOUT));

        assertProblem(second, 413, "storage-quota-exceeded");
        assertThat(second.getBody().path("limitBytes").asLong()).isEqualTo(MODEL_BYTES + 1000);
        assertThat(second.getBody().path("usedBytes").asLong()).isEqualTo(MODEL_BYTES);
        assertProblem(dataset, 413, "storage-quota-exceeded");
        assertThat(blobFiles()).as("refused uploads leave no blob").isEqualTo(files);
        assertThat(admin().get("/api/v1/admin/tenants/" + tenant).getBody().path("storedBytes").asLong())
                .isEqualTo(MODEL_BYTES);
    }

    @Test
    void a_tenant_whose_quota_is_used_up_is_refused_before_its_upload_is_read_and_raising_it_lets_it_in()
            throws IOException {
        String tenant = tenant("full", Map.of("storageBytes", 0));
        Api api = member(tenant);
        assertProblem(api.uploadModel(Fixtures.MLP_ONNX), 413, "storage-quota-exceeded");

        ResponseEntity<JsonNode> raised = admin().put("/api/v1/admin/tenants/" + tenant + "/limits",
                Map.of("storageBytes", MODEL_BYTES));

        assertThat(raised.getBody().path("limits").path("storageBytes").asLong()).isEqualTo(MODEL_BYTES);
        assertThat(api.uploadModel(Fixtures.MLP_ONNX).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void a_submission_past_the_queued_jobs_limit_is_a_429_problem() throws IOException {
        Api api = member(tenant("queue", Map.of("queuedJobs", 0)));
        String model = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();

        ResponseEntity<JsonNode> refused = api.post("/api/v1/jobs", Api.quantizeJob(model, null));

        assertProblem(refused, 429, "job-quota-exceeded");
        assertThat(refused.getBody().path("limit").asInt()).isZero();
        assertThat(api.get("/api/v1/jobs").getBody().path("totalItems").asInt()).isZero();
    }

    @Test
    void a_tenant_limited_to_one_running_job_never_runs_two_and_its_jobs_still_all_finish() throws IOException {
        Api api = member(tenant("serial", Map.of("concurrentJobs", 1)));
        String model = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        List<String> jobs = Stream.of(1, 2).map(n -> api.post("/api/v1/jobs", Api.quantizeJob(model, null))
                .getBody().path("id").asString()).toList();

        int mostRunning = 0;
        Map<String, String> status = new HashMap<>();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!Set.of("SUCCEEDED").containsAll(status.values()) || status.size() < jobs.size()) {
            assertThat(System.nanoTime()).as("jobs finish in time: %s", status).isLessThan(deadline);
            jobs.forEach(id -> status.put(id, api.get("/api/v1/jobs/" + id).getBody().path("status").asString()));
            assertThat(status.values()).as("no job fails").doesNotContain("FAILED", "CANCELLED");
            mostRunning = Math.max(mostRunning, (int) status.values().stream().filter("RUNNING"::equals).count());
            Api.sleep(50);
        }
        assertThat(mostRunning).isEqualTo(1);
    }

    @Test
    void impossible_limits_and_a_taken_tenant_name_are_refused_with_problems() throws IOException {
        ResponseEntity<JsonNode> zeroRate = admin().post("/api/v1/admin/tenants",
                Map.of("name", "zero-rate", "limits", Map.of("requestsPerSecond", 0)));
        String tenant = tenant("taken", Map.of());
        String name = admin().get("/api/v1/admin/tenants/" + tenant).getBody().path("name").asString();

        assertProblem(zeroRate, 400, "invalid-request");
        assertThat(zeroRate.getBody().path("field").asString()).isEqualTo("limits.requestsPerSecond");
        assertProblem(admin().post("/api/v1/admin/tenants", Map.of("name", name)), 409, "conflict");
        assertProblem(admin().put("/api/v1/admin/tenants/" + tenant + "/limits", Map.of("concurrentJobs", 0)), 400,
                "invalid-request");
    }

    /** Stored blobs and upload temp files (not the inspection workers' scratch folders, which come and go). */
    private static long blobFiles() throws IOException {
        long count = 0;
        for (String dir : List.of("blobs", "tmp")) {
            try (Stream<Path> files = Files.walk(Path.of(STORAGE_ROOT, dir))) {
                count += files.filter(Files::isRegularFile).count();
            }
        }
        return count;
    }
}
