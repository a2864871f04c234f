package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.shared.technique.quantize.StaticInt8Params;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TechniqueParamsParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DatasetFacts UNLABELLED = new DatasetFacts(true, false);
    private static final TechniqueParamsParser PARSER = new TechniqueParamsParser(TechniqueCatalog.installed(), JSON);

    @Test
    void acceptsDynamicInt8OnAnOnnxModelWithEveryDefaultFilledIn() {
        MethodParams params = parse(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\"}", DatasetFacts.NONE);

        assertThat(params).isEqualTo(new DynamicInt8Params("dynamic_int8", true, "full", List.of("MatMul", "Gemm"),
                List.of(), true));
    }

    @Test
    void anExplicitNullTakesTheDefaultLikeAnAbsentField() {
        MethodParams params = parse(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\",\"perChannel\":null}",
                DatasetFacts.NONE);

        assertThat(((DynamicInt8Params) params).perChannel()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamic_int8", "smoothquant", "static_int8", "weight_only_int8", "weight_only_int4", "fp16", "auto"})
    void everyQuantizationMethodNeedsAnOnnxModel(String method) {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"" + method + "\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
    }

    @Test
    void fillsEachMethodsOwnDefaults() {
        WeightOnlyParams int4 = (WeightOnlyParams) parse(JobType.QUANTIZE, "{\"method\":\"weight_only_int4\"}",
                DatasetFacts.NONE);
        WeightOnlyParams int8 = (WeightOnlyParams) parse(JobType.QUANTIZE, "{\"method\":\"weight_only_int8\"}",
                DatasetFacts.NONE);
        StaticInt8Params fixed = (StaticInt8Params) parse(JobType.QUANTIZE,
                "{\"method\":\"static_int8\",\"calibration\":\"percentile\"}", UNLABELLED);

        assertThat(int4.blockSize()).isEqualTo(32);
        assertThat(int8.blockSize()).isEqualTo(128);
        assertThat(int4.algorithm()).isEqualTo("hqq");
        assertThat(int4.embeddings()).isEqualTo("int4");
        assertThat(int4.symmetric()).isFalse();
        assertThat(int8.algorithm()).isEqualTo("rtn");
        assertThat(int8.embeddings()).isEqualTo("int8");
        assertThat(fixed.percentile()).isEqualTo(99.999);
        assertThat(fixed.opTypes()).containsExactly("Conv", "MatMul", "Gemm");
    }

    @Test
    void hqqDefaultsToAsymmetricBlocksBecauseItOptimizesTheZeroPoint() {
        WeightOnlyParams hqq = (WeightOnlyParams) parse(JobType.QUANTIZE,
                "{\"method\":\"weight_only_int4\",\"algorithm\":\"hqq\"}", DatasetFacts.NONE);

        assertThat(hqq.symmetric()).isFalse();
    }

    @Test
    void smoothquantWithStaticActivationsLeavesTheDynamicOnlyFieldsOut() {
        SmoothQuantParams params = (SmoothQuantParams) parse(JobType.QUANTIZE,
                "{\"method\":\"smoothquant\",\"activations\":\"static\"}", UNLABELLED);

        assertThat(params.weightRange()).isNull();
        assertThat(params.quantizeEmbeddings()).isNull();
        assertThat(params.alpha().isAuto()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"auto\"", "\"AUTO\"", "0.8", "0", "1"})
    void smoothquantAlphaIsANumberInTheUnitIntervalOrAuto(String alpha) {
        SmoothQuantParams params = (SmoothQuantParams) parse(JobType.QUANTIZE,
                "{\"method\":\"smoothquant\",\"alpha\":" + alpha + "}", UNLABELLED);

        assertThat(params.alpha().isAuto()).isEqualTo(alpha.contains("auto") || alpha.contains("AUTO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"fast\"", "1.5", "-0.1", "true", "[0.5]"})
    void smoothquantRefusesAnyOtherAlphaNamingTheField(String alpha) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(JobType.QUANTIZE,
                "{\"method\":\"smoothquant\",\"alpha\":" + alpha + "}", UNLABELLED));

        assertThat(e).as(alpha).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.alpha");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"method\":\"weight_only_int8\",\"symmetric\":false}",
            "{\"method\":\"weight_only_int4\",\"algorithm\":\"hqq\",\"symmetric\":true}",
            "{\"method\":\"smoothquant\",\"activations\":\"static\",\"weightRange\":\"reduced\"}",
            "{\"method\":\"smoothquant\",\"activations\":\"static\",\"quantizeEmbeddings\":false}",
            "{\"method\":\"dynamic_int8\",\"opTypes\":[]}",
            "{\"method\":\"static_int8\",\"opTypes\":[]}"})
    void refusesParameterCombinationsThatWouldBeSilentlyIgnoredOrCanNeverRun(String body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(JobType.QUANTIZE, body, UNLABELLED));

        assertThat(e).as(body).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat((String) e.properties().get("field")).startsWith("params.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"method\":\"static_int8\"}", "{\"method\":\"smoothquant\"}",
            "{\"method\":\"auto\",\"base\":\"static_int8\",\"target\":{\"minCosine\":0.99}}"})
    void calibratingMethodsRequireADataset(String body) {
        ApiException e = rejected(JobType.QUANTIZE, body, ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(e.properties()).containsEntry("field", "datasetId");
    }

    @Test
    void anAccuracyTargetRequiresLabels() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(JobType.QUANTIZE,
                "{\"method\":\"auto\",\"target\":{\"maxAccuracyDrop\":0.01}}", UNLABELLED));

        assertThat(e.type()).isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(e.getMessage()).contains("labels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"method\":\"weight_only_int4\",\"blockSize\":48}",
            "{\"method\":\"dynamic_int8\",\"weightRange\":\"huge\"}",
            "{\"method\":\"dynamic_int8\",\"opTypes\":[\"Conv\"]}",
            "{\"method\":\"auto\",\"target\":{}}",
            "{\"method\":\"auto\",\"target\":{\"minCosine\":0.9,\"maxAccuracyDrop\":0.1}}",
            "{\"method\":\"weight_only_int8\",\"symmetric\":\"yes\"}"})
    void rejectsOutOfRangeOrMistypedOptionValuesNamingTheField(String body) {
        ApiException e = rejected(JobType.QUANTIZE, body, ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat((String) e.properties().get("field")).startsWith("params.");
    }

    @Test
    void rejectsAnUnknownMethodListingEveryValidOne() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"int3_magic\"}", ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_METHOD);
        assertThat(e.getMessage()).contains("'int3_magic'");
        assertThat(e.properties()).containsEntry("field", "params.method");
        assertThat(validValues(e)).containsExactlyElementsOf(allMethods());
    }

    @Test
    void methodNamesAreCaseSensitive() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"DYNAMIC_INT8\"}", ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_METHOD);
    }

    @Test
    void rejectsAnUnknownParameterNamingItAndTheValidOnes() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\",\"bits\":4}", ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_PARAMETER);
        assertThat(e.getMessage()).contains("params.bits");
        assertThat(e.properties())
                .containsEntry("field", "params.bits")
                .containsEntry("validParameters",
                        List.of("method", "perChannel", "weightRange", "opTypes", "excludeNodes", "quantizeEmbeddings"));
    }

    @Test
    void anUnknownMethodIsReportedBeforeItsParametersBecauseTheValidParametersDependOnTheMethod() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"nope\",\"extra\":true}", ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.UNKNOWN_METHOD);
        assertThat(e.properties()).containsEntry("field", "params.method");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"method\":null}", "{\"method\":8}", "{\"method\":[\"dynamic_int8\"]}",
            "{\"method\":{\"name\":\"dynamic_int8\"}}", "{\"method\":true}"})
    void requiresMethodToBeAString(String body) {
        ApiException e = rejected(JobType.QUANTIZE, body, ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.method");
        assertThat(validValues(e)).containsExactlyElementsOf(allMethods());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"dynamic_int8\"", "[]", "[{\"method\":\"dynamic_int8\"}]", "42", "null"})
    void requiresParamsToBeAnObject(String body) {
        ApiException e = rejected(JobType.QUANTIZE, body, ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("'params' must be a JSON object");
        assertThat(e.properties()).containsEntry("field", "params");
    }

    @Test
    void requiresParamsWhenTheyAreAbsentAltogether() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> PARSER.parse(new TechniqueParamsParser.Request(JobType.QUANTIZE, null, ModelFormat.ONNX,
                        DatasetFacts.NONE)));

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params");
    }

    @Test
    void refusesTechniquesThatAreNotBuiltYet() {
        TechniqueParamsParser withoutPrune = new TechniqueParamsParser(new TechniqueCatalog(List.of(
                new dev.mcs.shared.technique.quantize.QuantizeSpecs(),
                new dev.mcs.shared.technique.distill.DistillSpecs())), JSON);
        ApiException e = catchThrowableOfType(ApiException.class, () -> withoutPrune.parse(new TechniqueParamsParser
                .Request(JobType.PRUNE, params("{\"method\":\"magnitude\"}"), ModelFormat.ONNX, DatasetFacts.NONE)));

        assertThat(e.type()).isEqualTo(ProblemType.NOT_IMPLEMENTED);
        assertThat(e.getMessage()).startsWith("PRUNE").contains("QUANTIZE").contains("DISTILL");
        assertThat(e.properties()).containsEntry("implementedTypes", List.of(JobType.QUANTIZE, JobType.DISTILL));
    }

    @Test
    void refusesDynamicInt8OnATorchScriptModel() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
        assertThat(e.getMessage()).contains("TORCHSCRIPT").contains("ONNX");
        assertThat(e.properties()).containsEntry("supportedFormats", List.of(ModelFormat.ONNX));
    }

    @Test
    void refusesStructuredPruningOfATorchScriptModelSayingWhyAndToUploadTheOnnxExport() {
        ApiException e = rejected(JobType.PRUNE, "{\"method\":\"structured\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
        assertThat(e.getMessage()).contains("structure cannot be changed from Java", "ONNX export");
    }

    @Test
    void refusesWandaOnATorchScriptModelSayingWhyAndToUploadTheOnnxExport() {
        ApiException e = rejected(JobType.PRUNE, "{\"method\":\"wanda\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
        assertThat(e.getMessage()).contains("inputs of its inner layers", "ONNX export");
    }

    @Test
    void acceptsMagnitudeMasksOnATorchScriptModel() {
        MethodParams parsed = PARSER.parse(new TechniqueParamsParser.Request(JobType.PRUNE,
                params("{\"method\":\"magnitude\",\"sparsity\":0.5}"), ModelFormat.TORCHSCRIPT, DatasetFacts.NONE));

        assertThat(parsed).isInstanceOf(dev.mcs.shared.technique.prune.MagnitudeParams.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1.5", "-0.1"})
    void refusesASparsityOutsideTheOpenUnitInterval(String sparsity) {
        ApiException e = rejected(JobType.PRUNE, "{\"method\":\"magnitude\",\"sparsity\":" + sparsity + "}",
                ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params.sparsity");
    }

    @Test
    void refusesPruningGroupsCriteriaAndPatternsItDoesNotKnowOrHasNotBuiltNamingTheField() {
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[\"rows\"]}", ModelFormat.ONNX)
                .properties()).containsEntry("field", "params.groups");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"groups\":[]}", ModelFormat.ONNX)
                .properties()).containsEntry("field", "params.groups");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"criterion\":\"fisher\"}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.criterion");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"residualStreams\":\"drop\"}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.residualStreams");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"sparsityPerKind\":{\"ffn\":1}}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.sparsityPerKind.ffn");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"magnitude\",\"scope\":\"row\"}", ModelFormat.ONNX)
                .properties()).containsEntry("field", "params.scope");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"magnitude\",\"recovery\":{\"epochs\":0}}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.recovery.epochs");
    }

    @Test
    void refusesGradualStepsForAFixedNOfMPatternAndOutsideTheirRange() {
        ApiException pattern = catchThrowableOfType(ApiException.class, () -> parse(JobType.PRUNE,
                "{\"method\":\"wanda\",\"pattern\":\"2:4\",\"recovery\":{\"steps\":3}}", UNLABELLED));
        assertThat(pattern.properties()).containsEntry("field", "params.recovery.steps");
        assertThat(pattern.getMessage()).contains("'2:4'", "'unstructured'");
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"recovery\":{\"steps\":0}}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.recovery.steps");
    }

    @Test
    void acceptsAnL1PenaltyForMasksWithItsStrength() {
        MethodParams parsed = parse(JobType.PRUNE, "{\"method\":\"magnitude\",\"recovery\":{\"penalty\":\"l1\","
                + "\"penaltyStrength\":0.5}}", UNLABELLED);

        var recovery = ((dev.mcs.shared.technique.prune.MagnitudeParams) parsed).recovery();
        assertThat(recovery.l1()).isTrue();
        assertThat(recovery.penaltyStrength()).isEqualTo(0.5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "magnitude|{\"penalty\":\"l1\"}|params.recovery.penaltyStrength",
            "magnitude|{\"penaltyStrength\":0.1}|params.recovery.penaltyStrength",
            "magnitude|{\"penalty\":\"l2\",\"penaltyStrength\":0.1}|params.recovery.penalty",
            "magnitude|{\"penalty\":\"l1\",\"penaltyStrength\":2}|params.recovery.penaltyStrength",
            "structured|{\"penalty\":\"l1\",\"penaltyStrength\":0.1}|params.recovery.penalty"})
    void refusesAPenaltyThatCannotRunNamingTheField(String method, String recovery, String field) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(JobType.PRUNE,
                "{\"method\":\"" + method + "\",\"recovery\":" + recovery + "}", UNLABELLED));

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", field);
    }

    @Test
    void acceptsGradualStepsForMagnitudeMasks() {
        MethodParams parsed = parse(JobType.PRUNE, "{\"method\":\"magnitude\",\"recovery\":{\"steps\":3}}",
                UNLABELLED);

        assertThat(((dev.mcs.shared.technique.prune.MagnitudeParams) parsed).recovery().steps()).isEqualTo(3);
    }

    @Test
    void recoveryReadsTheOutputKindFromTheGraphUnlessTold() {
        var auto = ((dev.mcs.shared.technique.prune.MagnitudeParams) parse(JobType.PRUNE,
                "{\"method\":\"magnitude\",\"recovery\":{}}", UNLABELLED)).recovery();
        var told = ((dev.mcs.shared.technique.prune.MagnitudeParams) parse(JobType.PRUNE,
                "{\"method\":\"magnitude\",\"recovery\":{\"outputKind\":\"embedding\"}}", UNLABELLED)).recovery();
        ApiException wrong = catchThrowableOfType(ApiException.class, () -> parse(JobType.PRUNE,
                "{\"method\":\"magnitude\",\"recovery\":{\"outputKind\":\"logits\"}}", UNLABELLED));

        assertThat(auto.outputKind()).isEqualTo("auto");
        assertThat(told.outputKind()).isEqualTo("embedding");
        assertThat(wrong.properties()).containsEntry("field", "params.recovery.outputKind");
        assertThat(wrong.getMessage()).contains("[auto, classes, embedding]");
    }

    @Test
    void refusesAnUnknownFieldInsidePruningRecovery() {
        ApiException e = rejected(JobType.PRUNE, "{\"method\":\"magnitude\",\"recovery\":{\"epoch\":3}}",
                ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("epoch");
    }

    @Test
    void structuredScoresByActivationByDefaultWhenTheJobHasADatasetAndByMagnitudeWithoutOne() {
        StructuredParams withData = (StructuredParams) parse(JobType.PRUNE, "{\"method\":\"structured\"}", UNLABELLED);
        StructuredParams without = (StructuredParams) parse(JobType.PRUNE, "{\"method\":\"structured\"}",
                DatasetFacts.NONE);
        StructuredParams asked = (StructuredParams) parse(JobType.PRUNE,
                "{\"method\":\"structured\",\"criterion\":\"magnitude\"}", UNLABELLED);

        assertThat(withData.criterion()).isEqualTo("activation");
        assertThat(withData.sparsity()).isEqualTo(0.25);
        assertThat(without.criterion()).isEqualTo("magnitude");
        assertThat(asked.criterion()).isEqualTo("magnitude");
    }

    @Test
    void pruningMethodsThatNeedDataSayWhich() {
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"wanda\"}", ModelFormat.ONNX).type())
                .isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"criterion\":\"activation\"}",
                ModelFormat.ONNX).type()).isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"criterion\":\"taylor\"}",
                ModelFormat.ONNX).type()).isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"structured\",\"recovery\":{}}", ModelFormat.ONNX)
                .type()).isEqualTo(ProblemType.DATASET_REQUIRED);
        assertThat(rejected(JobType.PRUNE, "{\"method\":\"wanda\",\"pattern\":\"2:4\",\"sparsity\":0.3}",
                ModelFormat.ONNX).properties()).containsEntry("field", "params.sparsity");
    }

    private static ApiException rejected(JobType type, String params, ModelFormat format) {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> PARSER.parse(new TechniqueParamsParser.Request(type, params(params), format, DatasetFacts.NONE)));
        assertThat(e).as("parse(%s, %s, %s) should be refused", type, params, format).isNotNull();
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<String> validValues(ApiException e) {
        assertThat(e.properties()).containsKey("validValues");
        return (List<String>) e.properties().get("validValues");
    }

    private static List<String> allMethods() {
        return TechniqueCatalog.installed().methods(JobType.QUANTIZE).stream().map(MethodSpec::name).toList();
    }

    private static MethodParams parse(JobType type, String body, DatasetFacts dataset) {
        return PARSER.parse(new TechniqueParamsParser.Request(type, params(body), ModelFormat.ONNX, dataset));
    }

    private static JsonNode params(String json) {
        return JSON.readTree(json);
    }
}
