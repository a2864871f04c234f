package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL stopped in immediate mode (no checkpoint, connections cut) and started again while jobs run and
 * clients keep submitting and polling. Requests during the outage get 503 database-unavailable quickly, every job
 * accepted before or after finishes, and the service itself is never restarted. Needs the Debian cluster tools
 * that {@code .ci/run} uses; skipped where PostgreSQL is not a local cluster this process may restart.
 */
class PostgresRestartBatteryTest {

    private static final Path CLUSTERS = Path.of("/etc/postgresql");
    private static final Duration QUICKLY = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @Test
    void aDatabaseRestartDuringJobsLosesNoAcceptedJobAndAnswers503Meanwhile() throws Exception {
        round(dir.resolve("round-0"), 4);
    }

    @Test
    @Tag("benchmark")
    void tenDatabaseRestartsInARowLoseNoAcceptedJob() throws Exception {
        for (int round = 0; round < 10; round++) {
            round(dir.resolve("round-" + round), 8);
        }
    }

    private void round(Path roundDir, int jobCount) throws Exception {
        assumeThat(Files.isDirectory(CLUSTERS) && Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")))
                .as("a local Debian PostgreSQL cluster").isTrue();
        try (ServiceProcess service = new ServiceProcess(roundDir, "mcs_test_pg_restart", List.of()).start()) {
            Api api = service.api();
            String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
            List<String> accepted = new CopyOnWriteArrayList<>(submit(api, modelId, jobCount));

            cluster("stop", "-m", "immediate");
            List<Long> outageMillis = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    ResponseEntity<JsonNode> during = api.post("/api/v1/jobs", job(modelId));
                    outageMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    assertUnavailable(during);
                    assertUnavailable(api.get("/api/v1/jobs/" + accepted.get(0)));
                }
            } finally {
                cluster("start");
            }
            assertThat(outageMillis).as("answer times during the outage").allMatch(ms -> ms < QUICKLY.toMillis());
            accepted.addAll(submitWhenBack(api, modelId, jobCount));

            for (String id : accepted) {
                JsonNode job = awaitFinal(api, id);
                assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
            }
        }
    }

    private static void assertUnavailable(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(503);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getBody().path("type").asString()).endsWith("/database-unavailable");
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }

    private static List<String> submit(Api api, String modelId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ResponseEntity<JsonNode> response = api.post("/api/v1/jobs", job(modelId));
            assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(202);
            ids.add(response.getBody().path("id").asString());
        }
        return ids;
    }

    /** The first requests after the start may still meet a broken pooled connection: retried like a client would. */
    private static List<String> submitWhenBack(Api api, String modelId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (api.get("/api/v1/jobs?size=1").getStatusCode().value() != 200) {
            assertThat(System.nanoTime()).as("the service never recovered").isLessThan(deadline);
            Api.sleep(500);
        }
        return submit(api, modelId, count);
    }

    private static Map<String, Object> job(String modelId) {
        return Map.of("modelId", modelId, "type", "QUANTIZE", "params", Map.of("method", "dynamic_int8"));
    }

    private static JsonNode awaitFinal(Api api, String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            ResponseEntity<JsonNode> response = api.get("/api/v1/jobs/" + id);
            JsonNode job = response.getBody();
            if (response.getStatusCode().value() == 200
                    && Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("status").asString())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s never finished: %s", id, job).isLessThan(deadline);
            Api.sleep(500);
        }
    }

    private static void cluster(String... action) throws Exception {
        String version;
        try (var versions = Files.list(CLUSTERS)) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main"));
        command.addAll(List.of(action));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("%s: %s", command, output).isTrue();
    }
}
