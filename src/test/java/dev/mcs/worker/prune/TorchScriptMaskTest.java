package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.TorchScriptStudent;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code magnitude} on the digits CNN as TorchScript (fixtures/generate_fixtures.py, traced): weights zeroed in
 * libtorch, saved as TorchScript, recovered against the original with the zeros held, measured on the hold-out.
 */
class TorchScriptMaskTest {

    @TempDir
    Path dir;

    @Test
    void magnitude_with_layer_scope_zeroes_half_of_every_conv_and_linear_weight_and_leaves_the_biases() throws Exception {
        Path out = dir.resolve("pruned.pt");

        PruneReport report = prune(new MagnitudeParams("magnitude", 0.5, "layer", null, null, null), out);

        assertThat(report.layers()).extracting(LayerSparsity::weight).containsExactly("features.0.weight",
                "features.2.weight", "classifier.0.weight", "classifier.2.weight");
        assertThat(report.layers()).allSatisfy(layer -> assertThat(layer.sparsity()).isEqualTo(0.5));
        assertThat(report.runTimeGain()).startsWith("no run-time gain").contains("heldOut.latencyRatio");
        assertThat(report.heldOut().latencyRounds()).isPositive();
        assertThat(report.heldOut().latencyRatio()).as("a dense module: no faster, and no slower").isBetween(0.5, 2.0);
        assertThat(report.after().parameters()).isEqualTo(report.before().parameters()).isEqualTo(9802);
        assertThat(report.before().parameters() - report.after().nonZeroParameters())
                .isEqualTo(report.layers().stream().mapToLong(LayerSparsity::zeros).sum());
        assertThat(report.after().gzipBytes()).isLessThan(report.before().gzipBytes());
        assertThat(report.heldOut().samples()).isEqualTo(360);
        assertThat(report.heldOut().originalAccuracy()).isGreaterThan(0.98);
        try (TorchScriptStudent written = TorchScriptStudent.load(out, false)) {
            assertThat(written.parameters()).filteredOn(p -> p.getName().endsWith("bias"))
                    .allSatisfy(p -> assertThat(p.getArray().eq(0).sum().getLong()).isZero());
        }
    }

    @Test
    void a_scripted_module_keeps_its_batchnorm_scales_and_prunes_its_conv_and_linear_weights() throws Exception {
        MethodRun run = new MethodRun(Fixtures.DIR.resolve("digits_student.pt"), ModelFormat.TORCHSCRIPT,
                dir.resolve("student.pt"), new MagnitudeParams("magnitude", 0.5, "layer", null, null, null).withDefaults(),
                null, null, EvaluationSettings.defaults(), share -> { });

        PruneReport report = (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(run);

        assertThat(report.layers()).extracting(LayerSparsity::weight).containsExactly("features.0.weight",
                "features.4.weight", "head.weight");
        assertThat(report.heldOut()).as("no evaluation samples, nothing measured").isNull();
    }

    @Test
    void recovery_brings_half_sparse_digits_back_within_a_point_of_the_original_with_the_zeros_held()
            throws Exception {
        RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, null, null, null, null, null);
        PruneReport oneShot = prune(new MagnitudeParams("magnitude", 0.5, "layer", null, null, null),
                dir.resolve("one-shot.pt"));
        PruneReport recovered = prune(new MagnitudeParams("magnitude", 0.5, "layer", null, null, recovery),
                dir.resolve("recovered.pt"));

        System.out.printf("digits_cnn.pt magnitude 0.5: original %.4f, one-shot %.4f (agreement %.4f), recovered"
                + " %.4f (agreement %.4f), %d epochs, %d ms%n", oneShot.heldOut().originalAccuracy(),
                oneShot.heldOut().accuracy(), oneShot.heldOut().agreement(), recovered.heldOut().accuracy(),
                recovered.heldOut().agreement(), recovered.recovery().epochsRun(), recovered.recovery().trainingMs());
        assertThat(recovered.heldOut().accuracy()).isGreaterThanOrEqualTo(recovered.heldOut().originalAccuracy() - 0.01);
        assertThat(recovered.layers()).allSatisfy(layer -> assertThat(layer.sparsity()).isEqualTo(0.5));
        assertThat(recovered.recovery().epochsRun()).isGreaterThan(1);
    }

    @Test
    void an_excluded_module_that_the_torchscript_model_lacks_fails_the_job_naming_its_modules() {
        MagnitudeParams params = new MagnitudeParams("magnitude", 0.5, "layer", null, List.of("/features/Conv"), null);

        assertThatThrownBy(() -> prune(params, dir.resolve("x.pt"))).isInstanceOfSatisfying(TechniqueException.class,
                e -> assertThat(e.getMessage()).contains("/features/Conv", "features.0", "classifier.2"));
    }

    @Test
    void by_default_one_threshold_ranks_every_conv_and_linear_weight_together() throws Exception {
        PruneReport report = prune(new MagnitudeParams("magnitude", 0.5, null, null, null, null), dir.resolve("d.pt"));

        long zeros = report.layers().stream().mapToLong(LayerSparsity::zeros).sum();
        long total = report.layers().stream().mapToLong(LayerSparsity::parameters).sum();
        assertThat(report.layers()).hasSize(4);
        assertThat(zeros).isEqualTo(total / 2);
        assertThat(report.layers()).extracting(LayerSparsity::sparsity).doesNotHaveDuplicates();
    }

    @Test
    void an_excluded_module_keeps_its_weights_and_global_scope_ranks_all_others_together() throws Exception {
        MagnitudeParams params = new MagnitudeParams("magnitude", 0.5, "global", null, List.of("classifier.2"), null);

        PruneReport report = prune(params, dir.resolve("global.pt"));

        assertThat(report.layers()).extracting(LayerSparsity::weight).doesNotContain("classifier.2.weight");
        long zeros = report.layers().stream().mapToLong(LayerSparsity::zeros).sum();
        long total = report.layers().stream().mapToLong(LayerSparsity::parameters).sum();
        assertThat(zeros).isEqualTo(total / 2);
        assertThat(report.layers()).extracting(LayerSparsity::sparsity).doesNotHaveDuplicates();
    }

    @Test
    void a_gradual_schedule_on_torchscript_reaches_the_target_in_three_recovered_steps() throws Exception {
        RecoverySpec recovery = new RecoverySpec(3, null, null, null, null, null, null, null, null, 3, null);

        PruneReport report = prune(new MagnitudeParams("magnitude", 0.8, "layer", null, null, recovery),
                dir.resolve("gradual.pt"));

        assertThat(report.steps()).hasSize(3).extracting(GradualStep::sparsity).isSorted();
        assertThat(report.steps().get(2).sparsity()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.01));
        assertThat(report.layers()).allSatisfy(layer ->
                assertThat(layer.zeros()).isEqualTo((long) (0.8 * layer.parameters())));
        assertThat(report.heldOut().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void an_l1_penalty_shrinks_the_kept_weights_during_recovery_and_the_masks_still_hold() throws Exception {
        RecoverySpec plain = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, null);
        RecoverySpec l1 = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, RecoverySpec.L1,
                1.0, null);
        Path without = dir.resolve("plain.pt");
        Path with = dir.resolve("l1.pt");

        PruneReport a = prune(new MagnitudeParams("magnitude", 0.5, "layer", null, null, plain), without);
        PruneReport b = prune(new MagnitudeParams("magnitude", 0.5, "layer", null, null, l1), with);

        double l1Without = absoluteSum(without);
        double l1With = absoluteSum(with);
        System.out.printf("sum |w| of the pruned weights after recovery: %.2f without, %.2f with l1 1.0%n", l1Without,
                l1With);
        assertThat(l1With).isLessThan(0.9 * l1Without);
        assertThat(b.layers()).allSatisfy(layer -> assertThat(layer.sparsity()).isGreaterThanOrEqualTo(0.5));
        assertThat(a.layers()).allSatisfy(layer -> assertThat(layer.sparsity()).isEqualTo(0.5));
    }

    private static double absoluteSum(Path module) throws Exception {
        try (TorchScriptStudent written = TorchScriptStudent.load(module, false)) {
            return written.parameters().stream().filter(p -> p.getName().endsWith("weight"))
                    .mapToDouble(p -> p.getArray().abs().sum().getFloat()).sum();
        }
    }

    private PruneReport prune(MagnitudeParams params, Path out) throws Exception {
        return (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(Fixtures.CNN_TORCHSCRIPT,
                ModelFormat.TORCHSCRIPT, out, params.withDefaults(), DatasetPart.whole(Fixtures.CNN_TRAIN),
                DatasetPart.whole(Fixtures.CNN_HOLDOUT), EvaluationSettings.defaults(), share -> { }));
    }
}
