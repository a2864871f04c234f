package dev.mcs.e2e;

import static dev.mcs.e2e.BadInputEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import dev.mcs.worker.engine.NpzWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Held-out evaluation through the job API: a job evaluated on a separate dataset reports that dataset's samples;
 * a job with only a dataset reports the held-out fifth of it; the evaluation dataset is validated like the
 * dataset and protected from deletion while the job is active.
 */
@ServiceTest
class EvaluationDatasetEndToEndTest {

    private static final int EVALUATION_SAMPLES = 50;
    private static final int HOLDOUT_SAMPLES = 360;
    private static final String RULE = "every fifth sample (index % 5 == 4)";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    Api api;
    String modelId;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
    }

    @Test
    void aJobWithAnEvaluationDatasetIsMeasuredOnThatDatasetAndSaysSo() throws Exception {
        String calibration = api.uploadDataset(Fixtures.MLP_HOLDOUT);
        String evaluation = api.uploadDataset(firstSamples(EVALUATION_SAMPLES, true, "input"));

        JsonNode job = run(job("static_int8", calibration, evaluation));

        assertThat(job.path("evaluationDatasetId").asString()).isEqualTo(evaluation);
        JsonNode data = job.path("metrics").path("evaluationData");
        assertThat(data.path("source").asString()).isEqualTo("evaluation-dataset");
        assertThat(data.path("samples").asInt()).isEqualTo(EVALUATION_SAMPLES);
        assertThat(data.has("rule")).isFalse();
        assertThat(job.path("metrics").path("sampleCount").asInt()).isEqualTo(EVALUATION_SAMPLES);
        assertThat(job.path("metrics").path("original").path("top1Accuracy").isNumber()).isTrue();
        assertThat(storedMetric(job, "evaluationData.samples")).isEqualTo(EVALUATION_SAMPLES);
    }

    @Test
    void aJobWithOnlyADatasetIsMeasuredOnItsHeldOutFifthAndCalibratesOnTheRest() throws Exception {
        JsonNode job = run(job("smoothquant", api.uploadDataset(Fixtures.MLP_HOLDOUT), null));

        assertThat(job.path("evaluationDatasetId").isNull()).isTrue();
        JsonNode data = job.path("metrics").path("evaluationData");
        assertThat(data.path("source").asString()).isEqualTo("held-out");
        assertThat(data.path("samples").asInt()).isEqualTo(HOLDOUT_SAMPLES / 5);
        assertThat(data.path("rule").asString()).isEqualTo(RULE);
        assertThat(job.path("metrics").path("fidelity").path("cosineMean").asDouble()).isGreaterThan(0.99);
    }

    @Test
    void anAccuracyTargetOfAutoIsCheckedOnTheHeldOutFifth() throws Exception {
        Map<String, Object> body = job("auto", api.uploadDataset(Fixtures.MLP_HOLDOUT), null);
        body.put("params", Map.of("method", "auto", "target", Map.of("maxAccuracyDrop", 0.02)));

        JsonNode job = run(body);

        assertThat(job.path("metrics").path("technique").path("sampleSource").asString()).isEqualTo("held-out");
        assertThat(job.path("metrics").path("technique").path("samples").asInt()).isEqualTo(HOLDOUT_SAMPLES / 5);
        assertThat(job.path("metrics").path("evaluationData").path("source").asString()).isEqualTo("held-out");
    }

    @Test
    void anUnknownEvaluationDatasetIs404() {
        ResponseEntity<JsonNode> response = api.post("/api/v1/jobs",
                job("dynamic_int8", null, UUID.randomUUID().toString()));

        assertProblem(response, 404, "not-found");
    }

    @Test
    void anEvaluationDatasetWithoutTheModelsInputIsRefusedNamingIt() throws Exception {
        String wrong = api.uploadDataset(firstSamples(EVALUATION_SAMPLES, true, "pixels"));

        ResponseEntity<JsonNode> response = api.post("/api/v1/jobs", job("dynamic_int8", null, wrong));

        assertProblem(response, 422, "dataset-mismatch");
        assertThat(response.getBody().path("detail").asString()).startsWith("the evaluation dataset has no array")
                .contains("pixels");
    }

    @Test
    void theDatasetItselfCannotAlsoBeTheEvaluationDataset() throws Exception {
        String calibration = api.uploadDataset(Fixtures.MLP_HOLDOUT);

        ResponseEntity<JsonNode> response = api.post("/api/v1/jobs", job("dynamic_int8", calibration, calibration));

        assertProblem(response, 400, "invalid-request");
        assertThat(response.getBody().path("detail").asString()).contains("held-out");
        assertThat(response.getBody().path("field").asString()).isEqualTo("evaluationDatasetId");
    }

    @Test
    void anAccuracyTargetNeedsLabelsInTheDataItIsCheckedOn() throws Exception {
        String labelled = api.uploadDataset(Fixtures.MLP_HOLDOUT);
        String unlabelled = api.uploadDataset(firstSamples(EVALUATION_SAMPLES, false, "input"));
        Map<String, Object> params = Map.of("method", "auto", "target", Map.of("maxAccuracyDrop", 0.02));

        Map<String, Object> unlabelledEvaluation = job("auto", labelled, unlabelled);
        unlabelledEvaluation.put("params", params);
        assertProblem(api.post("/api/v1/jobs", unlabelledEvaluation), 422, "dataset-required");

        Map<String, Object> labelledEvaluation = job("auto", unlabelled, labelled);
        labelledEvaluation.put("params", params);
        ResponseEntity<JsonNode> accepted = api.post("/api/v1/jobs", labelledEvaluation);
        assertThat(accepted.getStatusCode().value()).as("%s", accepted.getBody()).isEqualTo(202);
        api.awaitFinished(accepted.getBody().path("id").asString());
    }

    @Test
    void anEvaluationDatasetCannotBeDeletedWhileAJobThatUsesItIsActive() throws Exception {
        String evaluation = api.uploadDataset(firstSamples(EVALUATION_SAMPLES, true, "input"));
        UUID jobId = UUID.randomUUID();
        // A RUNNING row without a queue task: no runner picks it, so it stays active for as long as the test needs.
        jdbc.update("insert into job (id, tenant_id, model_id, evaluation_dataset_id, type, params, status, attempt,"
                + " max_attempts, created_at, updated_at) values (?, '00000000-0000-0000-0000-000000000001', ?::uuid, ?::uuid, 'QUANTIZE', '{\"method\":\"dynamic_int8\"}',"
                + " 'RUNNING', 1, 3, now(), now())", jobId, modelId, evaluation);
        try {
            assertProblem(api.delete("/api/v1/datasets/" + evaluation), 409, "conflict");
        } finally {
            jdbc.update("update job set status = 'CANCELLED', finished_at = now() where id = ?", jobId);
        }
        assertThat(api.delete("/api/v1/datasets/" + evaluation).getStatusCode().value()).isEqualTo(204);
    }

    private JsonNode run(Map<String, Object> body) {
        ResponseEntity<JsonNode> submitted = api.post("/api/v1/jobs", body);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        JsonNode job = api.awaitFinished(submitted.getBody().path("id").asString());
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    private Map<String, Object> job(String method, String datasetId, String evaluationDatasetId) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "QUANTIZE");
        job.put("params", Map.of("method", method));
        if (datasetId != null) {
            job.put("datasetId", datasetId);
        }
        if (evaluationDatasetId != null) {
            job.put("evaluationDatasetId", evaluationDatasetId);
        }
        return job;
    }


    /** The first samples of the MLP's holdout set, as another dataset (input array named {@code inputName}). */
    private Path firstSamples(int count, boolean labels, String inputName) throws Exception {
        Path path = dir.resolve(inputName + "-" + count + (labels ? "-labelled" : "") + ".npz");
        try (NpzArchive holdout = NpzArchive.open(Fixtures.MLP_HOLDOUT); NpzWriter writer = new NpzWriter(path)) {
            writer.floats(inputName, Arrays.copyOf(holdout.readFloats("input"), count * 64), count, 64);
            if (labels) {
                writer.longs("labels", Arrays.copyOf(holdout.readLongs("labels"), count), count);
            }
        }
        return path;
    }

    private int storedMetric(JsonNode job, String name) {
        return jdbc.queryForObject("select value from job_metric where job_id = ?::uuid and name = ?", Double.class,
                job.path("id").asString(), name).intValue();
    }
}
