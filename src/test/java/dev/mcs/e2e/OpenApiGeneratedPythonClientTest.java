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
 * The Python client openapi-generator makes from the committed contract at build time (generator {@code python},
 * default options) runs the whole flow with its own classes only: upload, inspection, dataset, job, the event stream
 * (urllib3 lines, each event's data a typed JobResponse), typed metrics, and the download, whose sha256 must be the
 * output model's. Runs where python3 with pydantic 2, urllib3 and python-dateutil is installed.
 */
@ServiceTest
class OpenApiGeneratedPythonClientTest {

    private static final Path CLIENT = Path.of("target/generated-test-sources/python-client");
    private static final String SCRIPT = """
            import hashlib, sys, time, uuid
            from openapi_client import (ApiClient, Configuration, DatasetsApi, DynamicInt8Params, JobMetrics, JobRequest,
                                        JobResponse, JobsApi, ModelsApi, TechniqueParams)
            host, model_file, dataset_file = sys.argv[1:4]

            def until(read, done, seconds=120):
                deadline = time.time() + seconds
                while True:
                    value = read()
                    if done(value) or time.time() > deadline:
                        return value
                    time.sleep(0.2)

            with ApiClient(Configuration(host=host)) as client:
                models, datasets, jobs = ModelsApi(client), DatasetsApi(client), JobsApi(client)
                uploaded = models.upload_model(file=model_file, name="python-client")
                model = until(lambda: models.get_model(uploaded.id), lambda m: m.status != "INSPECTING")
                assert model.status == "READY", model
                assert model.inspection.onnx.inputs[0].name, model.inspection
                dataset = datasets.upload_dataset(file=dataset_file, name="python-client")
                request = JobRequest(model_id=model.id, type="QUANTIZE", dataset_id=dataset.id,
                                     params=TechniqueParams(DynamicInt8Params(method="dynamic_int8")))
                submitted = jobs.submit_job(request, idempotency_key=str(uuid.uuid4()))
                assert submitted.status in ("QUEUED", "RUNNING"), submitted

                events, event = [], None
                # the generated Accept prefers application/problem+json (a 406 here): ask for the stream itself
                stream = jobs.stream_job_events_without_preload_content(submitted.id,
                                                                         _headers={"Accept": "text/event-stream"})
                for line in stream:
                    line = line.decode().rstrip()
                    if line.startswith("event:"):
                        events.append(line[6:].strip())
                    elif line.startswith("data:"):
                        event = JobResponse.from_json(line[5:])
                assert events and events[-1] == "done", (stream.status, stream.headers, events)
                assert set(events[:-1]) <= {"progress"}, events

                done = jobs.get_job(submitted.id)
                assert done.status == "SUCCEEDED", done.error
                assert event.output_model_id == done.output_model_id, (event, done)
                metrics = done.metrics
                assert isinstance(metrics, JobMetrics), type(metrics)
                assert metrics.original.size_bytes > metrics.compressed.size_bytes, metrics
                assert metrics.technique["method"] == "dynamic_int8", metrics.technique
                content = models.download_model_content(done.output_model_id)
                output = models.get_model(done.output_model_id)
                assert hashlib.sha256(content).hexdigest() == output.sha256, (len(content), output.sha256)
                print(done.id, done.status, metrics.ratios.size, metrics.fidelity.cosine_mean, event.status,
                      output.sha256)
            """;

    @LocalServerPort
    int port;

    @Test
    void a_generated_python_client_uploads_compresses_follows_reads_typed_metrics_and_downloads_the_result()
            throws Exception {
        assumeTrue(pythonCanRun(), "python3 with pydantic 2, urllib3 and python-dateutil is not installed here");
        Api api = new Api(port);

        String printed = python(List.of("-c", SCRIPT, "http://localhost:" + port,
                Fixtures.MLP_ONNX.toAbsolutePath().toString(), Fixtures.MLP_HOLDOUT.toAbsolutePath().toString()));

        String[] values = printed.strip().split("\\s+");
        JsonNode done = api.get("/api/v1/jobs/" + values[0]).getBody();
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(values[1]).isEqualTo("SUCCEEDED");
        assertThat(Double.parseDouble(values[2])).isEqualTo(done.path("metrics").path("ratios").path("size").asDouble());
        assertThat(Double.parseDouble(values[3]))
                .isEqualTo(done.path("metrics").path("fidelity").path("cosineMean").asDouble());
        assertThat(values[4]).as("the last event's data, a typed JobResponse").isEqualTo("SUCCEEDED");
        String output = done.path("outputModelId").asString();
        assertThat(values[5]).as("the downloaded file's sha256").isEqualTo(api.get("/api/v1/models/" + output)
                .getBody().path("sha256").asString());
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
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("python finished").isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
