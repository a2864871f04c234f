package dev.mcs.worker.prune.recovery;

import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.distill.TorchScriptEncoderRecovery;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Recovery of a masked TorchScript module, with the loss for what its output holds: a classifier (a float input) on
 * soft targets ({@link RecoveryTraining#runTorchScript}); an encoder (fed {@code input_ids} and
 * {@code attention_mask}) on 1 - cosine of its mask-pooled token states (rank 3 on a sample) or of its pooled
 * embedding (rank 2, when {@code outputKind} says {@code embedding}), as ONNX encoders recover. Masks are held after
 * every optimizer step either way ({@link MaskHold}), and the best checkpoint is written as TorchScript.
 */
public final class TorchScriptRecovery {

    private TorchScriptRecovery() {}

    public static Distillation.Trained run(MethodRun run, RecoverySpec spec, Path masked,
            Map<String, boolean[]> masks, String failureType) throws IOException, TechniqueException {
        OutputKind kind = TorchScriptEncoderRecovery.kind(run.input(), run.dataset(), spec.outputKind(), failureType);
        if (kind.kind() == OutputKind.Kind.CLASSES) {
            return RecoveryTraining.runTorchScript(run, spec, masked, masks, failureType).withOutputKind(kind);
        }
        if (spec.l1()) {
            throw new TechniqueException(failureType, "recovery: penalty 'l1' is built for the masks of classifier"
                    + " outputs [batch, classes]; this module's output is an encoder's (" + kind.name() + ")");
        }
        try (MaskHold hold = new MaskHold(masks)) {
            return TorchScriptEncoderRecovery.train(run, masked, hold, RecoveryTraining.settings(spec, true), kind,
                    failureType);
        }
    }
}
