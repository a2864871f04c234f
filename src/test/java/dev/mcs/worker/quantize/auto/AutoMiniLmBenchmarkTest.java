package dev.mcs.worker.quantize.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.quantize.AutoParams;
import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.DatasetSplit;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.quantize.smoothquant.SmoothedBase;
import java.lang.management.ManagementFactory;
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

    private static final int TOP = 5;

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
    void withOnlyTheCalibrationSentencesTheMeasuredBaseMeets0995OnTheHeldOutFifthWithinTwentyCpuSeconds()
            throws Exception {
        Path model = BenchMaterial.require(BenchMaterial.MINILM);
        Path calibration = BenchMaterial.require(BenchMaterial.CALIB_128);
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.995, null), null, null);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();

        AutoSummary summary = (AutoSummary) QuantizeRuns.applySplit(params, model, dir.resolve("auto.onnx"),
                DatasetSplit.of(calibration, null), EvaluationSettings.defaults());

        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf("auto MiniLM, measured base, calib-128: %.1f s wall, %.1f s process CPU, load %.2f%n%s%n",
                seconds, cpuSeconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), summary);
        assertThat(summary.sampleSource()).isEqualTo("held-out");
        assertThat(summary.samples()).isBetween(128 / 5, 128 / 5 + 1);
        assertThat(summary.achieved()).isGreaterThanOrEqualTo(0.995);
        assertThat(summary.baseChoice().candidates()).extracting(SmoothedBase.Scored::alpha).contains("none");
        assertThat(summary.outputBytes()).isLessThan(summary.floatBytes() / 3);
        // Wall time depends on what else the 2 cores run, the process's CPU time much less. The 15 s target is
        // measured and reported in docs/benchmarks.md; this bound only catches a regression without flaking under
        // load (13.6 s of CPU was measured at a load average of 8 on 2 cores).
        assertThat(cpuSeconds).isLessThan(20);
    }

    @Test
    void aTargetTheSmoothquantBaseMissesIsMetByKeepingNodesOfTheSmoothedModelInFloat() throws Exception {
        Path model = BenchMaterial.require(BenchMaterial.MINILM);
        Path calibration = BenchMaterial.require(BenchMaterial.CALIB_128);
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.999, null), null, null);
        long start = System.nanoTime();

        AutoSummary summary = (AutoSummary) QuantizeRuns.applySplit(params, model, dir.resolve("auto.onnx"),
                DatasetSplit.of(calibration, null), EvaluationSettings.defaults());

        System.out.printf("auto MiniLM 0.999, measured base: %.1f s, load %.2f%n%s%n", (System.nanoTime() - start) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), summary);
        assertThat(summary.base()).isEqualTo("smoothquant");
        assertThat(summary.baseCosine()).isLessThan(0.999);
        assertThat(summary.achieved()).isGreaterThanOrEqualTo(0.999);
        assertThat(summary.keptFloatCount()).isPositive();
        assertThat(summary.nodesRanked()).isLessThan(summary.quantizedCount() + summary.keptFloatCount());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void theGroupedRankingOnFewerSamplesFindsTheExactMostSensitiveNodes() throws Exception {
        Path model = BenchMaterial.require(BenchMaterial.MINILM);
        DatasetPart eval = DatasetPart.whole(BenchMaterial.require(BenchMaterial.EVAL_64));
        AutoTarget target = new AutoTarget(0.995, null);
        MethodRun request = new MethodRun(model, ModelFormat.ONNX, dir.resolve("out.onnx"),
                new AutoParams("auto", new QuantizeTarget(0.995, null), null, null).withDefaults(), eval, eval,
                EvaluationSettings.defaults(), share -> { });
        try (CandidateEvaluator evaluator = CandidateEvaluator.open(model, eval, EvaluationSettings.defaults());
                AutoCandidates candidates = new AutoCandidates(request, "dynamic_int8", List.of(), evaluator)) {
            List<String> nodes = candidates.build(List.of()).quantizedNodes();
            long start = System.nanoTime();
            List<Sensitivity> exact = new SensitivityProbe(candidates, target).rank(nodes, share -> { });
            long exactMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            GroupedSensitivity grouped = new GroupedSensitivity(candidates, target, nodes,
                    GroupedSensitivity.RANKING_SAMPLES);
            grouped.get(1);
            System.out.printf("grouped top 2: %d candidates%n", grouped.probes());
            grouped.get(TOP - 1);
            long groupedMs = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("exact: %d candidates, %d ms; grouped top %d on %d samples: %d candidates, %d ms%n",
                    nodes.size(), exactMs, TOP, GroupedSensitivity.RANKING_SAMPLES, grouped.probes(), groupedMs);
            for (int i = 0; i < TOP; i++) {
                System.out.printf("rank %d: exact %s %.6f | grouped %s %.6f%n", i, exact.get(i).node(),
                        exact.get(i).cosineLoss(), grouped.get(i).node(), grouped.get(i).cosineLoss());
            }
            assertThat(grouped.probes()).isLessThanOrEqualTo(nodes.size() + (int) Math.ceil(Math.sqrt(nodes.size())));
            assertThat(grouped.ranked().subList(0, 2)).extracting(Sensitivity::node)
                    .containsExactlyInAnyOrder(exact.get(0).node(), exact.get(1).node());
        }
    }
}
