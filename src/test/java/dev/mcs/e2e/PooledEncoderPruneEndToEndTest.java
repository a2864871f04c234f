package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PooledEncoders;
import dev.mcs.support.ServiceTest;
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
 * PRUNE through the job API on a sentence-embedding model that pools and normalizes inside its graph: recovery trains
 * the embedding on its cosine and says in the metrics which kind of output it took it for, and why.
 */
@ServiceTest
class PooledEncoderPruneEndToEndTest {

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
    void structuredPruningOfAPooledEncoderRecoversItAsAnEmbeddingAndSaysWhy() throws Exception {
        Path model = PooledEncoders.write(dir.resolve("pooled.onnx"), true);
        String modelId = api.uploadReadyModel(model).path("id").asString();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "PRUNE");
        job.put("params", Map.of("method", "structured", "sparsity", 0.5, "groups", List.of("ffn", "heads"),
                "recovery", Map.of("epochs", 4, "batchSize", 16, "learningRate", 1e-3)));
        job.put("datasetId", api.uploadDataset(Fixtures.TINY_ENCODER_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.TINY_ENCODER_HOLDOUT));

        var submitted = api.post("/api/v1/jobs", job);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        JsonNode done = api.awaitFinished(submitted.getBody().path("id").asString());

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode recovery = done.path("metrics").path("technique").path("recovery");
        System.out.printf("e2e pooled encoder structured 50%%: cosine %.4f -> %.4f (%s)%n",
                recovery.path("pooledCosineBefore").asDouble(), recovery.path("pooledCosineAfter").asDouble(),
                recovery.path("outputKindReason").asString());
        assertThat(recovery.path("outputKind").asString()).isEqualTo("embedding");
        assertThat(recovery.path("outputKindReason").asString()).contains("sentence_embedding", "ReduceSum");
        assertThat(recovery.path("loss").asString()).isEqualTo("cosine");
        assertThat(recovery.path("pooledCosineAfter").asDouble())
                .isGreaterThan(recovery.path("pooledCosineBefore").asDouble());
    }

    @Test
    void anOutputKindOutsideTheThreeIsRefusedAtSubmissionNamingTheField() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "PRUNE");
        job.put("params", Map.of("method", "magnitude", "recovery", Map.of("outputKind", "logits")));
        job.put("datasetId", api.uploadDataset(Fixtures.MLP_HOLDOUT));

        var refused = api.post("/api/v1/jobs", job);

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.recovery.outputKind");
    }
}
