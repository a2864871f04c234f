package dev.mcs.worker.quantize.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.AutoParams;
import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.smoothquant.SmoothedBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auto method on the digits MLP (3 Gemms) with its labelled holdout set, on the real ONNX Runtime. */
class AutoMethodTest {

    private static final Path MLP = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
    private static final Path HOLDOUT = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");

    @TempDir
    Path dir;

    @Test
    void aZeroAccuracyDropTargetIsMetAndTheOutputKeepsTheFloatAccuracy() throws Exception {
        AutoSummary summary = auto(new QuantizeTarget(null, 0.0), HOLDOUT);

        assertThat(summary.achievedAccuracy()).isGreaterThanOrEqualTo(summary.floatAccuracy());
        assertThat(summary.achieved()).isLessThanOrEqualTo(0.0);
        assertThat(summary.quantizedCount()).isBetween(1, 3);
        assertThat(summary.samples()).isEqualTo(EvaluationSettings.defaults().maxSamples()); // of 360
        assertThat(Files.size(dir.resolve("out.onnx"))).isEqualTo(summary.outputBytes());
    }

    @Test
    void aOnePercentAccuracyDropTargetIsMetWithinOnePercent() throws Exception {
        AutoSummary summary = auto(new QuantizeTarget(null, 0.01), HOLDOUT);

        assertThat(summary.floatAccuracy() - summary.achievedAccuracy()).isLessThanOrEqualTo(0.01 + 1e-12);
        assertThat(summary.quantizedCount()).isBetween(1, 3);
        assertThat(summary.outputBytes()).isLessThan(summary.floatBytes());
    }

    @Test
    void aCosineTargetTheBaseAlreadyMeetsReturnsTheFullyQuantizedBaseWithoutSearching() throws Exception {
        AutoSummary summary = auto(new QuantizeTarget(0.9, null), HOLDOUT);

        assertThat(summary.keptFloat()).isEmpty();
        assertThat(summary.quantizedCount()).isEqualTo(3);
        assertThat(summary.candidatesEvaluated()).isEqualTo(1);
        assertThat(summary.bytesPaidVsBase()).isZero();
        assertThat(summary.achievedCosine()).isEqualTo(summary.baseCosine()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aTightCosineTargetKeepsTheMostSensitiveGemmsInFloatAndPaysBytesForThem() throws Exception {
        AutoSummary base = auto(new QuantizeTarget(0.9, null), HOLDOUT);
        double tight = 1 - (1 - base.baseCosine()) / 4; // a quarter of the base's cosine loss

        AutoSummary summary = auto(new QuantizeTarget(tight, null), HOLDOUT);

        assertThat(summary.achieved()).isGreaterThanOrEqualTo(tight);
        assertThat(summary.keptFloatCount()).isBetween(1, 2);
        assertThat(summary.bytesPaidVsBase()).isPositive();
        assertThat(summary.candidatesEvaluated()).isGreaterThan(3); // base + 3 sensitivities + search
        assertThat(summary.keptFloat().get(0).cosineLossAlone()).isPositive();
    }

    @Test
    void aCosineOfExactlyOneCannotBeMetAndFailsRatherThanReturnAnUnquantizedCopy() {
        assertThatThrownBy(() -> auto(new QuantizeTarget(1.0, null), HOLDOUT))
                .isInstanceOf(QuantizationException.class)
                .hasMessageStartingWith("target cannot be met: cosine >= 1.0")
                .hasMessageMatching("(?s).*best cosine reached is 0\\.9\\d+, even with only the least sensitive node .*");
        assertThat(dir.resolve("out.onnx")).doesNotExist();
        assertThat(dir).isEmptyDirectory(); // candidates cleaned up
    }

    @Test
    void anAccuracyTargetWithoutLabelsFailsClearly() {
        assertThatThrownBy(() -> auto(new QuantizeTarget(null, 0.01), null))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("needs evaluation data with 'labels'");
    }

    @Test
    void withOnlyACalibrationDatasetTheAccuracyTargetIsCheckedOnItsHeldOutFifth() throws Exception {
        AutoParams params = new AutoParams("auto", new QuantizeTarget(null, 0.0), "dynamic_int8", List.of());

        AutoSummary summary = (AutoSummary) QuantizeRuns.applySplit(params, MLP, dir.resolve("out.onnx"),
                DatasetSplit.of(HOLDOUT, null), EvaluationSettings.defaults());

        assertThat(summary.sampleSource()).isEqualTo("held-out");
        assertThat(summary.samples()).isEqualTo(360 / 5);
        assertThat(summary.achieved()).isLessThanOrEqualTo(0.0);
    }

    @Test
    void withoutADatasetCandidatesAreScoredOnSyntheticSamples() throws Exception {
        AutoSummary summary = auto(new QuantizeTarget(0.9, null), null);

        assertThat(summary.sampleSource()).isEqualTo("synthetic");
        assertThat(summary.samples()).isEqualTo(EvaluationSettings.defaults().syntheticSamples());
        assertThat(summary.floatAccuracy()).isNull();
    }

    @Test
    void nodesTheJobExcludesStayFloatInEveryCandidateAndAreNeverCountedAsChosen() throws Exception {
        String first = auto(new QuantizeTarget(0.9, null), HOLDOUT).quantizedNodes().get(0);

        AutoSummary summary = auto(new QuantizeTarget(0.9, null), HOLDOUT, List.of(first));

        assertThat(summary.quantizedNodes()).hasSize(2).doesNotContain(first);
        assertThat(summary.keptFloat()).isEmpty();
    }

    @Test
    void withoutABaseAndWithADatasetTheBaseIsWhicheverOfDynamicInt8AndSmoothquantScoredCloserOnTheCalibrationData()
            throws Exception {
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.9, null), null, null);

        AutoSummary summary = (AutoSummary) QuantizeRuns.apply(params, MLP, dir.resolve("out.onnx"), HOLDOUT,
                EvaluationSettings.defaults());

        AutoSummary.BaseChoice choice = summary.baseChoice();
        double best = choice.candidates().stream().mapToDouble(SmoothedBase.Scored::score).max().orElseThrow();
        double none = choice.candidates().stream().filter(c -> c.alpha().equals("none")).findFirst().orElseThrow().score();
        assertThat(summary.base()).isEqualTo(choice.chosen()).isEqualTo(none == best ? "dynamic_int8" : "smoothquant");
        assertThat(choice.alpha() == null).isEqualTo(none == best);
        assertThat(choice.scoredOn()).contains("calibration");
        assertThat(choice.ms()).isPositive();
        assertThat(summary.candidatesEvaluated()).isEqualTo(1);
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("out.onnx"))
                .isDirectoryNotContaining(p -> !p.getFileName().toString().equals("out.onnx"));
    }

    @Test
    void withoutABaseOrADatasetTheBaseIsDynamicInt8AndTheSummarySaysWhy() throws Exception {
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.9, null), null, null);

        AutoSummary summary = (AutoSummary) QuantizeRuns.apply(params, MLP, dir.resolve("out.onnx"), null,
                EvaluationSettings.defaults());

        assertThat(summary.base()).isEqualTo("dynamic_int8");
        assertThat(summary.baseChoice().reason()).contains("no calibration dataset");
        assertThat(summary.baseChoice().candidates()).isEmpty();
    }

    private AutoSummary auto(QuantizeTarget target, Path dataset) throws Exception {
        return auto(target, dataset, List.of());
    }

    private AutoSummary auto(QuantizeTarget target, Path dataset, List<String> exclude) throws Exception {
        AutoParams params = new AutoParams("auto", target, "dynamic_int8", exclude);
        Path out = dir.resolve("out.onnx");
        Files.deleteIfExists(out);
        return (AutoSummary) QuantizeRuns.apply(params, MLP, out, dataset, EvaluationSettings.defaults());
    }
}
