package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import dev.mcs.support.torchscriptcopy.TorchScriptCopyParams;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A method that declares TorchScript output (registered on the test classpath only) runs through the
 * whole job path: the worker writes {@code output.pt}, the commit stores a TorchScript model, inspection
 * and download follow the format, and the metrics say what was not measured.
 */
@ServiceTest
class TorchScriptOutputEndToEndTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void a_method_declaring_torchscript_output_produces_a_torchscript_model_end_to_end() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_TORCHSCRIPT).path("id").asString();

        JsonNode job = api.awaitFinished(submit(modelId).getBody().path("id").asString());

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode output = api.get("/api/v1/models/" + job.path("outputModelId").asString()).getBody();
        assertThat(output.path("format").asString()).isEqualTo("TORCHSCRIPT");
        assertThat(output.path("name").asString()).endsWith("-" + TorchScriptCopyParams.NAME + ".pt");
        assertThat(output.path("inspection").path("torchScript").isObject()).as(output.toString()).isTrue();
        ResponseEntity<byte[]> content = api.download("/api/v1/models/" + output.path("id").asString() + "/content", Map.of());
        assertThat(content.getHeaders().getContentDisposition().getFilename()).endsWith(".pt");
        assertThat(content.getBody()).isEqualTo(Files.readAllBytes(Fixtures.MLP_TORCHSCRIPT));
        JsonNode metrics = job.path("metrics");
        assertThat(metrics.path("notMeasured").asString()).contains("TORCHSCRIPT into TORCHSCRIPT");
        assertThat(metrics.path("ratios").path("size").asDouble()).isEqualTo(1.0);
    }

    @Test
    void the_method_is_refused_at_submission_for_an_onnx_model() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();

        ResponseEntity<JsonNode> refused = submit(modelId);

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody().path("type").asString()).endsWith("/format-not-supported");
    }

    private ResponseEntity<JsonNode> submit(String modelId) {
        return api.post("/api/v1/jobs", Map.of("modelId", modelId, "type", "QUANTIZE",
                "params", Map.of("method", TorchScriptCopyParams.NAME)));
    }
}
