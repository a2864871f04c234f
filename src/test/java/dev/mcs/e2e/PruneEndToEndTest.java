package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.OnnxModels;
import dev.mcs.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * PRUNE through the job API on the digits CNN: structured pruning with recovery gives a smaller model, evaluated on
 * the hold-out; masks say they buy no run-time gain, also on the TorchScript CNN, which comes back as TorchScript; a
 * graph with nothing to remove fails with the reason.
 */
@ServiceTest
class PruneEndToEndTest {

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void structuredPruningWithRecoveryRemovesChannelsAndReportsWhatItBought() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        Map<String, Object> job = pruneJob(modelId, Map.of("method", "structured", "sparsity", 0.5,
                "groups", List.of("channels"), "criterion", "activation", "recovery", Map.of("epochs", 3)));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.CNN_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode metrics = done.path("metrics");
        JsonNode technique = metrics.path("technique");
        assertThat(technique.path("after").path("parameters").asLong())
                .isLessThan(technique.path("before").path("parameters").asLong());
        assertThat(technique.path("groups").size()).isEqualTo(2);
        assertThat(technique.path("recovery").path("epochsRun").asInt()).isBetween(1, 3);
        assertThat(technique.path("runTimeGain").asString()).startsWith("smaller graph");
        assertThat(metrics.path("compressed").path("top1Accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(metrics.path("ratios").path("size").asDouble()).isLessThan(1.0);
    }

    @Test
    void magnitudeMasksSayTheyBuyNoRunTimeGainAndReportSparsityPerLayer() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();

        JsonNode done = api.submitAndAwait(pruneJob(modelId, Map.of("method", "magnitude", "sparsity", 0.5)));

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        assertThat(technique.path("runTimeGain").asString()).startsWith("no run-time gain");
        assertThat(technique.path("layers").size()).isEqualTo(4);
        long zeros = 0;
        long weights = 0;
        for (JsonNode layer : technique.path("layers")) {
            zeros += layer.path("zeros").asLong();
            weights += layer.path("parameters").asLong();
        }
        assertThat(zeros).as("scope global by default: half of all selected weights").isEqualTo(weights / 2);
        assertThat(technique.path("after").path("gzipBytes").asLong())
                .isLessThan(technique.path("before").path("gzipBytes").asLong());
    }

    @Test
    void magnitudeMasksOnATorchScriptModelRecoverAndDownloadAsTorchScriptThatDjlLoads() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_TORCHSCRIPT).path("id").asString();
        Map<String, Object> job = pruneJob(modelId, Map.of("method", "magnitude", "sparsity", 0.5, "scope", "layer",
                "recovery", Map.of("epochs", 3)));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.CNN_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        assertThat(technique.path("recovery").path("epochsRun").asInt()).isBetween(1, 3);
        assertThat(technique.path("heldOut").path("accuracy").asDouble()).isGreaterThan(0.95);
        assertThat(done.path("metrics").path("notMeasured").asString()).contains("TORCHSCRIPT into TORCHSCRIPT");
        JsonNode output = api.get("/api/v1/models/" + done.path("outputModelId").asString()).getBody();
        assertThat(output.path("format").asString()).isEqualTo("TORCHSCRIPT");
        Path file = dir.resolve("pruned.pt");
        Files.write(file, api.download("/api/v1/models/" + output.path("id").asString() + "/content", Map.of())
                .getBody());
        try (Model model = Model.newInstance("downloaded", Device.cpu(), "PyTorch")) {
            model.load(dir, "pruned.pt");
            NDArray conv = model.getBlock().getParameters().get("features.2.weight").getArray();
            assertThat(conv.eq(0).sum().getLong()).as("half of the weights are zero").isEqualTo(conv.size() / 2);
        }
    }

    @Test
    void gradualMasksWithAnL1PenaltyReportEveryStepInTheMetrics() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_TORCHSCRIPT).path("id").asString();
        Map<String, Object> job = pruneJob(modelId, Map.of("method", "magnitude", "sparsity", 0.7,
                "recovery", Map.of("epochs", 2, "steps", 2, "penalty", "l1", "penaltyStrength", 0.1)));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode steps = done.path("metrics").path("technique").path("steps");
        assertThat(steps.size()).isEqualTo(2);
        assertThat(steps.get(0).path("sparsity").asDouble()).isCloseTo(0.7 * 7 / 8, within(0.01));
        assertThat(steps.get(1).path("sparsity").asDouble()).isGreaterThanOrEqualTo(0.69);
        assertThat(steps.get(1).path("validationAgreement").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void structuredPruningOfAGraphWithoutAPrunableGroupOfTheAskedKindFailsWithTheReason() throws Exception {
        // one MatMul whose output is the graph's: an FFN group by operator type, but none the worker can cut
        String created = api.upload("/api/v1/models", "project.onnx", OnnxModels.wideInput(16)).getBody().path("id")
                .asString();
        String modelId = api.awaitModel(created, m -> m.path("status").asString().equals("READY")).path("id").asString();

        JsonNode done = api.submitAndAwait(pruneJob(modelId, Map.of("method", "structured", "groups", List.of("ffn"))));

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("FAILED");
        assertThat(done.path("error").path("type").asString()).endsWith("/pruning-failed");
        assertThat(done.path("error").path("detail").asString()).contains("no prunable group");
    }

    @Test
    void structuredGroupsTheInspectionShowsCannotExistAreRefusedAtSubmission() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();

        var refused = api.post("/api/v1/jobs", pruneJob(modelId, Map.of("method", "structured", "groups",
                List.of("channels"))));

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(422);
        assertThat(refused.getBody().path("type").asString()).endsWith("/method-not-applicable");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.groups");
        assertThat(refused.getBody().path("methodOpTypes").toString()).isEqualTo("[\"Conv\"]");
    }

    @Test
    void aTorchScriptEncoderRecoversOverHttpOnItsPooledCosineAndStaysTorchScript() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.TINY_ENCODER_TOKENS_PT).path("id").asString();
        Map<String, Object> job = pruneJob(modelId, Map.of("method", "magnitude", "sparsity", 0.5, "recovery",
                Map.of("epochs", 3, "batchSize", 16, "learningRate", 1e-3)));
        job.put("datasetId", api.uploadDataset(Fixtures.TINY_ENCODER_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.TINY_ENCODER_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        JsonNode recovery = technique.path("recovery");
        assertThat(recovery.path("outputKind").asString()).isEqualTo("tokens");
        assertThat(recovery.path("pooledCosineAfter").asDouble())
                .isGreaterThan(recovery.path("pooledCosineBefore").asDouble());
        assertThat(technique.path("heldOutPooled").path("pooledCosine").asDouble())
                .isCloseTo(recovery.path("pooledCosineAfter").asDouble(), within(1e-4));
        JsonNode output = api.get("/api/v1/models/" + done.path("outputModelId").asString()).getBody();
        assertThat(output.path("format").asString()).isEqualTo("TORCHSCRIPT");
    }

    @Test
    void embeddingRecoveryOfATorchScriptModuleThatRanOnOneFloatTensorIsRefusedAtSubmission() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_TORCHSCRIPT).path("id").asString();
        Map<String, Object> job = pruneJob(modelId, Map.of("method", "magnitude", "recovery",
                Map.of("outputKind", "embedding")));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(400);
        assertThat(refused.getBody().path("type").asString()).endsWith("/invalid-request");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.recovery.outputKind");
        assertThat(refused.getBody().path("detail").asString()).contains("input_ids", "float[1, 1, 8, 8]");
    }

    private static Map<String, Object> pruneJob(String modelId, Map<String, Object> params) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "PRUNE");
        job.put("params", params);
        return job;
    }
}
