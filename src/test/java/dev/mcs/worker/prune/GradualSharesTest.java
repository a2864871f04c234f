package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.prune.structured.StructuredPruner.GroupResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradualSharesTest {

    private static final StructuredParams PARAMS = new StructuredParams("structured", null, List.of("ffn", "heads"),
            Map.of("ffn", 0.4, "heads", 0.15), "activation", null).withDefaults();

    @Test
    void theFirstStepTakesEachKindToItsOwnPointOnTheCubicRamp() {
        Map<String, Double> shares = GradualPruning.stepShares(PARAMS, 1, 3, List.of());

        assertThat(shares.get("ffn")).isCloseTo(0.4 * (1 - Math.pow(2.0 / 3, 3)), within(1e-12));
        assertThat(shares.get("heads")).isCloseTo(0.15 * (1 - Math.pow(2.0 / 3, 3)), within(1e-12));
    }

    @Test
    void aLaterStepRemovesTheShareOfTheUnitsStillThereThatReachesTheKindsTarget() {
        List<GroupResult> sofar = List.of(new GroupResult("ffn", "a", 100, 80), new GroupResult("ffn", "b", 100, 60),
                new GroupResult("heads", "h", 12, 12));

        Map<String, Double> shares = GradualPruning.stepShares(PARAMS, 3, 3, sofar);

        assertThat(140 * (1 - shares.get("ffn"))).as("ffn kept after the last step").isCloseTo(120, within(1e-9));
        assertThat(12 * (1 - shares.get("heads"))).isCloseTo(12 * 0.85, within(1e-9));
    }
}
