package dev.mcs.worker.quantize.auto;

import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.shared.technique.quantize.AutoParams;

import dev.mcs.shared.technique.quantize.QuantizeTarget;
import dev.mcs.shared.protocol.EvaluationSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** auto on all-MiniLM-L6-v2 with a pooled-embedding cosine target; needs the model under /work/minilm. */
@Tag("benchmark")
class AutoMiniLmBenchmarkTest {

    private static final Path MODEL = Path.of("/work/minilm/all-minilm-l6-v2.onnx");
    private static final Path EVAL = Path.of("/work/minilm/eval-64.npz");

    @TempDir
    Path dir;

    @Test
    void aPooledCosineOf0995IsMetByKeepingAFewNodesInFloatWellWithinTwoMinutes() throws Exception {
        assumeTrue(Files.exists(MODEL) && Files.exists(EVAL), "MiniLM benchmark material absent");
        AutoParams params = new AutoParams("auto", new QuantizeTarget(0.995, null), "dynamic_int8", List.of());
        long start = System.nanoTime();

        AutoSummary summary = (AutoSummary) QuantizeRuns.apply(params, MODEL, dir.resolve("auto.onnx"), EVAL,
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
}
