package dev.mcs.e2e;

import static dev.mcs.e2e.BadInputEndToEndTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * DISTILL with an uploaded TorchScript student (fixtures/generate_torchscript_student.py) through the job API: it is
 * trained and published as a TorchScript model; one whose output cannot match the teacher's, as its inspection
 * shows, is refused at submission.
 */
@ServiceTest
class TorchScriptStudentEndToEndTest {

    private static final Path STUDENT = Fixtures.DIR.resolve("digits_student.pt");
    private static final Path FIVE_CLASS_STUDENT = Fixtures.DIR.resolve("digits_student_5.pt");

    @LocalServerPort
    int port;

    Api api;
    String teacherId;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        teacherId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
    }

    @Test
    void anUploadedTorchScriptStudentIsTrainedAndPublishedAsTorchScript() throws Exception {
        String studentId = api.uploadReadyModel(STUDENT).path("id").asString();
        Map<String, Object> job = distillJob(studentId);
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var submitted = api.post("/api/v1/jobs", job);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(202);
        JsonNode done = api.awaitFinished(submitted.getBody().path("id").asString());

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        assertThat(technique.path("studentFormat").asString()).isEqualTo("TORCHSCRIPT");
        assertThat(technique.path("bestValidationAgreement").asDouble()).isGreaterThan(0.5);
        JsonNode output = api.get("/api/v1/models/" + done.path("outputModelId").asString()).getBody();
        assertThat(output.path("format").asString()).isEqualTo("TORCHSCRIPT");
        assertThat(output.path("name").asString()).endsWith(".pt");
        assertThat(output.path("inspection").path("smokeTest").path("outputShape").toString()).isEqualTo("[1,10]");
    }

    @Test
    void aTorchScriptStudentWhoseOutputDoesNotMatchTheTeachersIsRefusedAtSubmission() throws Exception {
        String studentId = api.uploadReadyModel(FIVE_CLASS_STUDENT).path("id").asString();
        Map<String, Object> job = distillJob(studentId);
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));

        var refused = api.post("/api/v1/jobs", job);

        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.student.modelId");
        assertThat(refused.getBody().path("detail").asString()).contains("writes 5 values per sample", "model 10");
    }

    private Map<String, Object> distillJob(String studentId) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("method", "distill");
        params.put("student", Map.of("kind", "model", "modelId", studentId));
        params.put("epochs", 5);
        params.put("learningRate", 0.01);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", teacherId);
        job.put("type", "DISTILL");
        job.put("params", params);
        return job;
    }
}
