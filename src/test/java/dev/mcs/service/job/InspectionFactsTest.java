package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.model.ModelFixtures;
import dev.mcs.service.model.ModelStatus;
import dev.mcs.service.model.StoredModel;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.ModelFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The facts submission checks read from a stored inspection, as the inspection worker writes it. */
class InspectionFactsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anOnnxInspectionGivesOperatorsInitializerTypesAndTheGraphsInputsAndOutputs() {
        StoredModel model = ModelFixtures.inspected(ModelFixtures.uploaded("m", Instant.EPOCH), ModelStatus.READY, """
                {"format":"ONNX","onnx":{"inputs":[{"name":"input_ids","elementType":"int64","shape":["batch","seq"]},
                 {"name":"flag","elementType":"bool","shape":[]}],
                 "outputs":[{"name":"logits","elementType":"float","shape":["batch","10"]}],
                 "nodeCountByOpType":{"Gemm":2,"Softmax":1},"nodeNamesByOpType":{"Gemm":["fc1","fc2"]},
                 "initializersByElementType":{"float":{"count":4,"bytes":16,"elements":4},
                                              "int8":{"count":0,"bytes":0,"elements":0}}}}""", null, Instant.EPOCH);

        ModelFacts facts = InspectionFacts.of(model, JSON);

        assertThat(facts.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(facts.opCounts()).isEqualTo(Map.of("Gemm", 2, "Softmax", 1));
        assertThat(facts.nodeNames()).isEqualTo(Map.of("Gemm", List.of("fc1", "fc2")));
        assertThat(facts.initializerTypes()).isEqualTo(Set.of("float"));
        assertThat(facts.inputs()).containsExactly(new ModelFacts.Tensor("input_ids", "int64", 2),
                new ModelFacts.Tensor("flag", "bool", -1));
        assertThat(facts.outputs()).containsExactly(new ModelFacts.Tensor("logits", "float", 2));
    }

    @Test
    void aTorchScriptInspectionGivesTheFloatInputItsSmokeTestRanOnAndNothingWhenTheTestFailed() {
        StoredModel ran = ModelFixtures.inspected(torchScript(), ModelStatus.READY, """
                {"format":"TORCHSCRIPT","torchScript":{"parameters":[]},"smokeTest":{"succeeded":true,"latencyMs":0.1,
                 "detail":"guessed input float32[1, 64]","inputShape":[1,64],"outputShape":[1,10]}}""", null,
                Instant.EPOCH);
        StoredModel failed = ModelFixtures.inspected(torchScript(), ModelStatus.READY, """
                {"format":"TORCHSCRIPT","torchScript":{"parameters":[]},"smokeTest":{"succeeded":false,
                 "detail":"guessed input [1, 32] failed"}}""", null, Instant.EPOCH);

        assertThat(InspectionFacts.of(ran, JSON).torchScriptFloatInput()).containsExactly(1L, 64L);
        assertThat(InspectionFacts.of(failed, JSON).torchScriptFloatInput()).isNull();
        assertThat(InspectionFacts.of(ran, JSON).inputs()).as("a guess is no input spec").isNull();
    }

    private static StoredModel torchScript() {
        return ModelFixtures.uploaded(UUID.randomUUID(), "m", ModelFormat.TORCHSCRIPT, Instant.EPOCH);
    }

    @Test
    void aModelStillBeingInspectedTellsOnlyItsFormat() {
        ModelFacts facts = InspectionFacts.of(ModelFixtures.uploaded("m", Instant.EPOCH), JSON);

        assertThat(facts.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(facts.opCounts()).isNull();
        assertThat(facts.inputs()).isNull();
        assertThat(facts.initializerTypes()).isNull();
    }
}
