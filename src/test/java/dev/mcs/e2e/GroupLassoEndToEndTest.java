package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * PRUNE {@code structured} with the group lasso through the job API on the digits CNN, gradually: the units the
 * penalty zeroes are cut after each step's recovery, the metrics say how many, and the model still evaluates. The
 * strength is one that collapses this small model (every group down to one unit): what is checked is the cut, the
 * report and a ramp that stops when nothing is left to prune, not accuracy (GroupLassoBenchmarkTest measures it).
 */
@ServiceTest
class GroupLassoEndToEndTest {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void gradualStructuredPruningWithAGroupLassoCutsTheZeroedUnitsAndReportsThem() throws Exception {
        String modelId = api.uploadReadyModel(Fixtures.CNN_ONNX).path("id").asString();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("type", "PRUNE");
        job.put("params", Map.of("method", "structured", "sparsity", 0.5, "groups", List.of("channels"),
                "recovery", Map.of("epochs", 2, "steps", 2, "penalty", "group-lasso", "penaltyStrength", 0.1,
                        "checkpoint", "sparsest-within", "checkpointTolerance", 0.5)));
        job.put("datasetId", api.uploadDataset(Fixtures.CNN_TRAIN));
        job.put("evaluationDatasetId", api.uploadDataset(Fixtures.CNN_HOLDOUT));

        JsonNode done = api.submitAndAwait(job);

        assertThat(done.path("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        JsonNode technique = done.path("metrics").path("technique");
        JsonNode cut = technique.path("recoveryPenalty");
        assertThat(cut.path("penalty").asString()).isEqualTo("group-lasso");
        assertThat(cut.path("kinds").get(0).path("kind").asString()).isEqualTo("channels");
        assertThat(cut.path("parametersAfter").asLong()).isEqualTo(technique.path("after").path("parameters").asLong());
        int kept = 0;
        for (JsonNode group : technique.path("groups")) {
            kept += group.path("kept").asInt();
        }
        assertThat(kept).as("half of the 24 channels at most, and the lasso's cut besides").isLessThan(12);
        assertThat(technique.path("steps").size()).as("a lasso that leaves single units ends the ramp early")
                .isBetween(1, 2);
        assertThat(done.path("metrics").path("compressed").path("top1Accuracy").isNumber()).isTrue();
    }
}
