package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.TorchScriptStudent;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript target: {@code magnitude} masks plus recovery on the digits CNNs as TorchScript, held-out
 * accuracy (digits hold-out, never trained on) within a point of the original; one-shot and recovered side by side
 * at rising sparsity, to show where recovery starts to matter. Prints the rows docs/pruning.md reports.
 */
@Tag("benchmark")
class TorchScriptMaskBenchmarkTest {

    private static final double[] SPARSITIES = {0.5, 0.7, 0.8, 0.9};

    @TempDir
    Path dir;

    private Path lastOutput;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void half_the_weights_go_and_recovery_keeps_the_accuracy_within_a_point(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, null, null, null, null, null);
        for (double sparsity : SPARSITIES) {
            PruneReport oneShot = prune(model, new MagnitudeParams("magnitude", sparsity, null, null, null, null));
            PruneReport recovered = prune(model, new MagnitudeParams("magnitude", sparsity, null, null, null,
                    recovery));
            System.out.printf("%s.pt magnitude %.1f: accuracy original %.4f, one-shot %.4f (agreement %.4f),"
                    + " recovered %.4f (agreement %.4f); %d epochs (%s), %.1f s; nonzero %d -> %d; gzip %d -> %d B;"
                    + " load %.2f%n", name, sparsity, oneShot.heldOut().originalAccuracy(), oneShot.heldOut().accuracy(),
                    oneShot.heldOut().agreement(), recovered.heldOut().accuracy(), recovered.heldOut().agreement(),
                    recovered.recovery().epochsRun(), recovered.recovery().stoppedBecause(),
                    recovered.recovery().trainingMs() / 1000.0, recovered.before().nonZeroParameters(),
                    recovered.after().nonZeroParameters(), recovered.before().gzipBytes(),
                    recovered.after().gzipBytes(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(recovered.layers()).as("the zeros held through recovery")
                    .extracting(LayerSparsity::zeros).containsExactlyElementsOf(
                            oneShot.layers().stream().map(LayerSparsity::zeros).toList());
            if (sparsity == 0.5) {
                assertThat(recovered.heldOut().accuracy())
                        .isGreaterThanOrEqualTo(recovered.heldOut().originalAccuracy() - 0.01);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void masks_buy_no_batch_one_speed_in_libtorch(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        for (double sparsity : new double[] {0.5, 0.9}) {
            var heldOut = prune(model, new MagnitudeParams("magnitude", sparsity, null, null, null, null)).heldOut();
            System.out.printf("%s.pt magnitude %.1f, batch 1 in libtorch: pruned / original %.3f (%.1f / %.1f us),"
                    + " %d rounds; load %.2f%n", name, sparsity, heldOut.latencyRatio(), heldOut.latencyMicros(),
                    heldOut.originalLatencyMicros(), heldOut.latencyRounds(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(heldOut.latencyRatio()).isBetween(0.8, 1.25);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void gradual_steps_against_one_step_at_the_same_epoch_budget(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        for (double sparsity : new double[] {0.9, 0.95}) {
            PruneReport once = prune(model, new MagnitudeParams("magnitude", sparsity, null, null, null,
                    new RecoverySpec(30, null, null, null, null, null, null, null, null, 1, null)));
            PruneReport gradual = prune(model, new MagnitudeParams("magnitude", sparsity, null, null, null,
                    new RecoverySpec(10, null, null, null, null, null, null, null, null, 3, null)));
            System.out.printf("%s.pt magnitude %.2f, 30 epochs: one step %.4f (%d epochs, %.1f s), 3 steps of 10"
                    + " %.4f (step sparsity %s, last step %d epochs, %.1f s); load %.2f%n", name, sparsity,
                    once.heldOut().accuracy(), once.recovery().epochsRun(), once.recovery().trainingMs() / 1000.0,
                    gradual.heldOut().accuracy(), gradual.steps().stream().map(step -> String.format("%.3f",
                    step.sparsity())).toList(), gradual.recovery().epochsRun(),
                    gradual.steps().stream().mapToLong(GradualStep::trainingMs).sum() / 1000.0,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(gradual.steps()).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void an_l1_penalty_during_recovery_adds_zeros_beyond_the_masks(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        for (Double strength : new Double[] {null, 0.1, 0.3, 1.0}) {
            RecoverySpec recovery = new RecoverySpec(null, null, null, null, null, null, null, null, null, null,
                    strength == null ? null : RecoverySpec.L1, strength, null);
            PruneReport report = prune(model, new MagnitudeParams("magnitude", 0.5, null, null, null, recovery));
            long zeros = report.layers().stream().mapToLong(LayerSparsity::zeros).sum();
            long total = report.layers().stream().mapToLong(LayerSparsity::parameters).sum();
            System.out.printf("%s.pt magnitude 0.50 + recovery, l1 %s: sum |w| %.1f, achieved sparsity %.4f (per"
                    + " layer %s), accuracy %.4f (agreement %.4f), %d epochs; gzip %d -> %d B; load %.2f%n", name,
                    strength, absoluteSum(lastOutput), zeros / (double) total, report.layers().stream().map(l -> String.format("%.3f", l.sparsity()))
                    .toList(), report.heldOut().accuracy(), report.heldOut().agreement(),
                    report.recovery().epochsRun(), report.before().gzipBytes(), report.after().gzipBytes(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(zeros).isGreaterThanOrEqualTo(total / 2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"digits_cnn", "digits_cnn_wide"})
    void an_l1_penalty_between_gradual_steps(String name) throws Exception {
        Path model = Fixtures.DIR.resolve(name + ".pt");
        for (Double strength : new Double[] {null, 0.3, 1.0}) {
            RecoverySpec recovery = new RecoverySpec(10, null, null, null, null, null, null, null, null, 3,
                    strength == null ? null : RecoverySpec.L1, strength, null);
            PruneReport report = prune(model, new MagnitudeParams("magnitude", 0.95, null, null, null, recovery));
            System.out.printf("%s.pt magnitude 0.95 in 3 steps of 10 epochs, l1 %s: accuracy %.4f (agreement %.4f),"
                    + " step sparsity %s; load %.2f%n", name, strength, report.heldOut().accuracy(),
                    report.heldOut().agreement(), report.steps().stream().map(step -> String.format("%.3f",
                    step.sparsity())).toList(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(report.steps()).hasSize(3);
        }
    }

    private static double absoluteSum(Path module) throws Exception {
        try (TorchScriptStudent written = TorchScriptStudent.load(module, false)) {
            return written.parameters().stream().filter(p -> p.getArray().getShape().dimension() >= 2)
                    .mapToDouble(p -> p.getArray().abs().sum().getFloat()).sum();
        }
    }

    private PruneReport prune(Path model, MagnitudeParams params) throws Exception {
        Path out = dir.resolve("pruned-" + System.nanoTime() + ".pt");
        lastOutput = out;
        return (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(model,
                ModelFormat.TORCHSCRIPT, out, params.withDefaults(), DatasetPart.whole(Fixtures.CNN_TRAIN),
                DatasetPart.whole(Fixtures.CNN_HOLDOUT), EvaluationSettings.defaults(), share -> { }));
    }
}
