package dev.mcs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Path classLog = dir.resolve("classes.log");
        try (ServiceProcess service = new ServiceProcess(dir.resolve("service"), SCHEMA,
                List.of("-Xlog:class+load=info:file=" + classLog), List.of()).start()) {
            Api api = service.api();
            JsonNode model = api.uploadReadyModel(Fixtures.MLP_ONNX);
            assertThat(model.path("status").asString()).isEqualTo("READY");
            JsonNode job = api.post("/api/v1/jobs", Api.quantizeJob(model.path("id").asString(), null)).getBody();
            assertThat(api.awaitFinished(job.path("id").asString()).path("status").asString()).isEqualTo("SUCCEEDED");
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertThat(loaded).as("the class-load log is real").anyMatch(line -> line.contains(" dev.mcs.service.job.JobCommitter "));
        assertThat(loaded).filteredOn(ServiceProcessLoadsNoEngineTest::forbidden).isEmpty();
    }

    /** A package-info holds no code; classpath scanning may read one for its annotations. */
    private static boolean forbidden(String line) {
        return !line.contains(".package-info ") && FORBIDDEN.stream().anyMatch(prefix -> line.contains("] " + prefix) || line.contains(" " + prefix));
    }
}
