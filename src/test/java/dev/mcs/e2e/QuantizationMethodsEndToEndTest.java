package dev.mcs.e2e;

import static dev.mcs.e2e.BadInputEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every quantization method through the job API, on the digits fixtures, with fidelity asserted. */
@ServiceTest
class QuantizationMethodsEndToEndTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void dynamicInt8HonoursReducedRangePerTensorWeightsAndExcludedNodes() throws Exception {
        JsonNode job = run(Fixtures.MLP_ONNX, Fixtures.MLP_HOLDOUT, Map.of("method", "dynamic_int8",
                "weightRange", "reduced", "perChannel", false, "excludeNodes", java.util.List.of("/layers/layers.4/Gemm")));
        assertThat(job.path("params").path("weightRange").asString()).isEqualTo("reduced");
        assertThat(job.path("metrics").path("technique").toString()).contains("/layers/layers.4/Gemm");
        assertThat(job.path("metrics").path("fidelity").path("top1Agreement").asDouble()).isGreaterThan(0.95);
    }

    @Test
    void staticInt8KeepsTheCnnAccuracyWithEveryCalibration() throws Exception {
        for (String calibration : java.util.List.of("minmax", "percentile", "entropy")) {
            JsonNode job = run(Fixtures.CNN_ONNX, Fixtures.CNN_HOLDOUT, Map.of("method", "static_int8", "calibration", calibration));
            JsonNode metrics = job.path("metrics");
            assertThat(metrics.path("accuracyDrop").asDouble()).as("%s: %s", calibration, metrics).isLessThanOrEqualTo(0.01);
            assertThat(job.path("params").path("calibration").asString()).isEqualTo(calibration);
        }
    }

    @Test
    void staticInt8OnTheWideCnnKeepsTheAccuracyAndReportsTheLatencyRatio() throws Exception {
        JsonNode metrics = run(Fixtures.CNN_WIDE_ONNX, Fixtures.CNN_HOLDOUT, Map.of("method", "static_int8")).path("metrics");
        assertThat(metrics.path("accuracyDrop").asDouble()).as("%s", metrics).isLessThanOrEqualTo(0.005);
        assertThat(metrics.path("ratios").path("latencyP50").isNumber()).isTrue();
        assertThat(metrics.path("technique").path("quantizedConvs").asInt()).isPositive();
    }

    @Test
    void smoothQuantCalibratesOnTheDatasetAndStaysClose() throws Exception {
        JsonNode job = run(Fixtures.MLP_ONNX, Fixtures.MLP_HOLDOUT, Map.of("method", "smoothquant", "alpha", 0.5));
        assertThat(job.path("metrics").path("fidelity").path("cosineMean").asDouble()).isGreaterThan(0.99);
    }

    @Test
    void weightOnlyInt4AndInt8ShrinkTheMlpAndKeepItsPredictions() throws Exception {
        for (String method : java.util.List.of("weight_only_int4", "weight_only_int8")) {
            for (String algorithm : java.util.List.of("rtn", "hqq")) {
                JsonNode job = run(Fixtures.MLP_ONNX, Fixtures.MLP_HOLDOUT, Map.of("method", method, "algorithm", algorithm));
                JsonNode metrics = job.path("metrics");
                assertThat(metrics.path("ratios").path("size").asDouble()).as("%s %s", method, algorithm).isLessThan(0.5);
                assertThat(metrics.path("fidelity").path("top1Agreement").asDouble()).as("%s %s", method, algorithm)
                        .isGreaterThan(0.9);
            }
        }
    }

    @Test
    void fp16HalvesTheModelAndMatchesItClosely() throws Exception {
        JsonNode job = run(Fixtures.CNN_ONNX, Fixtures.CNN_HOLDOUT, Map.of("method", "fp16"));
        JsonNode metrics = job.path("metrics");
        assertThat(metrics.path("ratios").path("size").asDouble()).isLessThan(0.6);
        assertThat(metrics.path("fidelity").path("cosineMean").asDouble()).isGreaterThan(0.9999);
    }

    @Test
    void autoMeetsItsAccuracyTargetAndSaysWhatItKeptInFloat() throws Exception {
        JsonNode job = run(Fixtures.MLP_ONNX, Fixtures.MLP_HOLDOUT, Map.of("method", "auto",
                "target", Map.of("maxAccuracyDrop", 0.0)));
        JsonNode metrics = job.path("metrics");
        assertThat(metrics.path("accuracyDrop").asDouble()).isLessThanOrEqualTo(0.0 + 1e-9);
        assertThat(metrics.path("technique").isObject()).isTrue();
    }

    @Test
    void calibratingMethodsWithoutADatasetAreRefused() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        for (String method : java.util.List.of("static_int8", "smoothquant")) {
            assertProblem(api.post("/api/v1/jobs", job(modelId, null, Map.of("method", method))), 422, "dataset-required");
        }
        assertProblem(api.post("/api/v1/jobs", job(modelId, null, Map.of("method", "auto",
                "target", Map.of("maxAccuracyDrop", 0.01)))), 422, "dataset-required");
        assertProblem(api.post("/api/v1/jobs", job(modelId, null, Map.of("method", "weight_only_int4", "blockSize", 48))),
                400, "invalid-request");
        assertProblem(api.post("/api/v1/jobs", job(modelId, null, Map.of("method", "fp16", "alpha", 0.5))),
                400, "unknown-parameter");
    }

    private JsonNode run(Path model, Path dataset, Map<String, Object> params) throws Exception {
        String modelId = api.uploadReadyModel(model).path("id").asString();
        String datasetId = api.upload("/api/v1/datasets", "data.npz", Files.readAllBytes(dataset)).getBody()
                .path("id").asString();
        var submitted = api.post("/api/v1/jobs", job(modelId, datasetId, params));
        assertThat(submitted.getStatusCode().value()).as("submit %s: %s", params, submitted.getBody()).isEqualTo(202);
        JsonNode job = api.awaitFinished(submitted.getBody().path("id").asString());
        assertThat(job.path("status").asString()).as("job %s: %s", params, job).isEqualTo("SUCCEEDED");
        return job;
    }

    private static Map<String, Object> job(String modelId, String datasetId, Map<String, Object> params) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "QUANTIZE");
        job.put("params", params);
        if (datasetId != null) {
            job.put("datasetId", datasetId);
        }
        return job;
    }
}
