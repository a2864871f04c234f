package dev.mcs.worker.prune.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.mcs.worker.prune.structured.UnitGroups;
import java.util.Map;

/** Per-unit statistics of a group's gradients, for the metric of {@link GroupShrink}. */
final class UnitNorms {

    private UnitNorms() {}

    /** Each unit's mean squared gradient over its entries; zero where no slice has a gradient. */
    static double[] meanSquareGradient(UnitGroups.Group group, Map<String, NDArray> weights) {
        double[] out = new double[group.units()];
        long size = 0;
        for (UnitGroups.Slice slice : group.slices()) {
            NDArray w = weights.get(slice.initializer());
            if (w == null) {
                continue;
            }
            // The gradient handle is the engine's own: only the temporaries made from it are closed.
            NDArray gradient = w.getGradient();
            try (NDScope scope = new NDScope()) {
                NDScope.unregister(gradient);
                float[] perUnit = GroupShrink.view(gradient, slice, group.units()).square().sum(new int[] {0, 2})
                        .toFloatArray();
                for (int u = 0; u < out.length; u++) {
                    out[u] += perUnit[u];
                }
            }
            size += w.size() / group.units();
        }
        for (int u = 0; u < out.length && size > 0; u++) {
            out[u] /= size;
        }
        return out;
    }
}
