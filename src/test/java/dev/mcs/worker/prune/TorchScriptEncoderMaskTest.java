package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.TorchScriptStudent;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code magnitude} with recovery on the tiny encoder as TorchScript (fixtures/generate_tiny_encoder_torchscript.py):
 * the masked module is trained back towards the original on the encoder loss, the zeros held, saved as TorchScript.
 */
class TorchScriptEncoderMaskTest {

    @TempDir
    Path dir;

    private static RecoverySpec recovery(int epochs, String outputKind) {
        return new RecoverySpec(epochs, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null, null, null, null,
                outputKind, null);
    }

    @Test
    void a_masked_token_state_encoder_recovers_on_its_pooled_cosine_and_its_zeros_stay_zero() throws Exception {
        Path out = dir.resolve("tokens.pt");

        PruneReport report = prune(Fixtures.TINY_ENCODER_TOKENS_PT, 0.5, recovery(6, null), out);

        Distillation.EncoderResult result = (Distillation.EncoderResult) report.recovery();
        System.out.printf("tiny encoder (TorchScript, token states) magnitude 0.5: held-out pooled cosine %.4f ->"
                + " %.4f in %d epochs, %d ms%n", result.pooledCosineBefore(), result.pooledCosineAfter(),
                result.epochsRun(), result.trainingMs());
        assertThat(result.outputKind()).isEqualTo("tokens");
        assertThat(result.outputKindReason()).contains("rank 3");
        assertThat(result.loss()).isEqualTo("cosine");
        assertThat(result.heldOutSource()).isEqualTo("evaluation-dataset");
        assertThat(result.heldOutSamples()).isEqualTo(96);
        assertThat(result.pooledCosineAfter()).isGreaterThan(result.pooledCosineBefore());
        assertThat(1 - result.pooledCosineAfter()).as("the pooled error shrinks by a third at least")
                .isLessThan((1 - result.pooledCosineBefore()) * 2 / 3);
        assertThat(result.curve()).hasSize(result.epochsRun());
        assertThat(report.heldOut()).as("top-1 agreement is for classifiers").isNull();
        assertThat(report.heldOutPooled().pooledCosine()).as("the saved module, measured again")
                .isCloseTo(result.pooledCosineAfter(), org.assertj.core.data.Offset.offset(1e-4));
        assertMasksHeld(report, Fixtures.TINY_ENCODER_TOKENS_PT, 0.5, out);
    }

    @Test
    void a_pooled_embedding_module_recovers_on_the_cosine_of_its_output_when_told_embedding() throws Exception {
        Path out = dir.resolve("pooled.pt");

        PruneReport report = prune(Fixtures.TINY_ENCODER_POOLED_PT, 0.3, recovery(4, "embedding"), out);

        Distillation.EncoderResult result = (Distillation.EncoderResult) report.recovery();
        assertThat(result.outputKind()).isEqualTo("embedding");
        assertThat(result.pooledCosineAfter()).isGreaterThan(result.pooledCosineBefore());
        assertMasksHeld(report, Fixtures.TINY_ENCODER_POOLED_PT, 0.3, out);
    }

    @Test
    void without_recovery_a_masked_encoder_reports_its_held_out_pooled_cosine_to_the_original() throws Exception {
        PruneReport half = prune(Fixtures.TINY_ENCODER_TOKENS_PT, 0.5, null, dir.resolve("half.pt"));
        PruneReport tenth = prune(Fixtures.TINY_ENCODER_TOKENS_PT, 0.1, null, dir.resolve("tenth.pt"));

        assertThat(half.recovery()).isNull();
        assertThat(half.heldOutPooled().source()).isEqualTo("evaluation-dataset");
        assertThat(half.heldOutPooled().samples()).isEqualTo(96);
        assertThat(tenth.heldOutPooled().pooledCosine()).isLessThan(1.0)
                .isGreaterThan(half.heldOutPooled().pooledCosine());
        assertThat(half.runTimeGain()).startsWith("no run-time gain").doesNotContain("latencyRatio");
    }

    @Test
    void a_gradual_schedule_on_a_torchscript_encoder_reports_each_steps_pooled_cosine() throws Exception {
        RecoverySpec gradual = new RecoverySpec(2, 16, 1e-3, null, null, null, Duration.ofMinutes(2), null, null, 2,
                null);

        PruneReport report = prune(Fixtures.TINY_ENCODER_TOKENS_PT, 0.6, gradual, dir.resolve("gradual.pt"));

        assertThat(report.steps()).hasSize(2).extracting(GradualStep::sparsity).isSorted();
        assertThat(report.steps().get(1).sparsity()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
        assertThat(report.steps()).allSatisfy(step -> assertThat(step.pooledCosine()).isBetween(0.5, 1.0));
        assertThat(report.steps().get(1).pooledCosine())
                .isEqualTo(((Distillation.EncoderResult) report.recovery()).pooledCosineAfter());
    }

    @Test
    void a_pooled_embedding_module_without_output_kind_fails_saying_to_set_embedding() {
        assertThatThrownBy(() -> prune(Fixtures.TINY_ENCODER_POOLED_PT, 0.3, recovery(1, null), dir.resolve("x.pt")))
                .isInstanceOfSatisfying(TechniqueException.class, e -> assertThat(e.getMessage())
                        .contains("rank 2", "recovery.outputKind 'embedding'"));
    }

    @Test
    void an_l1_penalty_on_an_encoder_fails_as_on_onnx_encoders() {
        RecoverySpec l1 = new RecoverySpec(1, 16, null, null, null, null, null, null, null, null, RecoverySpec.L1, 0.1,
                null, null);

        assertThatThrownBy(() -> prune(Fixtures.TINY_ENCODER_TOKENS_PT, 0.5, l1, dir.resolve("l1.pt")))
                .isInstanceOfSatisfying(TechniqueException.class, e -> assertThat(e.getMessage())
                        .contains("penalty 'l1'", "tokens"));
    }

    /**
     * Every weight the report lists is, in the saved module, zero wherever the original's magnitude was below that
     * layer's share of smallest values (the masks chosen before recovery), and the report counts those zeros.
     */
    private static void assertMasksHeld(PruneReport report, Path module, double sparsity, Path out) throws Exception {
        Map<String, LayerSparsity> layers = report.layers().stream()
                .collect(Collectors.toMap(LayerSparsity::weight, layer -> layer));
        assertThat(layers).containsKeys("encoder.words.weight", "encoder.layers.0.query.weight");
        Map<String, float[]> original = values(module);
        Map<String, float[]> written = values(out);
        for (String name : layers.keySet()) {
            float[] before = original.get(name);
            float[] after = written.get(name);
            float[] magnitudes = new float[before.length];
            for (int i = 0; i < before.length; i++) {
                magnitudes[i] = Math.abs(before[i]);
            }
            float[] sorted = magnitudes.clone();
            Arrays.sort(sorted);
            float threshold = sorted[(int) (sparsity * sorted.length) - 1];
            long zeros = 0;
            for (int i = 0; i < after.length; i++) {
                assertThat(magnitudes[i] < threshold && after[i] != 0f).as(name + "[" + i + "] masked").isFalse();
                zeros += after[i] == 0f ? 1 : 0;
            }
            assertThat(layers.get(name).zeros()).isEqualTo(zeros).isEqualTo((long) (sparsity * after.length));
        }
    }

    private static Map<String, float[]> values(Path module) throws Exception {
        try (TorchScriptStudent loaded = TorchScriptStudent.load(module, false)) {
            return loaded.parameters().stream().collect(Collectors.toMap(p -> p.getName(),
                    p -> p.getArray().toFloatArray()));
        }
    }

    private PruneReport prune(Path module, double sparsity, RecoverySpec recovery, Path out) throws Exception {
        MagnitudeParams params = new MagnitudeParams("magnitude", sparsity, "layer", null, null, recovery).withDefaults();
        return (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(module,
                ModelFormat.TORCHSCRIPT, out, params, DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN),
                DatasetPart.evaluationSet(Fixtures.TINY_ENCODER_HOLDOUT), EvaluationSettings.defaults(), share -> { }));
    }
}
