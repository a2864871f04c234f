package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.launch.WorkerProperties;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.OnnxModels;
import dev.mcs.support.ServiceTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Workers that die or are cancelled never leave a job stuck in RUNNING. */
@ServiceTest
class WorkerFailureEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WorkerProperties workers;

    @Autowired
    EvaluationSettings evaluation;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aRealWorkerRunsUnderTheSandboxThatActuatorInfoReports() throws Exception {
        JsonNode info = api.get("/actuator/info").getBody().path("workerSandbox");
        assertThat(info.path("enabled").asBoolean()).isTrue();
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        ProcessHandle worker = awaitWorkerFor(jobId);
        // The sandbox's unshare and prlimit become the JVM by exec: read the limits once the JVM runs.
        while (!worker.info().command().orElse("").endsWith("java") && worker.isAlive()) {
            Thread.sleep(20);
        }
        String limits = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + worker.pid() + "/limits"));

        if (info.path("maxOpenFiles").isInt()) {
            assertThat(limits).containsPattern("Max open files\\s+" + info.path("maxOpenFiles").asInt());
            assertThat(limits).containsPattern("Max core file size\\s+0\\s+0");
        }
        assertThat(api.awaitFinished(jobId).path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aWorkerKilledMidJobIsRetriedAndTheJobStillSucceeds() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        ProcessHandle worker = awaitWorkerFor(jobId);
        worker.destroyForcibly();

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aWorkerKilledOnEveryAttemptEndsFailedWithTheSignal() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        awaitWorkerFor(jobId).destroyForcibly();
        api.awaitJob(jobId, Set.of("RUNNING", "QUEUED", "FAILED", "SUCCEEDED"));
        awaitWorkerFor(jobId).destroyForcibly();

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("FAILED");
        assertThat(job.path("attempt").asInt()).isEqualTo(2);
        assertThat(job.path("error").path("type").asString()).endsWith("/worker-crashed");
        assertThat(job.path("error").path("detail").asString()).contains("SIGKILL");
    }

    @Test
    void aWorkerThatRunsOutOfHeapEndsFailedWithTheOutOfMemoryProblem() {
        // One synthetic sample of this width fits the worker heap (inspection runs one); the evaluation's
        // set of samples needs twice the heap. The model file itself is a few hundred bytes.
        long sampleBytes = 2 * workers.heap().toBytes() / evaluation.syntheticSamples();
        int width = Math.toIntExact(sampleBytes / Float.BYTES);
        ResponseEntity<JsonNode> created = api.upload("/api/v1/models", "wide.onnx", OnnxModels.wideInput(width));
        JsonNode model = api.awaitModel(created.getBody().path("id").asString(),
                m -> !m.path("status").asString().equals("INSPECTING"));
        assertThat(model.path("status").asString()).as("model %s", model).isEqualTo("READY");

        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(model.path("id").asString(), null)).getBody()
                .path("id").asString();

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("FAILED");
        assertThat(job.path("attempt").asInt()).isEqualTo(workers.maxAttempts());
        assertThat(job.path("error").path("type").asString()).endsWith("/worker-crashed");
        assertThat(job.path("error").path("detail").asString()).startsWith("worker ran out of memory");
        assertThat(job.path("error").path("exitCode").asInt()).as("-XX:+ExitOnOutOfMemoryError").isEqualTo(3);
        assertThat(job.path("outputModelId").isNull()).isTrue();
    }

    @Test
    void cancellingARunningJobKillsItsWorker() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();
        ProcessHandle worker = awaitWorkerFor(jobId);

        JsonNode cancelled = api.post("/api/v1/jobs/" + jobId + "/cancel", null).getBody();

        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        worker.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        awaitTaskRemoved(jobId);
        JsonNode job = api.get("/api/v1/jobs/" + jobId).getBody();
        assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(job.path("outputModelId").isNull()).isTrue();
    }

    @Test
    void aJobLeftRunningByADeadServiceInstanceIsRecovered() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        UUID jobId = leftRunningByACrashedInstance(modelId, 1, 2);

        JsonNode job = api.awaitFinished(jobId.toString());

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aJobLeftRunningOnItsLastAttemptByADeadServiceInstanceEndsFailedAsWorkerLost() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        UUID jobId = leftRunningByACrashedInstance(modelId, 2, 2);

        JsonNode job = api.awaitFinished(jobId.toString());

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("FAILED");
        assertThat(job.path("attempt").asInt()).as("no further attempt was started").isEqualTo(2);
        assertThat(job.path("error").path("type").asString()).endsWith("/worker-lost");
        assertThat(job.path("error").path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void theEventStreamReportsProgressAndEndsWithTheFinalStatus() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + jobId + "/events"))
                .timeout(Duration.ofSeconds(90)).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).trim());
                }
            }
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(events).isNotEmpty().last().isEqualTo("done");
        assertThat(api.get("/api/v1/jobs/" + jobId).getBody().path("status").asString()).isEqualTo("SUCCEEDED");
    }

    /** The runner removes a job's task once it has concluded the attempt: nothing can change the job after that. */
    private void awaitTaskRemoved(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String sql = "select count(*) from scheduled_tasks where task_instance = ?";
        while (jdbc.queryForObject(sql, Long.class, jobId) > 0) {
            assertThat(System.nanoTime()).as("the runner never concluded job %s", jobId).isLessThan(deadline);
            Api.sleep(50);
        }
    }

    /** What a crashed instance leaves behind: a RUNNING job and a picked task whose heartbeat stopped. */
    private UUID leftRunningByACrashedInstance(String modelId, int attempt, int maxAttempts) {
        UUID jobId = UUID.randomUUID();
        jdbc.update("""
                insert into job (id, tenant_id, model_id, type, params, status, attempt, max_attempts, progress,
                                 stage, created_at, started_at, updated_at)
                values (?, '00000000-0000-0000-0000-000000000001', ?::uuid, 'QUANTIZE', '{"technique":"QUANTIZE","method":"dynamic_int8"}'::jsonb, 'RUNNING',
                        ?, ?, 0.4, 'evaluating', now() - interval '10 minutes', now() - interval '9 minutes', now())""",
                jobId, modelId, attempt, maxAttempts);
        jdbc.update("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,
                                             last_heartbeat, version)
                values ('run-job', ?, now() - interval '9 minutes', true, 'crashed-instance',
                        now() - interval '9 minutes', 1)""", jobId.toString());
        return jobId;
    }

    /** The worker JVM of a job: a child of this JVM whose task file lives in the job's attempt directory. */
    private static ProcessHandle awaitWorkerFor(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> worker = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("jobs/" + jobId))
                    .findFirst();
            if (worker.isPresent()) {
                return worker.get();
            }
            Api.sleep(20);
        }
        throw new AssertionError("no worker process appeared for job " + jobId);
    }
}
