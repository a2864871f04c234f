package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.npz.NpzArchiveLimitsTest;
import dev.mcs.shared.format.npz.NpzTestArchives;
import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.OnnxModels;
import dev.mcs.support.ServiceTest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets a clear 4xx problem, leaves nothing behind (no temp file, no blob, no
 * model, dataset or job row), and the API stays up.
 */
@ServiceTest
class BadInputEndToEndTest {

    private static final Path BLOBS = Path.of("target/test-storage/blobs");

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
    void randomBytesAreNotAModel() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 0x7f;
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/models", "model.onnx", noise), 422,
                "unsupported-model-format");
    }

    @Test
    void aTruncatedOnnxModelIsReportedAsCorrupt() throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.MLP_ONNX);
        byte[] truncated = Arrays.copyOf(model, model.length / 2);
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/models", "m.onnx", truncated), 422, "corrupt-model");
    }

    @Test
    void aTruncatedTorchScriptArchiveIsReportedAsCorrupt() throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.MLP_TORCHSCRIPT);
        byte[] truncated = Arrays.copyOf(model, model.length - 200);
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/models", "m.pt", truncated), 422, "corrupt-model");
    }

    @Test
    void aZipArchiveThatIsNotTorchScriptIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
        }
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/models", "m.pt", bytes.toByteArray()), 422,
                "unsupported-model-format");
    }

    @Test
    void externalDataReferencesAreRefusedBeforeAnyEngineSeesThem() throws Exception {
        ResponseEntity<JsonNode> response = assertRejectedWithoutLeftovers(
                () -> api.upload("/api/v1/models", "m.onnx", OnnxModels.externalData("../../../etc/passwd")), 422,
                "external-data-not-supported");
        assertThat(response.getBody().path("tensors").toString()).contains("w");
    }

    @Test
    void uploadsOverTheLimitGet413ByMultipartAndByRawBody() throws Exception {
        byte[] big = new byte[9 * 1024 * 1024];
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/models", "big.onnx", big), 413, "payload-too-large");
        assertRejectedWithoutLeftovers(() -> api.uploadRaw("big", big), 413, "payload-too-large");
    }

    @Test
    void aModelTheEngineCannotLoadBecomesInvalidAndJobsForItAreRefused() throws Exception {
        ResponseEntity<JsonNode> created = api.upload("/api/v1/models", "odd.onnx", OnnxModels.unknownOperator());
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        JsonNode model = api.awaitModel(created.getBody().path("id").asString(),
                m -> !m.path("status").asString().equals("INSPECTING"));
        assertThat(model.path("status").asString()).isEqualTo("INVALID");
        assertThat(model.path("statusReason").asString()).contains("NoSuchOperator");

        assertJobRefused(Api.quantizeJob(model.path("id").asString(), null), 422, "model-invalid");
    }

    @Test
    void aTorchScriptModelUploadsAndInspectsButCannotBeQuantizedAsOnnx() throws Exception {
        JsonNode model = api.uploadReadyModel(Fixtures.MLP_TORCHSCRIPT);
        assertThat(model.path("format").asString()).isEqualTo("TORCHSCRIPT");
        assertThat(model.path("status").asString()).isEqualTo("READY");
        assertThat(model.path("inspection").path("parameterCount").asLong()).isEqualTo(64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
        assertThat(model.path("inspection").path("smokeTest").path("succeeded").asBoolean()).isTrue();

        assertJobRefused(Api.quantizeJob(model.path("id").asString(), null), 422, "format-not-supported");
    }

    @Test
    void jobRequestsAreValidatedFieldByField() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        assertJobRefused("{\"modelId\": ", 400, "invalid-request");
        assertJobRefused(Map.of("modelId", modelId, "type", "QUANTIZE", "colour", "red"), 400, "unknown-parameter");
        assertJobRefused(Map.of("modelId", modelId, "type", "SHRINK"), 400, "invalid-request");
        assertJobRefused(Map.of("modelId", 5, "type", "QUANTIZE"), 400, "invalid-request");
        assertJobRefused(Map.of("modelId", modelId, "type", "QUANTIZE",
                "params", Map.of("method", "dynamic_int8", "bits", 3)), 400, "unknown-parameter");
        assertJobRefused(Map.of("modelId", modelId, "type", "QUANTIZE",
                "params", Map.of("method", "magic")), 400, "unknown-method");
        assertJobRefused(Map.of("modelId", modelId, "type", "QUANTIZE",
                "params", Map.of("method", "static_int8")), 422, "dataset-required");
        assertJobRefused(Map.of("modelId", modelId, "type", "PRUNE",
                "params", Map.of("method", "magnitude", "sparsity", 1)), 400, "invalid-request");
        assertJobRefused(Api.quantizeJob(UUID.randomUUID().toString(), null), 404, "not-found");
        assertJobRefused(Api.quantizeJob(modelId, UUID.randomUUID().toString()), 404, "not-found");
    }

    @Test
    void jobsThatTheModelsInspectionShowsCanNeverRunAreRefusedBeforeTheyAreQueued() throws Exception {
        ResponseEntity<JsonNode> created = api.upload("/api/v1/models", "add.onnx", OnnxModels.constantAdd());
        String adder = api.awaitModel(created.getBody().path("id").asString(),
                m -> m.path("status").asString().equals("READY")).path("id").asString();
        ResponseEntity<JsonNode> nothing = assertJobRefused(Api.quantizeJob(adder, null), 422, "method-not-applicable");
        assertThat(nothing.getBody().path("field").asString()).isEqualTo("params.method");
        assertThat(nothing.getBody().path("modelOpTypes").toString()).isEqualTo("[\"Add\"]");

        String mlp = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        ResponseEntity<JsonNode> absent = assertJobRefused(Map.of("modelId", mlp, "type", "PRUNE",
                "params", Map.of("method", "magnitude", "opTypes", List.of("Conv", "MatMul"))), 422, "method-not-applicable");
        assertThat(absent.getBody().path("field").asString()).isEqualTo("params.opTypes");
        ResponseEntity<JsonNode> unknown = assertJobRefused(Map.of("modelId", mlp, "type", "QUANTIZE", "params",
                Map.of("method", "dynamic_int8", "excludeNodes", List.of("/layers/layers.0/Gemm", "/layers/layers.9/Gemm"))),
                422, "unknown-nodes");
        assertThat(unknown.getBody().path("field").asString()).isEqualTo("params.excludeNodes");
        assertThat(unknown.getBody().path("unknownNodes").toString()).isEqualTo("[\"/layers/layers.9/Gemm\"]");
        ResponseEntity<JsonNode> named = api.post("/api/v1/jobs", Map.of("modelId", mlp, "type", "QUANTIZE", "params",
                Map.of("method", "dynamic_int8", "excludeNodes", List.of("/layers/layers.0/Gemm"))));
        assertThat(named.getStatusCode().value()).isEqualTo(202);
        assertThat(api.awaitFinished(named.getBody().path("id").asString()).path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void fp16OnAModelWithoutFloatWeightsIsRefusedFromItsRealInspection() throws Exception {
        ResponseEntity<JsonNode> created = api.upload("/api/v1/models", "int-add.onnx", OnnxModels.integerAdd());
        String integers = api.awaitModel(created.getBody().path("id").asString(),
                m -> m.path("status").asString().equals("READY")).path("id").asString();

        ResponseEntity<JsonNode> refused = assertJobRefused(Map.of("modelId", integers, "type", "QUANTIZE",
                "params", Map.of("method", "fp16")), 422, "method-not-applicable");

        assertThat(refused.getBody().path("field").asString()).isEqualTo("params.method");
        assertThat(refused.getBody().path("modelInitializerTypes").toString()).isEqualTo("[\"int64\"]");
    }

    @Test
    void unknownIdsAre404AndMalformedIdsAre400() {
        assertProblem(api.get("/api/v1/models/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.get("/api/v1/jobs/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.get("/api/v1/datasets/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.get("/api/v1/models/not-a-uuid"), 400, "invalid-request");
        assertProblem(api.post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel", null), 404, "not-found");
    }

    @Test
    void aDatasetWhoseArraysDoNotMatchTheModelInputsIsRefusedNamingThem() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        byte[] npz = Files.readAllBytes(Fixtures.MLP_HOLDOUT);
        byte[] renamed = renameArray(npz, "input.npy", "pixels.npy");
        ResponseEntity<JsonNode> dataset = api.upload("/api/v1/datasets", "wrong.npz", renamed);
        assertThat(dataset.getStatusCode().value()).isEqualTo(201);

        String datasetId = dataset.getBody().path("id").asString();
        ResponseEntity<JsonNode> job = assertJobRefused(Api.quantizeJob(modelId, datasetId), 422, "dataset-mismatch");
        assertThat(job.getBody().path("detail").asString()).contains("input").contains("pixels");
    }

    @Test
    void aCorruptDatasetIsRefusedWithoutLeftovers() throws Exception {
        byte[] npz = Files.readAllBytes(Fixtures.MLP_HOLDOUT);
        byte[] truncated = Arrays.copyOf(npz, npz.length / 3);
        assertRejectedWithoutLeftovers(() -> api.upload("/api/v1/datasets", "d.npz", truncated), 422,
                "invalid-dataset");
    }

    @Test
    void aDatasetHoldingNaNIsRefusedAtUploadNamingTheArray() throws Exception {
        byte[] data = new byte[64 * 4];
        java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(12, Float.NaN);
        byte[] npz = NpzTestArchives.zipBytes(NpzTestArchives.entries("input.npy",
                NpzTestArchives.npy("<f4", "(1, 64)", data)), ZipEntry.DEFLATED);
        ResponseEntity<JsonNode> response = assertRejectedWithoutLeftovers(
                () -> api.upload("/api/v1/datasets", "nan.npz", npz), 422, "invalid-dataset");
        assertThat(response.getBody().path("detail").asString()).contains("'input'").contains("NaN");
    }

    @Test
    void aZipBombDatasetIsRefusedWithoutInflatingIt(@TempDir Path dir) throws Exception {
        // 300 MB of zeros deflate to about 300 KB: above the default ratio limit (200) and its 256 MB floor.
        byte[] bomb = Files.readAllBytes(NpzArchiveLimitsTest.zerosArchive(dir.resolve("bomb.npz"), 300L << 20));
        ResponseEntity<JsonNode> response = assertRejectedWithoutLeftovers(
                () -> api.upload("/api/v1/datasets", "bomb.npz", bomb), 422, "invalid-dataset");
        assertThat(response.getBody().path("detail").asString()).contains("zip bomb");
    }

    @Test
    void cancellingAFinishedJobIsAConflictAndTheIdempotencyKeyReplaysTheSameJob() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        HttpHeaders headers = new HttpHeaders();
        headers.add("Idempotency-Key", "key-" + UUID.randomUUID());
        ResponseEntity<JsonNode> first = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null), headers);
        ResponseEntity<JsonNode> again = api.post("/api/v1/jobs", Api.quantizeJob(modelId, null), headers);
        assertThat(again.getBody().path("id").asString()).isEqualTo(first.getBody().path("id").asString());
        assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertProblem(api.post("/api/v1/jobs", Map.of("modelId", modelId, "type", "QUANTIZE",
                "params", Map.of("method", "fp16")), headers), 422, "idempotency-key-reused");

        JsonNode job = api.awaitFinished(first.getBody().path("id").asString());
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertProblem(api.post("/api/v1/jobs/" + job.path("id").asString() + "/cancel", null), 409, "conflict");
    }

    private ResponseEntity<JsonNode> assertJobRefused(Object body, int status, String type) throws Exception {
        return assertRejectedWithoutLeftovers(() -> api.post("/api/v1/jobs", body), status, type);
    }

    /** Sends a request that must be refused, and checks that it left nothing in the database, the blob store or tmp. */
    private ResponseEntity<JsonNode> assertRejectedWithoutLeftovers(Supplier<ResponseEntity<JsonNode>> request,
            int status, String type) throws Exception {
        Leftovers before = Leftovers.whenQuiet(jdbc, BLOBS);
        ResponseEntity<JsonNode> response = request.get();
        assertProblem(response, status, type);
        assertThat(countFiles(Path.of("target/test-storage/tmp"))).as("temporary upload files").isZero();
        assertThat(Leftovers.now(jdbc, BLOBS).since(before)).as("blobs and rows added by a refused request")
                .isEqualTo(Leftovers.NONE);
        assertThat(api.get("/actuator/health").getStatusCode().value()).isEqualTo(200);
        return response;
    }

    static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as("status of %s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getBody().path("type").asString()).endsWith("/" + type);
        assertThat(response.getBody().path("detail").asString()).isNotBlank();
    }

    private static long countFiles(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] renameArray(byte[] npz, String from, String to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(npz));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName().equals(from) ? to : entry.getName()));
                in.transferTo(zip);
            }
        }
        return out.toByteArray();
    }
}
