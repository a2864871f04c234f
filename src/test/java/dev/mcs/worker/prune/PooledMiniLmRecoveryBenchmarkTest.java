package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.PooledEncoders;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.StagePrinter;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.technique.MethodRun;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * all-MiniLM-L6-v2 as sentence-transformers ships it, mean pooling and L2 normalization inside the graph (appended in
 * Java, {@link PooledEncoders}), so its output is {@code [batch, 384]}: {@code structured} 25 % of the FFN neurons and
 * recovery read the output as an embedding and train on its cosine, measured on the held-out corpus test split.
 * {@code -Dprune.maxTrainingTime} (default PT2M) and {@code -Dprune.train} (default corpus-valid.npz) size the run.
 */
@Tag("benchmark")
class PooledMiniLmRecoveryBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void aPooledMiniLmIsRecoveredAsAnEmbeddingOnHeldOutSentences() throws Exception {
        Path pooled = PooledEncoders.write(BenchMaterial.require(BenchMaterial.MINILM), dir.resolve("pooled.onnx"),
                true);
        Path train = BenchMaterial.require(System.getProperty("prune.train", "corpus-valid.npz"));
        Path test = BenchMaterial.require("corpus-test.npz");
        Duration limit = Duration.parse(System.getProperty("prune.maxTrainingTime", "PT2M"));
        RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, limit, null, null, null, null);
        StructuredParams params = new StructuredParams("structured", 0.25, List.of("ffn"), "magnitude", recovery)
                .withDefaults();
        long start = System.nanoTime();
        PruneReport report = (PruneReport) new StructuredMethod().apply(new MethodRun(pooled, ModelFormat.ONNX,
                dir.resolve("pruned.onnx"), params, DatasetPart.whole(train), DatasetPart.evaluationSet(test),
                new EvaluationSettings(10, 50, 1, 1000, 32, 42L), new StagePrinter()));
        Distillation.EncoderResult result = (Distillation.EncoderResult) report.recovery();

        System.out.printf("pooled MiniLM structured ffn 25%% + recovery (%s, %s): held-out cosine %.4f -> %.4f on %d"
                + " sentences (%s); %d epochs, %d steps, %d ms training, wall %d ms; matched layers %s; load %.2f%n",
                limit, train.getFileName(), result.pooledCosineBefore(), result.pooledCosineAfter(),
                result.heldOutSamples(), result.outputKindReason(), result.epochsRun(), result.steps(),
                result.trainingMs(), (System.nanoTime() - start) / 1_000_000, result.matchedLayers(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        assertThat(result.outputKind()).isEqualTo("embedding");
        assertThat(result.matchedLayers()).hasSize(6);
        assertThat(result.pooledCosineAfter()).isGreaterThan(result.pooledCosineBefore());
    }
}
