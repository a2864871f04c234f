package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.ParamChecks;

/** The check every method makes of its optional {@link RecoverySpec}. */
final class Recovery {

    private Recovery() {}

    static void check(RecoverySpec recovery, DatasetFacts dataset) {
        if (recovery == null) {
            return;
        }
        recovery.validate();
        if (!dataset.present()) {
            throw ParamChecks.datasetRequired("'params.recovery' trains the pruned model on data: give a 'datasetId'"
                    + " with the model's inputs");
        }
    }

    /** Masks are chosen once: a gradual schedule is built for {@code structured} only, so more steps are refused. */
    static void checkOneShot(RecoverySpec recovery, String method) {
        if (recovery != null && recovery.steps() != null && recovery.steps() > 1) {
            throw ParamChecks.invalid("recovery.steps", "'params.recovery.steps' (gradual pruning) is available for"
                    + " method 'structured' only; '" + method + "' prunes in one step", null);
        }
    }
}
