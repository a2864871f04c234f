package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ParamChecks;

/** The check every method makes of its optional {@link RecoverySpec}. */
final class Recovery {

    private Recovery() {}

    /** The check of {@code structured}: its sparsity-inducing penalty (group lasso) is not built. */
    static void check(RecoverySpec recovery, DatasetFacts dataset) {
        checkMasks(recovery, dataset);
        if (recovery != null && recovery.l1()) {
            throw ParamChecks.invalid("recovery.penalty", "'params.recovery.penalty' 'l1' shrinks single weights,"
                    + " which applies to masks (magnitude, wanda); structured's group lasso is not built yet",
                    RecoverySpec.PENALTIES);
        }
    }

    /** The check of the mask methods, which take every penalty. */
    static void checkMasks(RecoverySpec recovery, DatasetFacts dataset) {
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
