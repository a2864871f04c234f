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
}
