package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.StageRecorder;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.quantize.PooledCosines;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of an embedding model (the tiny committed encoder, fixtures/generate_tiny_encoder.py): the pruned encoder
 * is trained back towards the original on its pooled embedding and hidden states, measured on held-out tokens.
 */
class EncoderRecoveryTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path ENCODER = FIXTURES.resolve("tiny_encoder.onnx");
    private static final Path HOLDOUT = FIXTURES.resolve("tiny_encoder_holdout.npz");

    @TempDir
    Path dir;

    private final StageRecorder progress = new StageRecorder();

    private static RecoverySpec recovery(int epochs) {
        return new RecoverySpec(epochs, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null, null, null);
    }

    @Test
    void aStructuredPrunedEncoderGetsCloserToTheOriginalOnHeldOutTokensThroughRecovery() throws Exception {
        Path plain = dir.resolve("plain.onnx");
        PruneReport without = apply(new StructuredMethod(), plain,
                new StructuredParams("structured", 0.5, null, "magnitude", null).withDefaults());
        Path recovered = dir.resolve("recovered.onnx");
        PruneReport with = apply(new StructuredMethod(), recovered,
                new StructuredParams("structured", 0.5, null, "magnitude", recovery(8)).withDefaults());

        double cosineWithout = meanCosine(plain);
        double cosineWith = meanCosine(recovered);
        Distillation.EncoderResult result = (Distillation.EncoderResult) with.recovery();
        System.out.printf("tiny encoder structured 50%%: held-out pooled cosine %.4f without recovery, %.4f with;"
                + " groups %s; recovery %s%n", cosineWithout, cosineWith, with.groups(), result);
        assertThat(without.recovery()).isNull();
        assertThat(with.after().parameters()).isEqualTo(without.after().parameters())
                .isLessThan(with.before().parameters());
        assertThat(1 - cosineWith).as("the pooled error at least halves").isLessThan((1 - cosineWithout) * 0.5);
        assertThat(result.pooledCosineBefore()).isCloseTo(cosineWithout, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(result.pooledCosineAfter()).isCloseTo(cosineWith, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(result.heldOutSource()).isEqualTo("evaluation-dataset");
        assertThat(result.matchedLayers()).as("the residual stream is kept, so every layer corresponds")
                .containsExactly(0, 1, 2, 3);
        assertThat(result.frozen()).isNotEmpty();
        assertThat(result.curve()).hasSize(result.epochsRun());
    }

    @Test
    void magnitudeMasksStayHeldWhileAnEncoderRecovers() throws Exception {
        Path out = dir.resolve("masked.onnx");
        PruneReport report = apply(new MaskMethod(MaskMethod.Kind.MAGNITUDE), out,
                new MagnitudeParams("magnitude", 0.5, "layer", List.of("MatMul"), null, recovery(2)).withDefaults());

        assertThat(report.recovery()).isInstanceOf(Distillation.EncoderResult.class);
        assertThat(report.recovery().epochsRun()).isBetween(1, 2);
        assertThat(report.layers()).isNotEmpty().allSatisfy(layer -> assertThat(layer.sparsity()).isBetween(0.45, 0.5));
        assertThat(report.after().parameters()).isEqualTo(report.before().parameters());
    }

    @Test
    void gradualPruningRampsTheSparsityUpAndReportsEachStepsFidelityAsItGoes() throws Exception {
        Path out = dir.resolve("gradual.onnx");
        RecoverySpec gradual = new RecoverySpec(3, 16, 1e-3, null, null, null, Duration.ofMinutes(3), null, null, 3,
                null);
        PruneReport report = apply(new StructuredMethod(), out,
                new StructuredParams("structured", 0.5, null, "magnitude", gradual).withDefaults());

        System.out.printf("tiny encoder gradual structured 50%% in 3 steps: %s; stages %s%n", report.steps(),
                progress.stages());
        assertThat(report.steps()).hasSize(3).extracting(GradualStep::step).containsExactly(1, 2, 3);
        assertThat(report.steps()).extracting(GradualStep::sparsity).isSortedAccordingTo(Double::compare);
        assertThat(report.steps().get(0).sparsity()).as("the cubic ramp takes most at first")
                .isGreaterThan(0.5 * 0.6);
        assertThat(report.steps().get(2).sparsity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.03));
        assertThat(report.steps()).allSatisfy(step -> assertThat(step.pooledCosine()).isBetween(0.5, 1.0));
        assertThat(report.steps().get(2).parameters()).isEqualTo(report.after().parameters());
        assertThat(report.groups()).allSatisfy(g -> assertThat(g.units()).isIn(4, 64));
        assertThat(progress.stages()).anyMatch(s -> s.startsWith("gradual step 1/3: sparsity "))
                .anyMatch(s -> s.startsWith("step 2/3: epoch 1/3"));
    }

    private PruneReport apply(MethodRunner method, Path output, MethodParams params) throws Exception {
        return (PruneReport) method.apply(new MethodRun(ENCODER, ModelFormat.ONNX, output, params,
                DatasetPart.whole(FIXTURES.resolve("tiny_encoder_train.npz")), DatasetPart.evaluationSet(HOLDOUT),
                EvaluationSettings.defaults(), progress));
    }

    private static double meanCosine(Path model) throws Exception {
        return Arrays.stream(PooledCosines.of(ENCODER, model, HOLDOUT)).average().orElseThrow();
    }
}
