package dev.mcs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcs.model.ModelFormat;
import dev.mcs.web.ApiException;
import dev.mcs.web.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TechniqueParamsParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void acceptsDynamicInt8OnAnOnnxModel() {
        TechniqueParams params = TechniqueParamsParser.parse(JobType.QUANTIZE, params("{\"method\":\"dynamic_int8\"}"),
                ModelFormat.ONNX, JSON);

        assertThat(params).isEqualTo(QuantizeMethods.withDefaults(QuantizeParams.of("dynamic_int8")));
        assertThat(((QuantizeParams) params).perChannel()).isTrue();
        assertThat(params.type()).isEqualTo(JobType.QUANTIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dynamic_int8", "smoothquant", "static_int8", "weight_only_int8", "weight_only_int4", "fp16", "auto"})
    void everyQuantizationMethodNeedsAnOnnxModel(String method) {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"" + method + "\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isIn(ProblemType.FORMAT_NOT_SUPPORTED, ProblemType.NOT_IMPLEMENTED);
    }

    @Test
    void fillsEachMethodsDefaultsAndLeavesForeignFieldsEmpty() {
        QuantizeParams int4 = (QuantizeParams) TechniqueParamsParser.parse(JobType.QUANTIZE,
                params("{\"method\":\"weight_only_int4\"}"), ModelFormat.ONNX, JSON);
        QuantizeParams fixed = (QuantizeParams) TechniqueParamsParser.parse(JobType.QUANTIZE,
                params("{\"method\":\"static_int8\",\"calibration\":\"percentile\"}"), ModelFormat.ONNX,
                new TechniqueParamsParser.DatasetFacts(true, false), JSON);

        assertThat(int4.blockSize()).isEqualTo(32);
        assertThat(int4.algorithm()).isEqualTo("rtn");
        assertThat(int4.alpha()).isNull();
        assertThat(fixed.percentile()).isEqualTo(99.999);
        assertThat(fixed.opTypes()).containsExactly("Conv", "MatMul", "Gemm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"method\":\"static_int8\"}", "{\"method\":\"smoothquant\"}",
            "{\"method\":\"auto\",\"base\":\"static_int8\",\"target\":{\"minCosine\":0.99}}"})
    void calibratingMethodsRequireADataset(String body) {
        ApiException e = rejected(JobType.QUANTIZE, body, ModelFormat.ONNX);

        assertThat(e.type()).isIn(ProblemType.DATASET_REQUIRED, ProblemType.NOT_IMPLEMENTED);
    }

    @Test
    void anAccuracyTargetRequiresLabels() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> TechniqueParamsParser.parse(JobType.QUANTIZE,
                params("{\"method\":\"auto\",\"target\":{\"maxAccuracyDrop\":0.01}}"), ModelFormat.ONNX,
                new TechniqueParamsParser.DatasetFacts(true, false), JSON));

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

        assertThat(e.type()).isIn(ProblemType.INVALID_REQUEST, ProblemType.NOT_IMPLEMENTED);
        if (e.type() == ProblemType.INVALID_REQUEST) {
            assertThat((String) e.properties().get("field")).startsWith("params.");
        }
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
                        List.of("excludeNodes", "method", "opTypes", "perChannel", "quantizeEmbeddings", "weightRange"));
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
                () -> TechniqueParamsParser.parse(JobType.QUANTIZE, null, ModelFormat.ONNX, JSON));

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(e.properties()).containsEntry("field", "params");
    }

    @ParameterizedTest
    @EnumSource(value = JobType.class, names = {"PRUNE", "DISTILL"})
    void refusesTechniquesThatAreNotBuiltYet(JobType type) {
        ApiException e = rejected(type, "{\"method\":\"dynamic_int8\"}", ModelFormat.ONNX);

        assertThat(e.type()).isEqualTo(ProblemType.NOT_IMPLEMENTED);
        assertThat(e.getMessage()).startsWith(type.name()).contains("QUANTIZE");
        assertThat(e.properties()).containsEntry("implementedTypes", List.of(JobType.QUANTIZE));
    }

    @Test
    void refusesDynamicInt8OnATorchScriptModel() {
        ApiException e = rejected(JobType.QUANTIZE, "{\"method\":\"dynamic_int8\"}", ModelFormat.TORCHSCRIPT);

        assertThat(e.type()).isEqualTo(ProblemType.FORMAT_NOT_SUPPORTED);
        assertThat(e.getMessage()).contains("TORCHSCRIPT").contains("ONNX");
        assertThat(e.properties()).containsEntry("supportedFormats", List.of(ModelFormat.ONNX));
    }

    private static ApiException rejected(JobType type, String params, ModelFormat format) {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> TechniqueParamsParser.parse(type, params(params), format, JSON));
        assertThat(e).as("parse(%s, %s, %s) should be refused", type, params, format).isNotNull();
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<String> validValues(ApiException e) {
        assertThat(e.properties()).containsKey("validValues");
        return (List<String>) e.properties().get("validValues");
    }

    private static List<String> allMethods() {
        return QuantizeMethods.names();
    }

    private static JsonNode params(String json) {
        return JSON.readTree(json);
    }
}
