package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Python client openapi-generator makes from the committed contract at build time imports and reads a finished
 * job's metrics as typed models, and reads its event stream (urllib3 lines, each event's data a typed JobResponse).
 * Runs where python3 with pydantic 2, urllib3 and python-dateutil is installed.
 */
@ServiceTest
class OpenApiGeneratedPythonClientTest {

    private static final Path CLIENT = Path.of("target/generated-test-sources/python-client");
    private static final String SCRIPT = """
            import sys
            import openapi_client
            from openapi_client.models.job_metrics import JobMetrics
            from openapi_client.models.job_response import JobResponse
            configuration = openapi_client.Configuration(host=sys.argv[1])
            with openapi_client.ApiClient(configuration) as client:
                jobs = openapi_client.JobsApi(client)
                job = jobs.get_job(sys.argv[2])
                assert isinstance(job.metrics, JobMetrics), type(job.metrics)
                events, event = [], None
                # the generated Accept prefers application/problem+json (a 406 here): ask for the stream itself
                stream = jobs.stream_job_events_without_preload_content(sys.argv[2],
                                                                         _headers={"Accept": "text/event-stream"})
                for line in stream:
                    line = line.decode().rstrip()
                    if line.startswith("event:"):
                        events.append(line[6:].strip())
                    elif line.startswith("data:"):
                        event = JobResponse.from_json(line[5:])
                assert events and events[-1] == "done", (stream.status, stream.headers, events)
                assert event.output_model_id == job.output_model_id, (event, job)
                print(job.status, job.metrics.ratios.size, job.metrics.fidelity.cosine_mean, event.status)
            """;

    @LocalServerPort
    int port;

    @Test
    void a_generated_python_client_reads_a_jobs_metrics_typed() throws Exception {
        assumeTrue(pythonCanRun(), "python3 with pydantic 2, urllib3 and python-dateutil is not installed here");
        Api api = new Api(port);
        String model = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String job = api.post("/api/v1/jobs", Api.quantizeJob(model, null)).getBody().path("id").asString();
        JsonNode done = api.awaitFinished(job);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");

        String printed = python(List.of("-c", SCRIPT, "http://localhost:" + port, job)).strip();

        String[] values = printed.split(" ");
        assertThat(values[0]).endsWith("SUCCEEDED");
        assertThat(Double.parseDouble(values[1])).isEqualTo(done.path("metrics").path("ratios").path("size").asDouble());
        assertThat(Double.parseDouble(values[2]))
                .isEqualTo(done.path("metrics").path("fidelity").path("cosineMean").asDouble());
        assertThat(values[3]).as("the last event's data, a typed JobResponse").endsWith("SUCCEEDED");
    }

    private static boolean pythonCanRun() {
        try {
            python(List.of("-c", "import pydantic, urllib3, dateutil; assert pydantic.VERSION.startswith('2')"));
            return Files.isDirectory(CLIENT.resolve("openapi_client"));
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    private static String python(List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", CLIENT.toAbsolutePath().toString());
        Process process = builder.start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
