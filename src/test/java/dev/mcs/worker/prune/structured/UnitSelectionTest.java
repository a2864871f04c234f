package dev.mcs.worker.prune.structured;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitSelectionTest {

    private static PrunableGroup group(String kind, String name, int units) {
        Cut cut = new Cut(name + ".W", 1, 1);
        return new PrunableGroup(kind, name, units, cut, List.of(cut), List.of(), List.of());
    }

    /** Scores 1..n times a scale: each group's units in ascending order of importance. */
    private static double[] rising(int units, double scale) {
        return IntStream.rangeClosed(1, units).mapToDouble(u -> u * scale).toArray();
    }

    private static int keptOfKind(Map<PrunableGroup, int[]> kept, String kind) {
        return kept.entrySet().stream().filter(e -> e.getKey().kind().equals(kind)).mapToInt(e -> e.getValue().length)
                .sum();
    }

    @ParameterizedTest(name = "ffn scores x{0}, heads scores x{1}: each kind loses a third")
    @CsvSource({"1, 1", "1, 1000", "1000, 1", "0.001, 64"})
    void eachKindLosesItsOwnShareWhateverTheScaleOfItsScores(double ffnScale, double headScale) {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        for (int layer = 0; layer < 3; layer++) {
            scores.put(group("ffn", "ffn" + layer, 96), rising(96, ffnScale * (layer + 1)));
            scores.put(group("heads", "heads" + layer, 12), rising(12, headScale));
        }

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, kind -> 1.0 / 3, UnitSelection.FLOOR);

        assertThat(keptOfKind(kept, "ffn")).isEqualTo(192);
        assertThat(keptOfKind(kept, "heads")).isEqualTo(24);
    }

    @Test
    void eachKindTakesTheShareGivenForIt() {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        scores.put(group("ffn", "ffn", 100), rising(100, 1));
        scores.put(group("heads", "heads", 12), rising(12, 1));
        scores.put(group("channels", "conv", 16), rising(16, 1));
        Map<String, Double> shares = Map.of("ffn", 0.4, "heads", 0.25, "channels", 0.5);

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, shares::get, UnitSelection.FLOOR);

        assertThat(keptOfKind(kept, "ffn")).isEqualTo(60);
        assertThat(keptOfKind(kept, "heads")).isEqualTo(9);
        assertThat(keptOfKind(kept, "channels")).isEqualTo(8);
    }

    @Test
    void theLowestScoredUnitsGoAndTheKeptOnesAreListedInAscendingOrder() {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        PrunableGroup g = group("ffn", "ffn", 6);
        scores.put(g, new double[] {5, 0.1, 4, 0.2, 3, 6});

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, kind -> 0.5, UnitSelection.FLOOR);

        assertThat(kept.get(g)).containsExactly(0, 2, 5);
    }

    @Test
    void aGroupWhoseUnitsAllScoreLowStillKeepsTheFloorAndTheKindStillLosesItsShare() {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        PrunableGroup weak = group("ffn", "weak", 400);
        PrunableGroup strong = group("ffn", "strong", 400);
        // one huge unit lifts the group's mean, so mean scaling alone would rank all its other units lowest
        double[] weakScores = new double[400];
        weakScores[0] = 1e6;
        Arrays.fill(weakScores, 1, 400, 1e-3);
        scores.put(weak, UnitSelection.scaledByMean(weakScores));
        scores.put(strong, UnitSelection.scaledByMean(rising(400, 1)));

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, kind -> 0.5, 0.25);

        int floor = UnitSelection.minimumKept(400, 0.5, 0.25);
        assertThat(floor).isEqualTo(50);
        assertThat(kept.get(weak)).hasSize(floor).contains(0);
        assertThat(kept.get(weak).length + kept.get(strong).length).isEqualTo(400);
    }

    @Test
    void scaledByTheirMeansALayerOfSmallScoresLosesNoMoreThanALayerOfLargeOnes() {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        PrunableGroup small = group("ffn", "small", 100);
        PrunableGroup large = group("ffn", "large", 100);
        scores.put(small, UnitSelection.scaledByMean(rising(100, 1e-3)));
        scores.put(large, UnitSelection.scaledByMean(rising(100, 1)));

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, kind -> 0.25, UnitSelection.FLOOR);

        assertThat(kept.get(small)).hasSize(75);
        assertThat(kept.get(large)).hasSize(75);
    }

    @ParameterizedTest(name = "{0} units at sparsity {1}, floor {2}: at least {3} kept")
    @CsvSource({"1536, 0.5, 0.25, 192", "12, 0.25, 0.25, 3", "8, 0.5, 0.25, 1", "16, 0.9, 0.25, 1",
        "64, 0.5, 0, 1", "10, 0.5, 1, 5"})
    void theFloorIsAShareOfTheKindsAverageKeptShareAndAtLeastOneUnit(int units, double sparsity, double floor,
            int minimum) {
        assertThat(UnitSelection.minimumKept(units, sparsity, floor)).isEqualTo(minimum);
    }

    @Test
    void aFloorOfOneRemovesTheSameShareFromEveryGroup() {
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        PrunableGroup a = group("channels", "a", 8);
        PrunableGroup b = group("channels", "b", 16);
        scores.put(a, rising(8, 1e-6));
        scores.put(b, rising(16, 1e6));

        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, kind -> 0.5, 1.0);

        assertThat(kept.get(a)).hasSize(4);
        assertThat(kept.get(b)).hasSize(8);
    }
}
