package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery after masks: the weights train, the pruned ones stay zero, also through a gradual schedule. */
class MaskRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void magnitude_masks_are_held_through_recovery_training_and_the_report_says_so() throws Exception {
        RecoverySpec recovery = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, null);
        MagnitudeParams params = new MagnitudeParams("magnitude", 0.6, "layer", null, null, recovery).withDefaults();
        Path out = dir.resolve("pruned.onnx");

        PruneReport report = (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(
                Fixtures.CNN_ONNX, ModelFormat.ONNX, out, params, DatasetPart.whole(Fixtures.CNN_TRAIN), null,
                EvaluationSettings.defaults(), share -> { }));

        assertThat(report.recovery().epochsRun()).isBetween(1, 2);
        assertThat(report.layers()).hasSize(4).allSatisfy(layer -> assertThat(layer.sparsity()).isBetween(0.55, 0.6));
        assertThat(report.runTimeGain()).startsWith("no run-time gain");
        assertThat(report.after().nonZeroParameters()).isLessThan(report.before().nonZeroParameters());
        assertThat(report.after().parameters()).as("masks keep the shapes").isEqualTo(report.before().parameters());
    }

    @Test
    void gradual_magnitude_ramps_the_zeros_over_its_steps_and_reports_each_step_as_a_stage() throws Exception {
        RecoverySpec recovery = new RecoverySpec(2, null, null, null, null, null, null, null, null, 3, null);
        MagnitudeParams params = new MagnitudeParams("magnitude", 0.8, "layer", null, null, recovery).withDefaults();
        List<String> stages = new ArrayList<>();

        PruneReport report = (PruneReport) new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(
                Fixtures.CNN_ONNX, ModelFormat.ONNX, dir.resolve("gradual.onnx"), params,
                DatasetPart.whole(Fixtures.CNN_TRAIN), null, EvaluationSettings.defaults(), stagesInto(stages)));

        assertThat(report.steps()).extracting(GradualStep::sparsity).satisfiesExactly(
                s -> assertThat(s).isCloseTo(0.8 * (1 - 8 / 27.0), within(0.01)),
                s -> assertThat(s).isCloseTo(0.8 * (1 - 1 / 27.0), within(0.01)),
                s -> assertThat(s).isCloseTo(0.8, within(0.01)));
        assertThat(report.steps()).allSatisfy(step -> assertThat(step.validationAgreement()).isNotNull());
        assertThat(report.layers()).allSatisfy(layer -> assertThat(layer.sparsity()).isBetween(0.79, 0.8));
        assertThat(stages).anyMatch(stage -> stage.startsWith("gradual step 2/3: sparsity 0.77"))
                .anyMatch(stage -> stage.startsWith("step 3/3: "));
    }

    @Test
    void an_l1_penalty_reaches_the_onnx_weights_behind_their_masks() throws Exception {
        RecoverySpec l1 = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, RecoverySpec.L1,
                1.0, null);
        RecoverySpec plain = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, null);

        double with = absoluteSum(prune(l1, "l1.onnx"));
        double without = absoluteSum(prune(plain, "plain.onnx"));

        assertThat(with).isLessThan(0.9 * without);
    }

    private Path prune(RecoverySpec recovery, String name) throws Exception {
        Path out = dir.resolve(name);
        new MaskMethod(MaskMethod.Kind.MAGNITUDE).apply(new MethodRun(Fixtures.CNN_ONNX, ModelFormat.ONNX, out,
                new MagnitudeParams("magnitude", 0.5, "layer", null, null, recovery).withDefaults(),
                DatasetPart.whole(Fixtures.CNN_TRAIN), null, EvaluationSettings.defaults(), share -> { }));
        return out;
    }

    private static double absoluteSum(Path model) throws Exception {
        double sum = 0;
        for (var t : OnnxModelFile.read(model).proto().getGraph().getInitializerList()) {
            if (t.getDimsCount() >= 2) {
                for (float v : Weights.values(t)) {
                    sum += Math.abs(v);
                }
            }
        }
        return sum;
    }

    static StageProgress stagesInto(List<String> stages) {
        return new StageProgress() {
            @Override
            public void accept(double fraction) {
            }

            @Override
            public void accept(double fraction, String stage) {
                stages.add(stage);
            }
        };
    }
}
