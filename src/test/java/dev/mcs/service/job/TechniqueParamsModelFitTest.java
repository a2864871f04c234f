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
import dev.mcs.shared.technique.TechniqueCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Parameters checked against the model's stored inspection: what can never run is refused before it is queued. */
class TechniqueParamsModelFitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TechniqueParamsParser PARSER = new TechniqueParamsParser(TechniqueCatalog.installed(), JSON);
    private static final DatasetFacts DATA = new DatasetFacts(true, true);

    /** The digits CNN: two Convs and a Gemm classifier. */
    private static final ModelFacts CNN = new ModelFacts(Map.of("Conv", 2, "Relu", 2, "Flatten", 1, "Gemm", 1),
            Map.of("Conv", List.of("conv0", "conv2"), "Gemm", List.of("classifier")));
    /** A two-layer BERT-style encoder: attention Softmaxes, MatMul projections, no Conv. */
    private static final ModelFacts ENCODER = new ModelFacts(Map.of("MatMul", 12, "Softmax", 2, "Add", 20),
            Map.of("MatMul", List.of("q0", "k0")));
    /** Element-wise arithmetic on a constant: no weight any method rewrites. */
    private static final ModelFacts NO_WEIGHTS = new ModelFacts(Map.of("Add", 1, "Relu", 1), Map.of());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "QUANTIZE | {\"method\":\"dynamic_int8\"}                          | params.method",
        "QUANTIZE | {\"method\":\"smoothquant\"}                           | params.method",
        "QUANTIZE | {\"method\":\"static_int8\"}                           | params.method",
        "QUANTIZE | {\"method\":\"weight_only_int4\"}                      | params.method",
        "QUANTIZE | {\"method\":\"auto\",\"target\":{\"minCosine\":0.99}} | params.method",
        "PRUNE    | {\"method\":\"magnitude\"}                             | params.method",
        "PRUNE    | {\"method\":\"wanda\"}                                 | params.method",
        "PRUNE    | {\"method\":\"structured\"}                            | params.method",
        "PRUNE    | {\"method\":\"structured\",\"groups\":[\"heads\"]}      | params.groups"})
    void aMethodThatWouldRewriteNothingInTheModelIsRefusedNamingWhatItNeedsAndWhatTheModelHas(JobType type,
            String params, String field) {
        ApiException e = rejected(type, params, NO_WEIGHTS);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", field).containsEntry("modelOpTypes", List.of("Add", "Relu"));
        assertThat(e.getMessage()).contains("has none");
    }

    @Test
    void opTypesNamingOnlyOperatorsTheModelLacksAreRefusedAtTheOpTypesField() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"static_int8\",\"opTypes\":[\"MatMul\"]}", CNN);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.opTypes")
                .containsEntry("methodOpTypes", List.of("MatMul"))
                .containsEntry("modelOpTypes", List.of("Conv", "Flatten", "Gemm", "Relu"));
    }

    @Test
    void dynamicInt8WithoutEmbeddingsOrMatricesIsRefusedButGemmAloneIsEnough() {
        assertThat(rejected(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\",\"opTypes\":[\"MatMul\"],"
                + "\"quantizeEmbeddings\":false}", CNN).properties()).containsEntry("methodOpTypes", List.of("MatMul"));
        assertThat(parse(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\"}", CNN)).isNotNull();
        assertThat(parse(JobType.PRUNE, "{\"method\":\"magnitude\",\"opTypes\":[\"Conv\"]}", CNN)).isNotNull();
    }

    @Test
    void structuredGroupsNamingAKindOfUnitTheModelCannotHaveAreRefusedAtTheGroupsField() {
        ApiException heads = rejected(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"channels\",\"heads\"]}",
                CNN);

        assertThat(heads.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(heads.properties()).containsEntry("field", "params.groups").containsEntry("methodOpTypes",
                List.of("MatMul"));
        assertThat(heads.getMessage()).contains("'heads'");
        ModelFacts mlp = new ModelFacts(Map.of("MatMul", 2, "Add", 2, "Relu", 1), null);
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"heads\"]}", mlp)
                .getMessage()).contains("[Softmax]").doesNotContain("[MatMul]");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"channels\"]}", ENCODER)
                .properties()).containsEntry("methodOpTypes", List.of("Conv"));
    }

    @Test
    void structuredWithEveryKindOfUnitNeedsOnlyOneKindTheModelCanHave() {
        assertThat(parse(JobType.PRUNE, "{\"method\":\"structured\"}", CNN)).isNotNull();
        assertThat(parse(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"channels\",\"ffn\"]}", CNN))
                .isNotNull();
        assertThat(parse(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"ffn\",\"heads\"]}", ENCODER))
                .isNotNull();
    }

    @Test
    void wandaOnAModelWithConvolutionsOnlyIsRefusedAndItsExcludeNodesAreChecked() {
        ModelFacts convOnly = new ModelFacts(Map.of("Conv", 2, "Relu", 2), Map.of("Conv", List.of("conv0", "conv2")));
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"wanda\"}", convOnly).properties())
                .containsEntry("methodOpTypes", List.of("Gemm", "MatMul"));

        ApiException e = rejected(JobType.PRUNE, "{\"method\":\"wanda\",\"excludeNodes\":[\"conv0\"]}", CNN);
        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_NODES);
        assertThat(e.properties()).containsEntry("knownNodes", List.of("classifier"));
        assertThat(parse(JobType.PRUNE, "{\"method\":\"wanda\",\"excludeNodes\":[\"classifier\"]}", CNN)).isNotNull();
    }

    @Test
    void fp16OnAModelWithoutFloatInitializersOrConstantsIsRefusedNamingItsInitializerTypes() {
        ModelFacts integers = new ModelFacts(ModelFormat.ONNX, Map.of("Gather", 1), null, Set.of("int64", "int8"),
                null, null);

        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"fp16\"}", integers);

        assertThat(e.type()).isEqualTo(ProblemType.METHOD_NOT_APPLICABLE);
        assertThat(e.properties()).containsEntry("field", "params.method")
                .containsEntry("modelInitializerTypes", List.of("int64", "int8"));
    }

    @Test
    void fp16IsAcceptedWhereFloatWeightsMayExist() {
        ModelFacts floats = new ModelFacts(ModelFormat.ONNX, Map.of("Gemm", 1), null, Set.of("float"), null, null);
        ModelFacts constants = new ModelFacts(ModelFormat.ONNX, Map.of("Constant", 2, "MatMul", 1), null, Set.of(),
                null, null);

        assertThat(parse(JobType.QUANTIZE, "{\"method\":\"fp16\"}", floats)).isNotNull();
        assertThat(parse(JobType.QUANTIZE, "{\"method\":\"fp16\"}", constants)).isNotNull();
        assertThat(parse(JobType.QUANTIZE, "{\"method\":\"fp16\"}", CNN)).isNotNull();
    }

    @Test
    void excludeNodesNamingNodesTheModelLacksAreRefusedNamingThemAndTheKnownOnes() {
        ApiException e = rejected(JobType.QUANTIZE,
                "{\"method\":\"static_int8\",\"excludeNodes\":[\"conv0\",\"conv9\",\"classifer\"]}", CNN);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_NODES);
        assertThat(e.properties()).containsEntry("field", "params.excludeNodes")
                .containsEntry("unknownNodes", List.of("conv9", "classifer"));
        assertThat(e.getMessage()).contains("conv9", "classifer", "classifier");
    }

    @Test
    void excludeNodesOfATypeTheMethodCannotRewriteAreRefusedToo() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\",\"excludeNodes\":[\"conv0\"]}", CNN);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_NODES);
        assertThat(e.properties()).containsEntry("knownNodes", List.of("classifier"));
    }

    @Test
    void excludeNodesTheModelHasAreAccepted() {
        assertThat(parse(JobType.QUANTIZE, "{\"method\":\"static_int8\",\"excludeNodes\":[\"conv0\",\"classifier\"]}",
                CNN)).isNotNull();
    }

    @Test
    void aModelWhoseInspectionTellsNothingIsAcceptedAsBefore() {
        String params = "{\"method\":\"static_int8\",\"opTypes\":[\"MatMul\"],\"excludeNodes\":[\"anything\"]}";

        assertThat(parse(JobType.QUANTIZE, params, ModelFacts.UNKNOWN)).isNotNull();
        assertThat(parse(JobType.QUANTIZE, params, new ModelFacts(Map.of("MatMul", 1), null))).isNotNull();
    }

    @Test
    void embeddingRecoveryOfATorchScriptModuleTheInspectionRanOnOneFloatTensorIsRefusedAtOutputKind() {
        String embedding = "{\"method\":\"magnitude\",\"recovery\":{\"outputKind\":\"embedding\"}}";
        ModelFacts floatModule = new ModelFacts(ModelFormat.TORCHSCRIPT, null, null, null, null, null, List.of(1L, 64L));
        ModelFacts notRun = new ModelFacts(ModelFormat.TORCHSCRIPT, null, null, null, null, null, null);

        ApiException e = catchThrowableOfType(ApiException.class, () -> PARSER.parse(new TechniqueParamsParser.Request(
                JobType.PRUNE, JSON.readTree(embedding), ModelFormat.TORCHSCRIPT, DATA, floatModule)));

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.recovery.outputKind")
                .containsEntry("validValues", List.of("auto", "classes"));
        assertThat(e.getMessage()).contains("input_ids", "float[1, 64]");
        assertThat(PARSER.parse(new TechniqueParamsParser.Request(JobType.PRUNE, JSON.readTree(embedding),
                ModelFormat.TORCHSCRIPT, DATA, notRun))).as("a token encoder fails the smoke test's float guess")
                .isNotNull();
        assertThat(PARSER.parse(new TechniqueParamsParser.Request(JobType.PRUNE, JSON.readTree(
                "{\"method\":\"magnitude\",\"recovery\":{\"outputKind\":\"classes\"}}"), ModelFormat.TORCHSCRIPT,
                DATA, floatModule))).isNotNull();
    }

    private static ApiException rejected(JobType type, String params, ModelFacts model) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(type, params, model));
        assertThat(e).as("%s %s should be refused", type, params).isNotNull();
        return e;
    }

    private static MethodParams parse(JobType type, String params, ModelFacts model) {
        return PARSER.parse(new TechniqueParamsParser.Request(type, JSON.readTree(params), ModelFormat.ONNX, DATA, model));
    }
}
