package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.client.ApiClient;
import dev.mcs.client.ApiException;
import dev.mcs.client.api.DatasetsApi;
import dev.mcs.client.api.JobsApi;
import dev.mcs.client.api.ModelsApi;
import dev.mcs.client.model.DatasetResponse;
import dev.mcs.client.model.DynamicInt8Params;
import dev.mcs.client.model.Fp16Params;
import dev.mcs.client.model.JobMetrics;
import dev.mcs.client.model.JobRequest;
import dev.mcs.client.model.JobResponse;
import dev.mcs.client.model.ModelResponse;
import dev.mcs.client.model.TechniqueParams;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Java client openapi-generator (library native, default options) makes from the committed contract at build
 * time runs the whole flow with its own classes only: upload, inspection, dataset, job, typed metrics, download.
 */
@ServiceTest
class OpenApiGeneratedClientTest {

    @LocalServerPort
    int port;

    ApiClient client;
    ModelsApi models;
    DatasetsApi datasets;
    JobsApi jobs;

    @BeforeEach
    void connect() {
        client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        models = new ModelsApi(client);
        datasets = new DatasetsApi(client);
        jobs = new JobsApi(client);
    }

    @Test
    void a_generated_java_client_uploads_compresses_reads_typed_metrics_and_downloads_the_result() throws Exception {
        ModelResponse uploaded = models.uploadModel(Fixtures.MLP_ONNX.toFile(), "generated-client");
        ModelResponse ready = await(() -> get(uploaded.getId()), m -> m.getStatus() != ModelResponse.StatusEnum.INSPECTING);
        assertThat(ready.getStatus()).isEqualTo(ModelResponse.StatusEnum.READY);
        assertThat(ready.getInspection().getOnnx().getInputs().get(0).getName()).isNotBlank();
        assertThat(ready.getInspection().getParameterCount()).isPositive();
        DatasetResponse dataset = datasets.uploadDataset(Fixtures.MLP_HOLDOUT.toFile(), "generated-client");

        JobRequest request = new JobRequest().modelId(ready.getId()).type(JobRequest.TypeEnum.QUANTIZE)
                .datasetId(dataset.getId())
                .params(new TechniqueParams(new DynamicInt8Params().method(DynamicInt8Params.MethodEnum.DYNAMIC_INT8)));
        JobResponse submitted = jobs.submitJob(request, UUID.randomUUID().toString());
        assertThat(submitted.getStatus()).isIn(JobResponse.StatusEnum.QUEUED, JobResponse.StatusEnum.RUNNING);
        JobResponse done = await(() -> job(submitted.getId()), j -> j.getFinishedAt() != null);

        assertThat(done.getStatus()).as("error: %s", done.getError()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
        JobMetrics metrics = done.getMetrics();
        assertThat(metrics.getFidelity().getCosineMean()).isBetween(0.9, 1.0);
        assertThat(metrics.getRatios().getSize()).isBetween(0.0, 1.0);
        assertThat(metrics.getOriginal().getSizeBytes()).isGreaterThan(metrics.getCompressed().getSizeBytes());
        assertThat(metrics.getEnvironment().getCores()).isPositive();
        assertThat(metrics.getTimingsMs().getAttemptWallMs()).isPositive();
        assertThat(metrics.getTechnique()).containsEntry("method", "dynamic_int8");

        File content = models.downloadModelContent(done.getOutputModelId(), null, null, null);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(content.toPath())));
        assertThat(sha256).isEqualTo(get(done.getOutputModelId()).getSha256());
    }

    /**
     * openapi-generator has no SSE support: the generated {@code streamJobEvents} reads the whole stream and parses
     * it as one JSON string, which fails. The README's way works with the generated client's own HTTP client, base
     * URI, request interceptor and ObjectMapper, and its typed {@code JobResponse} for each event's data.
     */
    @Test
    void the_event_stream_is_read_with_the_generated_clients_http_client_and_typed_job_responses() throws Exception {
        ModelResponse uploaded = models.uploadModel(Fixtures.MLP_ONNX.toFile(), "generated-client-sse");
        await(() -> get(uploaded.getId()), m -> m.getStatus() == ModelResponse.StatusEnum.READY);
        JobResponse submitted = jobs.submitJob(new JobRequest().modelId(uploaded.getId())
                .type(JobRequest.TypeEnum.QUANTIZE)
                .params(new TechniqueParams(new Fp16Params().method(Fp16Params.MethodEnum.FP16))), null);

        List<String> names = new ArrayList<>();
        JobResponse last = null;
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(client.getBaseUri() + "/api/v1/jobs/" + submitted.getId() + "/events"))
                .header("Accept", "text/event-stream");
        if (client.getRequestInterceptor() != null) {
            client.getRequestInterceptor().accept(request);
        }
        HttpResponse<Stream<String>> response = client.getHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    names.add(line.substring(6).trim());
                } else if (line.startsWith("data:")) {
                    last = client.getObjectMapper().readValue(line.substring(5).trim(), JobResponse.class);
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(names).isNotEmpty().last().isEqualTo("done");
        assertThat(names.subList(0, names.size() - 1)).containsOnly("progress");
        assertThat(last.getStatus()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
        assertThat(last.getMetrics().getRatios().getSize()).isBetween(0.0, 1.0);
        assertThat(last.getOutputModelId()).isEqualTo(jobs.getJob(submitted.getId()).getOutputModelId());
        ApiException generated = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> jobs.streamJobEvents(submitted.getId(), null));
        assertThat(generated.getMessage()).as("the generated method parses the stream as JSON").isNotBlank();
    }

    @Test
    void a_generated_client_reads_an_error_as_its_typed_problem() {
        UUID missing = UUID.randomUUID();
        ApiException error = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> models.getModel(missing));
        assertThat(error.getCode()).isEqualTo(404);
        assertThat(error.getResponseBody()).contains("https://model-compression-service.dev/problems/not-found");
    }

    private ModelResponse get(UUID id) {
        try {
            return models.getModel(id);
        } catch (ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobResponse job(UUID id) {
        try {
            return jobs.getJob(id);
        } catch (ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        T last = read.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = read.get();
        }
        assertThat(done.test(last)).as("timed out; last: %s", last).isTrue();
        return last;
    }
}
