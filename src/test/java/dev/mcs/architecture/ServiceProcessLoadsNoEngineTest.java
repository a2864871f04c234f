package dev.mcs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Starts the real service as its own process, with the JVM logging every class it loads, runs a job
 * through it (inspection and compression happen in worker processes), and checks the service process
 * itself never loaded a native engine, the ONNX protobuf classes or any worker-runtime class.
 */
class ServiceProcessLoadsNoEngineTest {

    private static final List<String> FORBIDDEN = List.of("ai.onnxruntime.", "ai.djl.", "ai.onnx.", "dev.mcs.worker.");
    private static final String SCHEMA = "mcs_test_boundary";

    @TempDir
    Path dir;

    @Test
    void the_service_process_runs_a_whole_job_without_loading_an_engine_or_worker_class() throws Exception {
        int port = freePort();
        Path classLog = dir.resolve("classes.log");
        Process service = start(port, classLog);
        try {
            Api api = new Api(port);
            awaitHealthy(api, service);
            JsonNode model = api.uploadReadyModel(Fixtures.MLP_ONNX);
            assertThat(model.path("status").asString()).isEqualTo("READY");
            JsonNode job = api.post("/api/v1/jobs", Api.quantizeJob(model.path("id").asString(), null)).getBody();
            assertThat(api.awaitFinished(job.path("id").asString()).path("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertThat(loaded).as("the class-load log is real").anyMatch(line -> line.contains(" dev.mcs.service.job.JobCommitter "));
        assertThat(loaded).filteredOn(ServiceProcessLoadsNoEngineTest::forbidden).isEmpty();
    }

    private Process start(int port, Path classLog) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                "dev.mcs.Application", "--spring.profiles.active=test", "--server.port=" + port,
                "--mcs.storage.root=" + dir.resolve("storage"), "--spring.flyway.schemas=" + SCHEMA,
                "--spring.flyway.default-schema=" + SCHEMA, "--spring.datasource.hikari.schema=" + SCHEMA,
                "--spring.jpa.properties.hibernate.default_schema=" + SCHEMA);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile()).start();
    }

    private void awaitHealthy(Api api, Process service) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && service.isAlive()) {
            try {
                if (api.get("/actuator/health").getStatusCode().is2xxSuccessful()) {
                    return;
                }
            } catch (RuntimeException notUpYet) {
                // connection refused until Tomcat listens
            }
            Api.sleep(250);
        }
        throw new AssertionError("the service did not become healthy; its log ends with:\n"
                + String.join("\n", tail(Files.readAllLines(dir.resolve("service.log")))));
    }

    /** A package-info holds no code; classpath scanning may read one for its annotations. */
    private static boolean forbidden(String line) {
        return !line.contains(".package-info ") && FORBIDDEN.stream().anyMatch(prefix -> line.contains("] " + prefix) || line.contains(" " + prefix));
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 40), lines.size());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
