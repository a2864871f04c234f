package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Real processes killed with SIGKILL mid-flight: a worker, then the service itself, while jobs run; then the
 * service is started again on the same database and storage. Every job must reach a final state, no job may run
 * two attempts at once, every success has exactly one output whose download matches its sha256, and once the
 * sweep has run the storage root holds exactly the blobs the rows reference. The default run does one round of
 * six jobs; the benchmark-tagged run does ten rounds of twenty.
 */
class FaultBatteryTest {

    private static final String SCHEMA = ServiceProcess.isolated("mcs_test_faults");
    private static final List<String> METHODS = List.of("dynamic_int8", "fp16", "weight_only_int8");
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir
    Path dir;

    @Test
    void killingAWorkerAndThenTheServiceMidFlightLosesNoJobAndLeavesNoOrphans() throws Exception {
        round(dir.resolve("round-0"), 6);
    }

    @Test
    @Tag("benchmark")
    void tenRoundsOfTwentyJobsSurviveSigkillOfWorkersAndService() throws Exception {
        for (int round = 0; round < 10; round++) {
            round(dir.resolve("round-" + round), 20);
        }
    }

    private void round(Path roundDir, int jobCount) throws Exception {
        try {
            runRound(roundDir, jobCount);
        } catch (AssertionError e) {
            List<String> log = Files.readAllLines(roundDir.resolve("service.log"));
            throw new AssertionError(e.getMessage() + "\nthe service log ends with:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())), e);
        }
    }

    private void runRound(Path roundDir, int jobCount) throws Exception {
        List<String> arguments = List.of("--mcs.sweep.interval=2s", "--mcs.sweep.grace=5s",
                "--mcs.worker.max-attempts=3");
        try (ServiceProcess service = new ServiceProcess(roundDir, "mcs_test_faults", arguments).start();
                WorkerWatch watch = new WorkerWatch(service.storage())) {
            try {
                runRound(service, watch, jobCount);
            } catch (AssertionError e) {
                Files.writeString(Path.of("target/service-logs").resolve(SCHEMA + "-threads.txt"), service.threadDump());
                throw e;
            }
        }
    }

    private void runRound(ServiceProcess service, WorkerWatch watch, int jobCount) throws Exception {
        Api api = service.api();
        JsonNode model = api.uploadReadyModel(Fixtures.CNN_ONNX);
        assertThat(model.path("status").asString()).as("model %s", model).isEqualTo("READY");
        String modelId = model.path("id").asString();
        List<String> jobs = submit(api, modelId, jobCount);

        awaitRunningWorker(watch).destroyForcibly();
        awaitRunningWorker(watch);
        service.killHard();
        awaitNoWorkers(watch);
        service.start();

        List<JsonNode> finished = awaitAllFinal(service.api(), jobs);
        assertThat(watch.overlaps()).as("jobs that had two workers at once").isEmpty();
        for (JsonNode job : finished) {
            assertFinishedProperly(service.api(), job);
        }
        Api.sleep(Duration.ofSeconds(9).toMillis());
        assertOnlyReferencedFiles(service.storage());
    }

    private static List<String> submit(Api api, String modelId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> body = Map.of("modelId", modelId, "type", "QUANTIZE",
                    "params", Map.of("method", METHODS.get(i % METHODS.size())));
            var response = api.post("/api/v1/jobs", body);
            assertThat(response.getStatusCode().value()).as("submission: %s", response.getBody()).isEqualTo(202);
            ids.add(response.getBody().path("id").asString());
        }
        return ids;
    }

    private static ProcessHandle awaitRunningWorker(WorkerWatch watch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> workers = watch.workers();
            if (!workers.isEmpty()) {
                return workers.get(0);
            }
            Api.sleep(20);
        }
        throw new AssertionError("no worker started");
    }

    private static void awaitNoWorkers(WorkerWatch watch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!watch.workers().isEmpty()) {
            assertThat(System.nanoTime()).as("workers still alive after the service died: %s", watch.workers())
                    .isLessThan(deadline);
            Api.sleep(100);
        }
    }

    private static List<JsonNode> awaitAllFinal(Api api, List<String> ids) {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (true) {
            List<JsonNode> jobs = ids.stream().map(id -> api.get("/api/v1/jobs/" + id).getBody()).toList();
            if (jobs.stream().allMatch(job -> FINAL.contains(job.path("status").asString()))) {
                return jobs;
            }
            assertThat(System.nanoTime()).as("jobs never finished: %s", jobs.stream()
                    .map(job -> job.path("id").asString() + "=" + job.path("status").asString()).toList())
                    .isLessThan(deadline);
            Api.sleep(500);
        }
    }

    private static void assertFinishedProperly(Api api, JsonNode job) throws Exception {
        String status = job.path("status").asString();
        if (!status.equals("SUCCEEDED")) {
            assertThat(job.path("error").path("type").asString()).as("reason of %s", job).isNotBlank();
            return;
        }
        String outputId = job.path("outputModelId").asString();
        JsonNode output = api.get("/api/v1/models/" + outputId).getBody();
        byte[] content = api.download("/api/v1/models/" + outputId + "/content", Map.of()).getBody();
        assertThat(sha256(content)).as("download of %s", outputId).isEqualTo(output.path("sha256").asString());
        try (Connection db = connect()) {
            var count = db.prepareStatement("select count(*) from " + SCHEMA + ".model where produced_by_job_id = ?::uuid");
            count.setString(1, job.path("id").asString());
            var result = count.executeQuery();
            result.next();
            assertThat(result.getLong(1)).as("outputs of job %s", job.path("id").asString()).isEqualTo(1);
        }
    }

    private static void assertOnlyReferencedFiles(Path storage) throws Exception {
        Set<String> referenced = new TreeSet<>();
        try (Connection db = connect(); var rows = db.createStatement().executeQuery("select blob_key from " + SCHEMA
                + ".model union all select blob_key from " + SCHEMA + ".dataset")) {
            while (rows.next()) {
                referenced.add(storage.resolve("blobs").resolve(rows.getString(1)).toString());
            }
        }
        assertThat(files(storage.resolve("blobs"))).as("blobs").isEqualTo(referenced);
        assertThat(files(storage.resolve("work"))).as("worker directories").isEmpty();
        assertThat(files(storage.resolve("tmp"))).as("temporary files").isEmpty();
    }

    private static Set<String> files(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static Connection connect() throws Exception {
        return ServiceProcess.connect();
    }
}
