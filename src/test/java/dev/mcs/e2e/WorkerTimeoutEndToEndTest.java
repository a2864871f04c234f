package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PostgresTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A job that outlives the worker timeout. It needs a service of its own: the shared test context's
 * timeout (two minutes) is far beyond a test's patience. This one kills a worker after two seconds,
 * and its workers could never finish in time anyway (a hundred million warm-up runs). Its own schema
 * and storage root keep its scheduler away from the shared context's jobs; it is closed afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mcs.worker.timeout=2s",
    "mcs.evaluation.warmup-runs=100000000",
    "mcs.storage.root=target/test-storage-timeout"
})
@ActiveProfiles("test")
@Import(PostgresTestConfiguration.class)
@DirtiesContext
class WorkerTimeoutEndToEndTest {

    @LocalServerPort
    int port;

    /** The shared tests' schema (as configured for this run) with a suffix, so parallel runs stay apart too. */
    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        String schema = System.getProperty("spring.flyway.default-schema", "mcs_test") + "_timeout";
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registry.add("spring.datasource.hikari.schema", () -> schema);
        registry.add("spring.jpa.properties.hibernate.default_schema", () -> schema);
    }

    @Test
    void aJobWhoseWorkerOutlivesTheTimeoutIsKilledOnEveryAttemptAndEndsFailedWithTheTimeoutProblem() throws Exception {
        Api api = new Api(port);
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();

        String jobId = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null)).getBody().path("id").asString();

        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("FAILED");
        assertThat(job.path("attempt").asInt()).as("test profile: two attempts").isEqualTo(2);
        assertThat(job.path("error").path("type").asString()).endsWith("/worker-timeout");
        assertThat(job.path("error").path("detail").asString()).startsWith("worker timed out after");
        assertThat(job.path("error").path("attempt").asInt()).isEqualTo(2);
        assertThat(job.path("outputModelId").isNull()).isTrue();
    }
}
