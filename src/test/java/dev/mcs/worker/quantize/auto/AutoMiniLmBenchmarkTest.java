package dev.mcs.worker.quantize.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.AutoParams;
import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.smoothquant.SmoothedBase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auto on all-MiniLM-L6-v2 with a pooled-embedding cosine target, from the benchmark material
 * ({@link BenchMaterial}); fails, naming {@value BenchMaterial#VARIABLE}, when it is missing.
 */
@Tag("benchmark")
class AutoMiniLmBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void aPooledCosineOf0995IsMetByKeepingAFewNodesInFloatWellWithinTwoMinutes() throws Exception {
        Path model = BenchMaterial.require(BenchMaterial.MINILM);
        Path eval = BenchMaterial.require(BenchMaterial.EVAL_64);
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.995, null), "dynamic_int8", List.of());
        long start = System.nanoTime();

        AutoSummary summary = (AutoSummary) QuantizeRuns.apply(params, model, dir.resolve("auto.onnx"), eval,
                EvaluationSettings.defaults());

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("auto MiniLM: %.1f s%n%s%n", seconds, summary);
        assertThat(summary.metric()).isEqualTo("pooledEmbeddingCosine");
        assertThat(summary.samples()).isEqualTo(64);
        assertThat(summary.achieved()).isGreaterThanOrEqualTo(0.995);
        assertThat(summary.baseCosine()).isLessThan(0.995);
        assertThat(summary.keptFloatCount()).isPositive();
        assertThat(summary.bytesPaidVsBase()).isPositive();
        assertThat(summary.outputBytes()).isLessThan(summary.floatBytes() / 2);
        assertThat(seconds).isLessThan(120);
    }

    @Test
    void withOnlyTheCalibrationSentencesTheMeasuredBaseMeets0995OnTheHeldOutFifthWithinFifteenSeconds()
            throws Exception {
        Path model = BenchMaterial.require(BenchMaterial.MINILM);
        Path calibration = BenchMaterial.require(BenchMaterial.CALIB_128);
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.995, null), null, null);
        long start = System.nanoTime();

        AutoSummary summary = (AutoSummary) QuantizeRuns.applySplit(params, model, dir.resolve("auto.onnx"),
                DatasetSplit.of(calibration, null), EvaluationSettings.defaults());

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("auto MiniLM, measured base, calib-128: %.1f s%n%s%n", seconds, summary);
        assertThat(summary.sampleSource()).isEqualTo("held-out");
        assertThat(summary.samples()).isBetween(128 / 5, 128 / 5 + 1);
        assertThat(summary.achieved()).isGreaterThanOrEqualTo(0.995);
        assertThat(summary.baseChoice().candidates()).extracting(SmoothedBase.Scored::alpha).contains("none");
        assertThat(summary.outputBytes()).isLessThan(summary.floatBytes() / 3);
        assertThat(seconds).isLessThan(15);
    }
}
