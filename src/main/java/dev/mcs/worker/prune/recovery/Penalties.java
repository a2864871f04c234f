package dev.mcs.worker.prune.recovery;

import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.prune.structured.UnitGroups;
import dev.mcs.worker.technique.TechniqueException;
import java.util.List;
import java.util.Map;

/** The proximal step of recovery's penalty, or nothing; refused where it is not built. */
final class Penalties {

    private static final Distillation.AfterStep NONE = parameters -> { };

    private Penalties() {}

    /**
     * @param masks the masked weights (l1 shrinks their kept entries)
     * @param groups the pruned graph's unit groups (group-lasso shrinks their units)
     * @param encoder whether the output is an encoder's (its trainer keeps the lowest-loss checkpoint; l1 is not
     *     built for it)
     */
    static Distillation.AfterStep of(RecoverySpec spec, Map<String, boolean[]> masks, List<UnitGroups.Group> groups,
            boolean encoder, double learningRate, String failureType) throws TechniqueException {
        if (encoder && spec.sparsestWithin() != null) {
            throw new TechniqueException(failureType, "recovery: checkpoint 'sparsest-within' is built for classifier"
                    + " outputs [batch, classes] (it weighs validation agreement); this model's output is an encoder's:"
                    + " use checkpoint 'best'");
        }
        if (!spec.l1() && !spec.groupLasso()) {
            return NONE;
        }
        if (encoder && spec.l1()) {
            throw new TechniqueException(failureType, "recovery: penalty 'l1' is built for classifier outputs"
                    + " [batch, classes]; this model's output is an encoder's");
        }
        if (spec.l1()) {
            if (masks.isEmpty()) {
                throw new TechniqueException(failureType, "recovery: penalty 'l1' is built for the masks of classifier"
                        + " outputs [batch, classes]; this pruning made no masks");
            }
            return new L1Shrink(masks.keySet(), learningRate, spec.penaltyStrength());
        }
        if (groups.isEmpty()) {
            throw new TechniqueException(failureType, "recovery: penalty 'group-lasso' found no prunable group in the"
                    + " pruned graph to shrink");
        }
        return new GroupShrink(groups, learningRate, spec.penaltyStrength());
    }
}
