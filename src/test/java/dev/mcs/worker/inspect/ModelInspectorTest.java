package dev.mcs.worker.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.evaluate.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class ModelInspectorTest {

    private static final long MLP_PARAMETERS = 64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10;

    private final ModelInspector inspector = new ModelInspector();

    @TempDir
    Path dir;

    @Test
    void the_onnx_mlp_shows_its_inputs_outputs_ops_and_parameters() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.fixture("digits_mlp.onnx"), ModelFormat.ONNX);

        OnnxDetails onnx = inspection.onnx();
        assertThat(inspection.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(inspection.torchScript()).isNull();
        assertThat(onnx.inputs()).containsExactly(new TensorSpec("input", "float", List.of("batch", "64")));
        assertThat(onnx.outputs()).containsExactly(new TensorSpec("logits", "float", List.of("batch", "10")));
        assertThat(onnx.nodeCountByOpType()).isEqualTo(Map.of("Gemm", 3, "Relu", 2));
        assertThat(onnx.nodeNamesByOpType()).containsExactly(Map.entry("Gemm",
                List.of("/layers/layers.0/Gemm", "/layers/layers.2/Gemm", "/layers/layers.4/Gemm")));
        assertThat(onnx.opsetImports()).containsKey("");
        assertThat(onnx.externalData()).isFalse();
        assertThat(inspection.parameterCount()).isEqualTo(MLP_PARAMETERS);
        assertThat(inspection.parameterBytes()).isEqualTo(MLP_PARAMETERS * Float.BYTES);
        assertThat(onnx.initializersByElementType())
                .containsExactly(Map.entry("float", new InitializerStats(6, MLP_PARAMETERS * Float.BYTES, MLP_PARAMETERS)));
    }

    @Test
    void the_onnx_cnn_shows_its_image_input_and_convolutions() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.fixture("digits_cnn.onnx"), ModelFormat.ONNX);

        assertThat(inspection.onnx().inputs()).containsExactly(new TensorSpec("input", "float", List.of("batch", "1", "8", "8")));
        assertThat(inspection.onnx().nodeCountByOpType()).containsEntry("Conv", 2);
        assertThat(inspection.onnx().nodeNamesByOpType().get("Conv"))
                .containsExactly("/features/features.0/Conv", "/features/features.2/Conv");
        assertThat(inspection.smokeTest().detail()).contains("input float[1, 1, 8, 8]");
    }

    @Test
    void the_torchscript_mlp_lists_its_parameters_by_name() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.fixture("digits_mlp.pt"), ModelFormat.TORCHSCRIPT);

        assertThat(inspection.onnx()).isNull();
        assertThat(inspection.parameterCount()).isEqualTo(MLP_PARAMETERS);
        assertThat(inspection.torchScript().parameters()).extracting(ParameterInfo::name)
                .containsExactly("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
                        "layers.4.weight", "layers.4.bias");
        assertThat(inspection.torchScript().parameters().get(0)).isEqualTo(new ParameterInfo("layers.0.weight", List.of(64L, 64L), "float32"));
    }

    @ParameterizedTest
    @CsvSource({"digits_mlp.onnx, ONNX", "digits_cnn.onnx, ONNX", "digits_mlp.pt, TORCHSCRIPT", "digits_cnn.pt, TORCHSCRIPT"})
    void every_fixture_passes_the_smoke_test(String file, ModelFormat format) throws Exception {
        SmokeTest smoke = inspector.inspect(TestModels.fixture(file), format).smokeTest();

        assertThat(smoke.succeeded()).as(smoke.detail()).isTrue();
        assertThat(smoke.latencyMs()).isPositive();
    }

    @Test
    void token_inputs_keep_their_symbolic_dims_and_run_on_synthetic_ids() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.tokenInputs(dir.resolve("tokens.onnx")), ModelFormat.ONNX);

        assertThat(inspection.onnx().inputs()).first().isEqualTo(new TensorSpec("input_ids", "int64", List.of("batch", "sequence")));
        assertThat(inspection.smokeTest().succeeded()).isTrue();
        assertThat(inspection.smokeTest().detail()).contains("attention_mask int64[1, 8]");
        assertThat(inspection.parameterCount()).isZero();
    }

    @Test
    void a_model_that_fails_to_run_is_reported_but_not_rejected() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.failsAtRunTime(dir.resolve("bad.onnx")), ModelFormat.ONNX);

        assertThat(inspection.smokeTest().succeeded()).isFalse();
        assertThat(inspection.smokeTest().latencyMs()).isNull();
        assertThat(inspection.smokeTest().detail()).containsIgnoringCase("reshape");
    }

    @Test
    void garbage_bytes_are_not_an_onnx_model() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.onnx"), noise);
        Path text = Files.writeString(dir.resolve("text.onnx"), "definitely not a model");

        assertThatThrownBy(() -> inspector.inspect(random, ModelFormat.ONNX)).isInstanceOf(InvalidModelException.class);
        assertThatThrownBy(() -> inspector.inspect(text, ModelFormat.ONNX)).isInstanceOf(InvalidModelException.class);
    }

    @Test
    void a_truncated_torchscript_file_is_rejected_with_a_short_message() throws Exception {
        byte[] model = Files.readAllBytes(TestModels.fixture("digits_mlp.pt"));
        Path truncated = Files.write(dir.resolve("truncated.pt"), Arrays.copyOf(model, model.length / 2));

        assertThatThrownBy(() -> inspector.inspect(truncated, ModelFormat.TORCHSCRIPT))
                .isInstanceOf(InvalidModelException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400)
                        .doesNotContain("Exception raised from").doesNotContain("\n").doesNotContain(dir.toString()));
    }

    @Test
    void external_data_is_refused_before_onnx_runtime_opens_the_file() {
        Path model = TestModels.withExternalWeights(dir.resolve("external.onnx"), "../../etc/passwd");

        // The message is ours, not ORT's: ORT would have followed the path and loaded the file.
        assertThatThrownBy(() -> inspector.inspect(model, ModelFormat.ONNX))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("ONNX external data is not supported")
                .hasMessageContaining("../../etc/passwd");
    }

    @Test
    void an_inspection_serializes_to_json() throws Exception {
        ModelInspection inspection = inspector.inspect(TestModels.fixture("digits_mlp.onnx"), ModelFormat.ONNX);

        String json = JsonMapper.builder().build().writeValueAsString(inspection);

        assertThat(json).contains("\"parameterCount\":" + MLP_PARAMETERS, "\"shape\":[\"batch\",\"64\"]", "\"succeeded\":true");
    }
}
