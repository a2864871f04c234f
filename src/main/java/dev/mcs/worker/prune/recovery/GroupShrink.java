package dev.mcs.worker.prune.recovery;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.prune.structured.UnitGroups;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group lasso of structured recovery, as a proximal step after every optimizer step: each unit u of every group
 * (all its weights: the producer's rows, its bias and BatchNorm scale and shift, the readers' input columns) becomes
 * w_u max(0, 1 - t_u / ||w_u||), t_u = learningRate x strength x sqrt(n_u) / (sqrt(v_u) + eps), n_u its entry count.
 *
 * <p>The sqrt(n_u) is the group lasso's own weighting (Yuan and Lin, 2006): it makes the strength a threshold per
 * weight whatever the unit's size, so heads of thousands of weights and channels of ten are treated alike. The
 * 1 / (sqrt(v_u) + eps) takes the step in AdamW's metric (v_u: a running mean of the unit's squared gradient, AdamW's
 * own decay 0.999 and bias correction): AdamW moves every weight by about the learning rate whatever its gradient, so a
 * plain threshold of learningRate x strength either loses to every unit's step (strength below 1: no unit reaches zero,
 * all of them shrink; measured on the digits CNNs) or beats them all (above 1). In AdamW's metric the strength compares
 * with the loss gradient itself: a unit whose root-mean-square gradient stays below the strength goes to zero and
 * stays there (a unit at zero has no gradient), one the loss needs does not. The scale is therefore that of the loss
 * gradients, which are small when recovery starts (the student is close to its teacher): strengths of 1e-3 to 1e-2
 * already zero channels on the digits CNNs, and 1e-2 collapsed the wide one (docs/pruning.md). Capping the shrink at
 * one AdamW step (about the learning rate) was tried and zeroed nothing: AdamW's step then wins again. Before the
 * first gradient the threshold is learningRate x strength. Groups that share a weight (a Conv's outputs are one group, its inputs the previous one's) are stepped
 * one after the other, the usual approximation of the prox of overlapping groups. The peak learning rate is used
 * throughout, as {@link L1Shrink}.
 */
final class GroupShrink implements Distillation.AfterStep {

    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<UnitGroups.Group> groups;
    private final double learningRate;
    private final double strength;
    private final double[][] secondMoments;
    private int steps;
    private long zeroUnits;

    GroupShrink(List<UnitGroups.Group> groups, double learningRate, double strength) {
        this.groups = List.copyOf(groups);
        this.learningRate = learningRate;
        this.strength = strength;
        this.secondMoments = new double[groups.size()][];
        for (int i = 0; i < secondMoments.length; i++) {
            secondMoments[i] = new double[groups.get(i).units()];
        }
    }

    @Override
    public void beforeStep(Collection<Parameter> parameters) {
        Map<String, NDArray> gradients = new HashMap<>();
        for (Parameter p : parameters) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                gradients.put(p.getName(), p.getArray());
            }
        }
        steps++;
        for (int i = 0; i < groups.size(); i++) {
            double[] meanSquare = UnitNorms.meanSquareGradient(groups.get(i), gradients);
            for (int u = 0; u < meanSquare.length; u++) {
                secondMoments[i][u] = BETA2 * secondMoments[i][u] + (1 - BETA2) * meanSquare[u];
            }
        }
    }

    @Override
    public void apply(Collection<Parameter> parameters) {
        Map<String, NDArray> byName = new HashMap<>();
        parameters.forEach(p -> byName.put(p.getName(), p.getArray()));
        long zeros = 0;
        for (int i = 0; i < groups.size(); i++) {
            zeros += shrink(groups.get(i), byName, thresholds(i));
        }
        zeroUnits = zeros;
    }

    /** Units at zero after the last step. */
    @Override
    public long zeros(Collection<Parameter> parameters) {
        return zeroUnits;
    }

    /**
     * Each unit's threshold before the sqrt(n_u): learningRate x strength / (sqrt(v_u) + eps), v_u bias-corrected;
     * learningRate x strength before any gradient.
     */
    float[] thresholds(int group) {
        float[] out = new float[groups.get(group).units()];
        double correction = 1 - Math.pow(BETA2, steps);
        for (int u = 0; u < out.length; u++) {
            out[u] = (float) (steps == 0 ? learningRate * strength
                    : learningRate * strength / (Math.sqrt(secondMoments[group][u] / correction) + EPSILON));
        }
        return out;
    }

    /** Shrinks one group's units in place by {@code thresholds} x sqrt(unit size); returns how many are now zero. */
    static long shrink(UnitGroups.Group group, Map<String, NDArray> byName, float[] thresholds) {
        try (NDScope scope = new NDScope()) {
            NDArray squares = null;
            long size = 0;
            for (UnitGroups.Slice slice : group.slices()) {
                NDArray w = byName.get(slice.initializer());
                if (w != null) {
                    NDArray perUnit = view(w, slice, group.units()).square().sum(new int[] {0, 2});
                    squares = squares == null ? perUnit : squares.add(perUnit);
                    size += w.size() / group.units();
                }
            }
            if (squares == null) {
                return 0;
            }
            NDArray t = OwnedScalars.mul(squares.getManager().create(thresholds), (float) Math.sqrt(size));
            NDArray factor = OwnedScalars.maximum(t.div(squares.sqrt()).neg().add(1f), 0f);
            for (UnitGroups.Slice slice : group.slices()) {
                NDArray w = byName.get(slice.initializer());
                if (w != null) {
                    view(w, slice, group.units()).mul(factor.reshape(1, group.units(), 1)).reshape(w.getShape())
                            .copyTo(w);
                }
            }
            return factor.eq(0f).sum().getLong();
        }
    }

    /** The weight as [outer, units, rest]: unit u's entries are [:, u, :]. */
    static NDArray view(NDArray w, UnitGroups.Slice slice, int units) {
        Shape shape = w.getShape();
        long outer = 1;
        for (int d = 0; d < slice.axis(); d++) {
            outer *= shape.get(d);
        }
        return w.reshape(outer, units, w.size() / (outer * units));
    }
}
