package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.ModelFacts.Tensor;
import dev.mcs.shared.technique.TechniqueCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** DISTILL parameters checked against the teacher's format and stored inspection before the job is queued. */
class TechniqueParamsTeacherFitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TechniqueParamsParser PARSER = new TechniqueParamsParser(TechniqueCatalog.installed(), JSON);
    private static final DatasetFacts DATA = new DatasetFacts(true, false);

    /** A two-layer BERT-style encoder: token ids and mask in, hidden states out. */
    private static final ModelFacts ENCODER = new ModelFacts(ModelFormat.ONNX,
            Map.of("MatMul", 16, "Softmax", 2, "LayerNormalization", 5, "Gather", 2), null, Set.of("float", "int64"),
            List.of(new Tensor("input_ids", "int64", 2), new Tensor("attention_mask", "int64", 2)),
            List.of(new Tensor("last_hidden_state", "float", 3)));
    /** The digits MLP: flat 64-pixel vectors in, ten logits out. */
    private static final ModelFacts MLP = new ModelFacts(ModelFormat.ONNX, Map.of("Gemm", 3, "Relu", 2), null,
            Set.of("float"), List.of(new Tensor("input", "float", 2)), List.of(new Tensor("logits", "float", 2)));
    /** A TorchScript teacher: its inspection has no ONNX details. */
    private static final ModelFacts TORCHSCRIPT = new ModelFacts(ModelFormat.TORCHSCRIPT, null, null, null, null, null);

    @Test
    void keepNamingALayerBeyondTheTeachersAttentionSoftmaxesIsAnInvalidRequest() {
        ApiException e = rejected(layers("\"keep\":[0,2]"), ENCODER);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.student.keep");
        assertThat(e.getMessage()).contains("layer 2", "at most 2");
    }

    @Test
    void askingForMoreLayersThanTheTeacherCanHaveIsAnInvalidRequest() {
        ApiException e = rejected(layers("\"layers\":3"), ENCODER);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.student.layers");
    }

    @Test
    void layersWithinTheTeachersBoundAreAccepted() {
        assertThat(parse(layers("\"keep\":[0,1]"), ENCODER)).isNotNull();
        assertThat(parse(layers("\"layers\":2"), ENCODER)).isNotNull();
        assertThat(parse(layers("\"keep\":[0,7]"), ModelFacts.UNKNOWN)).isNotNull();
    }

    @Test
    void aLayersStudentOfATeacherWithoutAttentionIsNotApplicable() {
        ApiException e = rejected(layers("\"keep\":[0]"), MLP);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.student.kind")
                .containsEntry("methodOpTypes", List.of("Softmax")).containsEntry("modelOpTypes", List.of("Gemm", "Relu"));
    }

    @Test
    void aLayersStudentOfATorchScriptTeacherIsRefusedAsTheWrongFormatNamingTheOnnxExport() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> PARSER.parse(new TechniqueParamsParser.Request(
                JobType.DISTILL, JSON.readTree(layers("\"keep\":[0]")), ModelFormat.TORCHSCRIPT, DATA, TORCHSCRIPT)));

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
        assertThat(e.properties()).containsEntry("field", "params.student.kind")
                .containsEntry("supportedFormats", List.of(ModelFormat.ONNX));
        assertThat(e.getMessage()).contains("torch.onnx.export");
    }

    @Test
    void aGeneratedStudentOfATeacherWithTwoInputsIsNotApplicable() {
        ApiException e = rejected(generated("mlp"), ENCODER);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.student.kind")
                .containsEntry("modelInputs", List.of("input_ids", "attention_mask"));
    }

    @Test
    void aCnnStudentOfATeacherWithFlatInputsIsRefusedAtTheArchitectureField() {
        ApiException e = rejected(generated("cnn"), MLP);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.student.architecture");
        assertThat(parse(generated("mlp"), MLP)).isNotNull();
    }

    @Test
    void aTeacherWithoutAFloatOutputHasNothingToTeach() {
        ModelFacts argmax = new ModelFacts(ModelFormat.ONNX, Map.of("Gemm", 1, "ArgMax", 1), null, Set.of("float"),
                List.of(new Tensor("input", "float", 2)), List.of(new Tensor("label", "int64", 1)));

        ApiException e = rejected(generated("mlp"), argmax);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.method");
        assertThat(e.getMessage()).contains("label (int64)");
    }

    @Test
    void anUploadedStudentOfATorchScriptTeacherCannotLearnAnEmbeddingAndIsRefusedAtOutputKind() {
        String embedding = "{\"method\":\"distill\",\"outputKind\":\"embedding\",\"student\":{\"kind\":\"model\","
                + "\"modelId\":\"00000000-0000-0000-0000-000000000001\"}}";

        ApiException e = catchThrowableOfType(ApiException.class, () -> PARSER.parse(new TechniqueParamsParser.Request(
                JobType.DISTILL, JSON.readTree(embedding), ModelFormat.TORCHSCRIPT, DATA, TORCHSCRIPT)));

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.outputKind");
        assertThat(e.getMessage()).contains("TORCHSCRIPT", "torch.onnx.export");
        assertThat(parse(embedding, ENCODER)).as("an ONNX teacher's graph is read").isNotNull();
    }

    private static String layers(String choice) {
        return "{\"method\":\"distill\",\"student\":{\"kind\":\"layers\"," + choice + "}}";
    }

    private static String generated(String architecture) {
        return "{\"method\":\"distill\",\"student\":{\"kind\":\"architecture\",\"architecture\":\"" + architecture
                + "\"}}";
    }

    private static ApiException rejected(String params, ModelFacts teacher) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(params, teacher));
        assertThat(e).as("%s should be refused", params).isNotNull();
        return e;
    }

    private static MethodParams parse(String params, ModelFacts teacher) {
        return PARSER.parse(new TechniqueParamsParser.Request(JobType.DISTILL, JSON.readTree(params), ModelFormat.ONNX,
                DATA, teacher));
    }
}
