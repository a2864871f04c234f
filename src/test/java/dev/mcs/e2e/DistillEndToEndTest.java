package dev.mcs.e2e;

import static dev.mcs.e2e.BadInputEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.worker.distill.student.GeneratedStudents;
import dev.mcs.worker.distill.student.StudentDesign;
import dev.mcs.worker.distill.student.TeacherShape;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * DISTILL through the job API: a generated CNN student trained on the digits teacher's training split, evaluated
 * on the hold-out the teacher never saw; its output is an ordinary model that downloads and chains. A layers student
 * of the tiny committed encoder (fixtures/generate_tiny_encoder.py) goes the same way.
 */
@ServiceTest
class DistillEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    Api api;
    String teacherId;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        teacherId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
    }

    @Test
    void aGeneratedStudentIsTrainedReportedAndStoredAsAModelOfItsOwn() throws Exception {
        Map<String, Object> job = distillJob(Map.of("kind", "architecture", "architecture", "cnn"), Map.of("epochs", 30));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.CNN_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode metrics = done.path("metrics");
        JsonNode technique = metrics.path("technique");
        assertThat(technique.path("studentParameters").asLong())
                .isLessThanOrEqualTo(technique.path("teacherParameters").asLong() / 10);
        assertThat(technique.path("curve").size()).isEqualTo(technique.path("epochsRun").asInt()).isPositive();
        assertThat(metrics.path("compressed").path("top1Accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(metrics.path("ratios").path("size").asDouble()).isLessThan(0.2);
        assertThat(jdbc.queryForList("select epoch from job_metric where job_id = ?::uuid and name ="
                + " 'technique.curve.validationLoss' order by epoch", Integer.class, done.path("id").asString()))
                .as("one validation-loss row per epoch").hasSize(technique.path("epochsRun").asInt())
                .startsWith(1, 2);
        String studentId = done.path("outputModelId").asString();
        JsonNode student = api.get("/api/v1/models/" + studentId).getBody();
        assertThat(student.path("format").asString()).isEqualTo("ONNX");
        assertThat(student.path("parentModelId").asString()).isEqualTo(teacherId);

        var chained = api.post("/api/v1/jobs", Api.quantizeJob(studentId, null));
        assertThat(chained.getStatusCode().value()).as("%s", chained.getBody()).isEqualTo(202);
        JsonNode quantized = api.awaitFinished(chained.getBody().path("id").asString());
        assertThat(quantized.path("status").asString()).as("the student chains into QUANTIZE: %s", quantized)
                .isEqualTo("SUCCEEDED");
    }

    /** Each job trains in a worker JVM of its own, so this is reproducibility across processes. */
    @Test
    void twoJobsWithTheSameSeedTrainByteIdenticalStudentsInTheirOwnWorkers() throws Exception {
        Map<String, Object> job = distillJob(Map.of("kind", "architecture", "architecture", "cnn"),
                Map.of("epochs", 8, "seed", 7));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));
        List<String> ids = List.of(api.post("/api/v1/jobs", job), api.post("/api/v1/jobs", job)).stream()
                .map(submitted -> submitted.getBody().path("id").asString()).toList();

        List<JsonNode> students = ids.stream().map(api::awaitFinished).map(done -> {
            assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
            return api.get("/api/v1/models/" + done.path("outputModelId").asString()).getBody();
        }).toList();

        assertThat(students.get(0).path("sha256").asString()).isNotEmpty()
                .isEqualTo(students.get(1).path("sha256").asString());
    }

    @Test
    void anUploadedStudentIsTrainedAndCannotBeDeletedWhileTheJobIsActive() throws Exception {
        Path file = dir.resolve("my-student.onnx");
        TeacherShape shape = new TeacherShape("input", new long[] {1, 8, 8}, "logits", 10, 10_000);
        Files.write(file, GeneratedStudents.write(new StudentDesign("cnn", List.of(8, 16), true, 1), shape)
                .toByteArray());
        String studentId = api.uploadReadyModel(file).path("id").asString();
        Map<String, Object> job = distillJob(Map.of("kind", "model", "modelId", studentId),
                Map.of("epochs", 5, "learningRate", 0.01));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var submitted = api.post("/api/v1/jobs", job);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        assertProblem(api.delete("/api/v1/models/" + studentId), 409, "conflict");
        JsonNode done = api.awaitFinished(submitted.getBody().path("id").asString());

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.path("metrics").path("technique").path("studentKind").asString()).isEqualTo("model");
        assertThat(api.delete("/api/v1/models/" + studentId).getStatusCode().value()).isEqualTo(204);
    }

    @Test
    void aStudentModelThatDoesNotExistIsRefusedNamingTheField() throws Exception {
        Map<String, Object> job = distillJob(Map.of("kind", "model", "modelId", UUID.randomUUID().toString()), Map.of());
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.student.modelId");
    }

    @Test
    void aLayersStudentOfAnEncoderIsCutTrainedAndMeasuredAgainstTheTeacher() throws Exception {
        teacherId = api.uploadReadyModel(Fixtures.TINY_ENCODER).path("id").asString();
        Map<String, Object> job = distillJob(Map.of("kind", "layers", "keep", List.of(0, 2)),
                Map.of("epochs", 4, "batchSize", 16, "learningRate", 3e-3));
        job.put("datasetId", api.uploadDataset(Fixtures.TINY_ENCODER_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.TINY_ENCODER_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        assertThat(technique.path("keep").toString()).isEqualTo("[0,2]");
        assertThat(technique.path("pooledCosineAfter").asDouble())
                .isGreaterThan(technique.path("pooledCosineBefore").asDouble());
        assertThat(technique.path("curve").size()).isEqualTo(technique.path("epochsRun").asInt()).isPositive();
        assertThat(done.path("metrics").path("ratios").path("size").asDouble()).isLessThan(1.0);
        Path student = dir.resolve("student.onnx");
        Files.write(student, api.download("/api/v1/models/" + done.path("outputModelId").asString() + "/content",
                Map.of()).getBody());
        try (var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
                var session = env.createSession(student.toString())) {
            assertThat(session.getOutputNames()).as("the output loads in ONNX Runtime").contains("last_hidden_state");
        }
    }

    @Test
    void keepingALayerBeyondTheTeachersAttentionLayersIsRefusedAtSubmissionNamingTheBound() throws Exception {
        teacherId = api.uploadReadyModel(Fixtures.TINY_ENCODER).path("id").asString();
        Map<String, Object> job = distillJob(Map.of("kind", "layers", "keep", List.of(0, 7)), Map.of());
        job.put("datasetId", api.uploadDataset(Fixtures.TINY_ENCODER_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.student.keep");
        assertThat(refused.getBody().path("detail").asString()).contains("layer 7", "at most 4");
    }

    @Test
    void aLayersStudentOfATeacherWithoutAttentionIsNotApplicable() throws Exception {
        teacherId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        Map<String, Object> job = distillJob(Map.of("kind", "layers", "keep", List.of(0)), Map.of());
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertProblem(refused, 422, "method-not-applicable");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.student.kind");
    }

    @Test
    void aLayersStudentWithBothKeepAndACountIsRefusedAtSubmission() throws Exception {
        Map<String, Object> job = distillJob(Map.of("kind", "layers", "keep", List.of(0, 2), "layers", 2), Map.of());
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.student.keep");
    }

    private Map<String, Object> distillJob(Map<String, Object> student, Map<String, Object> settings) {
        Map<String, Object> params = new LinkedHashMap<>(settings);
        params.put("method", "distill");
        params.put("student", student);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", teacherId);
        job.put("type", "DISTILL");
        job.put("params", params);
        return job;
    }
}
