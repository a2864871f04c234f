package dev.mcs.worker.prune.recovery;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.mcs.worker.distill.Distillation;
import java.util.Collection;
import java.util.Set;

/**
 * The L1 penalty of recovery, as a proximal step after every optimizer step: each entry of the pruned tensors becomes
 * sign(w) max(|w| - t, 0), t = learning rate x strength. The same shrink as the gradient of t-scaled |w| would give,
 * but a weight the loss does not hold away from zero lands exactly on zero instead of oscillating around it; AdamW's
 * normalized step does not rescale it. The peak learning rate is used throughout (warm-up and decay not followed).
 */
final class L1Shrink implements Distillation.AfterStep {

    private final Set<String> weights;
    private final float threshold;

    L1Shrink(Set<String> weights, double learningRate, double strength) {
        this.weights = Set.copyOf(weights);
        this.threshold = (float) (learningRate * strength);
    }

    @Override
    public void apply(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (weights.contains(p.getName())) {
                NDArray w = p.getArray();
                try (NDArray sign = w.sign(); NDArray magnitude = w.abs()) {
                    magnitude.subi(threshold);
                    try (NDArray kept = OwnedScalars.maximum(magnitude, 0f)) {
                        kept.muli(sign);
                        kept.copyTo(w);
                    }
                }
            }
        }
    }

    /** Zero entries of the pruned tensors (the masks' zeros included: the same count at every epoch). */
    @Override
    public long zeros(Collection<Parameter> parameters) {
        long zeros = 0;
        for (Parameter p : parameters) {
            if (weights.contains(p.getName())) {
                try (NDArray isZero = p.getArray().eq(0f); NDArray count = isZero.sum()) {
                    zeros += count.getLong();
                }
            }
        }
        return zeros;
    }
}
