package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.PooledEncoders;
import dev.mcs.support.ServiceTest;
import dev.mcs.worker.distill.layers.EncoderLayers;
import dev.mcs.worker.distill.layers.LayerCut;
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
 * PRUNE and DISTILL through the job API on a sentence-embedding model that pools and normalizes inside its graph:
 * recovery and an uploaded student train the embedding on its cosine and say in the metrics which kind of output they
 * took it for, and why.
 */
@ServiceTest
class PooledEncoderEndToEndTest {

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

        JsonNode done = api.submitAndAwait(job);

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
    void anUploadedStudentOfAPooledTeacherIsDistilledOnTheEmbeddingAndSaysWhy() throws Exception {
        Path teacher = PooledEncoders.write(dir.resolve("teacher.onnx"), true);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(teacher));
        Path student = dir.resolve("student.onnx");
        Files.write(student, LayerCut.keep(model, EncoderLayers.find(model.getGraph()), List.of(0, 2)).toByteArray());
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", api.uploadReadyModel(teacher).path("id").asString());
        job.put("type", "DISTILL");
        job.put("params", Map.of("method", "distill", "student", Map.of("kind", "model", "modelId",
                api.uploadReadyModel(student).path("id").asString()), "epochs", 4, "batchSize", 16,
                "learningRate", 3e-3, "embeddingLoss", "cosine"));
        job.put("datasetId", api.uploadDataset(Fixtures.TINY_ENCODER_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.TINY_ENCODER_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        System.out.printf("e2e pooled teacher, uploaded half student: cosine %.4f -> %.4f%n",
                technique.path("pooledCosineBefore").asDouble(), technique.path("pooledCosineAfter").asDouble());
        assertThat(technique.path("outputKind").asString()).isEqualTo("embedding");
        assertThat(technique.path("loss").asString()).isEqualTo("cosine");
        assertThat(technique.path("pooledCosineAfter").asDouble())
                .isGreaterThan(technique.path("pooledCosineBefore").asDouble());
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
