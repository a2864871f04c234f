package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery after masks: the weights train, the pruned ones stay zero. */
class MaskRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void magnitude_masks_are_held_through_recovery_training_and_the_report_says_so() throws Exception {
        RecoverySpec recovery = new RecoverySpec(2, null, null, null, null, null, null, null, null, null, null);
        MagnitudeParams params = new MagnitudeParams("magnitude", 0.6, null, null, null, recovery).withDefaults();
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
}
