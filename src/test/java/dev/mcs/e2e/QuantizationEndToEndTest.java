package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ServiceTest
class QuantizationEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void quantizesTheDigitsMlpAndTheDownloadedArtifactAgreesWithTheOriginalInOnnxRuntime() throws Exception {
        JsonNode model = api.uploadReadyModel(Fixtures.MLP_ONNX);
        assertThat(model.path("status").asString()).isEqualTo("READY");
        JsonNode dataset = api.upload("/api/v1/datasets", "holdout.npz", Files.readAllBytes(Fixtures.MLP_HOLDOUT)).getBody();

        ResponseEntity<JsonNode> submitted = api.post("/api/v1/jobs",
                Api.quantizeJob(model.path("id").asString(), dataset.path("id").asString()));
        assertThat(submitted.getStatusCode().value()).isEqualTo(202);
        assertThat(submitted.getHeaders().getLocation()).isNotNull();
        JsonNode job = api.awaitFinished(submitted.getBody().path("id").asString());

        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        JsonNode metrics = job.path("metrics");
        assertThat(metrics.path("compressed").path("sizeBytes").asLong())
                .isLessThan(metrics.path("original").path("sizeBytes").asLong() / 2);
        assertThat(metrics.path("fidelity").path("cosineMean").asDouble()).isGreaterThan(0.99);
        assertThat(metrics.path("fidelity").path("top1Agreement").asDouble()).isGreaterThan(0.95);
        assertThat(metrics.path("original").path("top1Accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(metrics.path("original").path("latencyP50Ms").asDouble()).isPositive();
        assertThat(metrics.path("environment").path("cores").asInt()).isPositive();
        assertThat(metrics.path("timingsMs").path("compressionMs").isNumber()).isTrue();
        assertThat(metrics.path("inputSource").asString()).isEqualTo("dataset");

        Double storedCosine = jdbc.queryForObject(
                "select value from job_metric where job_id = ?::uuid and name = 'fidelity.cosineMean'", Double.class,
                job.path("id").asString());
        assertThat(storedCosine).isEqualTo(metrics.path("fidelity").path("cosineMean").asDouble());

        String outputId = job.path("outputModelId").asString();
        JsonNode output = api.get("/api/v1/models/" + outputId).getBody();
        assertThat(output.path("parentModelId").asString()).isEqualTo(model.path("id").asString());
        assertThat(output.path("producedByJobId").asString()).isEqualTo(job.path("id").asString());
        assertThat(output.path("inspection").path("onnx").path("nodeCountByOpType").has("MatMulInteger")).isTrue();

        // the test client asks for gzip by itself and decompresses; the plain file carries the strong ETag
        ResponseEntity<byte[]> download = api.download("/api/v1/models/" + outputId + "/content",
                Map.of("Accept-Encoding", "identity"));
        assertThat(download.getStatusCode().value()).isEqualTo(200);
        byte[] artifact = download.getBody();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        assertThat(download.getHeaders().getETag()).isEqualTo("\"" + sha + "\"");
        assertThat(sha).isEqualTo(output.path("sha256").asString());
        ResponseEntity<byte[]> decompressed = api.download("/api/v1/models/" + outputId + "/content", Map.of());
        assertThat(decompressed.getBody()).as("a gzip download, decompressed by the client").isEqualTo(artifact);

        assertThat(top1Agreement(Files.readAllBytes(Fixtures.MLP_ONNX), artifact)).isGreaterThan(0.95);
    }

    @Test
    void theOutputOfAJobIsAModelThatCanBeTheInputOfAnotherJob() throws Exception {
        JsonNode model = api.uploadReadyModel(Fixtures.CNN_ONNX);
        JsonNode first = api.awaitFinished(api.post("/api/v1/jobs", Api.quantizeJob(model.path("id").asString(), null))
                .getBody().path("id").asString());
        assertThat(first.path("status").asString()).as("first job %s", first).isEqualTo("SUCCEEDED");
        assertThat(first.path("metrics").path("inputSource").asString()).isEqualTo("synthetic");

        // Everything dynamic_int8 quantizes was quantized already, and the output's inspection says so: refused
        // at submission instead of failing in a worker (or copying).
        String output = first.path("outputModelId").asString();
        ResponseEntity<JsonNode> again = api.post("/api/v1/jobs", Api.quantizeJob(output, null));
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(422);
        assertThat(again.getBody().path("type").asString()).endsWith("/method-not-applicable");
        assertThat(again.getBody().path("modelOpTypes").toString()).contains("MatMulInteger").doesNotContain("\"Gemm\"");

        // A method that still applies takes the output as its input.
        ResponseEntity<JsonNode> chained = api.post("/api/v1/jobs", Map.of("modelId", output, "type", "QUANTIZE",
                "params", Map.of("method", "fp16")));
        assertThat(chained.getStatusCode().value()).isEqualTo(202);
        JsonNode second = api.awaitFinished(chained.getBody().path("id").asString());
        assertThat(second.path("status").asString()).as("chained job %s", second).isEqualTo("SUCCEEDED");
        assertThat(second.path("modelId").asString()).isEqualTo(output);
    }

    @Test
    void aJobSubmittedWhileTheModelIsStillInspectingWaitsForItAndThenRuns() throws Exception {
        ResponseEntity<JsonNode> created = api.uploadModel(Fixtures.MLP_ONNX);
        assertThat(created.getBody().path("status").asString()).isEqualTo("INSPECTING");

        ResponseEntity<JsonNode> submitted = api.post("/api/v1/jobs",
                Api.quantizeJob(created.getBody().path("id").asString(), null));

        assertThat(submitted.getStatusCode().value()).isEqualTo(202);
        JsonNode job = api.awaitFinished(submitted.getBody().path("id").asString());
        assertThat(job.path("status").asString()).as("job %s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
    }

    private static double top1Agreement(byte[] original, byte[] quantized) throws Exception {
        Engine.getEngine("OnnxRuntime");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (NpzArchive holdout = NpzArchive.open(Fixtures.MLP_HOLDOUT);
                OrtSession a = env.createSession(original);
                OrtSession b = env.createSession(quantized)) {
            float[] inputs = holdout.readFloats("input");
            int samples = inputs.length / 64;
            int agree = 0;
            for (int i = 0; i < samples; i++) {
                FloatBuffer row = FloatBuffer.wrap(inputs, i * 64, 64).slice();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, row, new long[] {1, 64})) {
                    agree += argmax(a, tensor) == argmax(b, tensor) ? 1 : 0;
                }
            }
            return agree / (double) samples;
        }
    }

    private static int argmax(OrtSession session, OnnxTensor input) throws Exception {
        try (OrtSession.Result result = session.run(Map.of("input", input))) {
            float[] logits = ((float[][]) result.get(0).getValue())[0];
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                best = logits[i] > logits[best] ? i : best;
            }
            return best;
        }
    }
}
