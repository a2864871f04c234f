package dev.mcs.shared.technique.prune;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ModelFacts;
import dev.mcs.shared.technique.ParamChecks;
import java.util.List;

/** The check every method makes of its optional {@link RecoverySpec}. */
final class Recovery {

    private Recovery() {}

    /** The check of {@code structured}, whose penalty removes whole units: the group lasso. */
    static void check(RecoverySpec recovery, DatasetFacts dataset) {
        checkTraining(recovery, dataset);
        if (recovery != null && recovery.l1()) {
            throw ParamChecks.invalid("recovery.penalty", "'params.recovery.penalty' 'l1' shrinks single weights,"
                    + " which applies to masks (magnitude, wanda); structured removes whole units: use 'group-lasso'",
                    RecoverySpec.PENALTIES);
        }
    }

    /** The check of the mask methods, whose penalty shrinks single weights: the L1. */
    static void checkMasks(RecoverySpec recovery, DatasetFacts dataset) {
        checkTraining(recovery, dataset);
        if (recovery != null && recovery.groupLasso()) {
            throw ParamChecks.invalid("recovery.penalty", "'params.recovery.penalty' 'group-lasso' shrinks whole units,"
                    + " which applies to structured; masks (magnitude, wanda) take 'l1'", RecoverySpec.PENALTIES);
        }
    }

    private static void checkTraining(RecoverySpec recovery, DatasetFacts dataset) {
        if (recovery == null) {
            return;
        }
        recovery.validate();
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("'params.recovery' trains the pruned model on data: give a 'datasetId'"
                    + " with the model's inputs");
        }
    }

    /**
     * A TorchScript module's output kind is found on the job's data (its graph is not read); {@code embedding} trains
     * an encoder fed {@code input_ids} and {@code attention_mask}, which a module the inspection ran on one float
     * tensor is not.
     */
    static void fitOutputKind(RecoverySpec recovery, ModelFacts model) {
        if (recovery != null && RecoverySpec.EMBEDDING.equals(recovery.outputKind())
                && model.format() == ModelFormat.TORCHSCRIPT && model.torchScriptFloatInput() != null) {
            throw ParamChecks.invalid("recovery.outputKind", "'params.recovery.outputKind' 'embedding' trains a"
                    + " TorchScript encoder fed input_ids and attention_mask, and this module takes one float tensor"
                    + " (its inspection ran it on float" + model.torchScriptFloatInput() + "); its output is trained as"
                    + " class scores: use 'auto' or 'classes'", List.of(RecoverySpec.AUTO, "classes"));
        }
    }

    /**
     * A gradual schedule ramps the share of zeros; the N:M patterns fix theirs at one half, so they prune in one step.
     */
    static void checkSteps(RecoverySpec recovery, String pattern) {
        if (recovery != null && recovery.steps() != null && recovery.steps() > 1 && pattern != null
                && !WandaParams.UNSTRUCTURED.equals(pattern)) {
            throw ParamChecks.invalid("recovery.steps", "'params.recovery.steps' (gradual pruning) ramps the share of"
                    + " zeros, which pattern '" + pattern + "' fixes at 0.5; use pattern 'unstructured' or one step",
                    null);
        }
    }
}
