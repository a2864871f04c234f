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
    void aModelStillBeingInspectedTellsOnlyItsFormat() {
        ModelFacts facts = InspectionFacts.of(ModelFixtures.uploaded("m", Instant.EPOCH), JSON);

        assertThat(facts.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(facts.opCounts()).isNull();
        assertThat(facts.inputs()).isNull();
        assertThat(facts.initializerTypes()).isNull();
    }
}
