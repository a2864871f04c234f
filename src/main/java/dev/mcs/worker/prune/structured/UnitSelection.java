package dev.mcs.worker.prune.structured;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The ranking, one per kind: within a kind (FFN neurons, heads, channels) the units of all the kind's groups are ranked
 * together by scores made comparable across groups ({@link #scaledByMean}, or {@link SurgeonOrder}'s own scale), and
 * the kind's own share of them is removed. Kinds are ranked apart because their scores are not comparable: a head's
 * score sums 64 features, so on all-MiniLM-L6-v2 one ranking over FFN neurons and heads together removed no head at
 * all (docs/pruning.md). Mean scaling was measured on MiniLM (FFN 25 %, activation with refit): pooled cosine 0.965
 * against 0.962 for median scaling and 0.960 for the same share from every layer. A floor keeps every group from being
 * emptied: see {@link #FLOOR}.
 */
final class UnitSelection {

    /**
     * Every group keeps at least this fraction of the kind's average kept share ({@code FLOOR x (1 - sparsity)} of
     * its units, and one unit). Below 1 the kind's share can always be reached; see docs/pruning.md for the
     * measurement that chose it.
     */
    static final double FLOOR = 0.5;

    private UnitSelection() {}

    private record Ranked(PrunableGroup group, int unit, double score) {}

    /**
     * The kept units of each group, ascending, in the order of {@code scores}.
     *
     * @param sparsityOf the share of a kind's units to remove
     * @param floor see {@link #FLOOR}
     */
    static Map<PrunableGroup, int[]> select(Map<PrunableGroup, double[]> scores, ToDoubleFunction<String> sparsityOf,
            double floor) {
        Map<String, Map<PrunableGroup, double[]>> byKind = new LinkedHashMap<>();
        scores.forEach((group, s) -> byKind.computeIfAbsent(group.kind(), k -> new LinkedHashMap<>()).put(group, s));
        Map<PrunableGroup, boolean[]> removed = new LinkedHashMap<>();
        scores.forEach((group, s) -> removed.put(group, new boolean[s.length]));
        byKind.forEach((kind, groups) -> removeWithin(groups, sparsityOf.applyAsDouble(kind), floor, removed));
        Map<PrunableGroup, int[]> kept = new LinkedHashMap<>();
        removed.forEach((group, gone) -> kept.put(group, keptUnits(gone)));
        return kept;
    }

    /** The smallest number of units a group of {@code units} keeps at {@code sparsity}. */
    static int minimumKept(int units, double sparsity, double floor) {
        return Math.min(units, Math.max(1, (int) Math.ceil(floor * (1 - sparsity) * units - 1e-9)));
    }

    /**
     * A group's scores divided by their mean: layers differ in scale, and a raw ranking would empty the layers with
     * small weights first.
     */
    static double[] scaledByMean(double[] scores) {
        double mean = 0;
        for (double v : scores) {
            mean += v / scores.length;
        }
        double scale = mean > 0 ? mean : 1;
        double[] out = new double[scores.length];
        for (int u = 0; u < out.length; u++) {
            out[u] = scores[u] / scale;
        }
        return out;
    }

    private static void removeWithin(Map<PrunableGroup, double[]> scores, double sparsity, double floor,
            Map<PrunableGroup, boolean[]> removed) {
        List<Ranked> all = new ArrayList<>();
        Map<PrunableGroup, Integer> removable = new LinkedHashMap<>();
        scores.forEach((group, s) -> {
            for (int u = 0; u < s.length; u++) {
                all.add(new Ranked(group, u, s[u]));
            }
            removable.put(group, s.length - minimumKept(s.length, sparsity, floor));
        });
        all.sort(Comparator.comparingDouble(Ranked::score));
        int toRemove = (int) Math.round(sparsity * all.size());
        for (Ranked r : all) {
            if (toRemove == 0) {
                break;
            }
            if (removable.get(r.group()) > 0) {
                removed.get(r.group())[r.unit()] = true;
                removable.merge(r.group(), -1, Integer::sum);
                toRemove--;
            }
        }
    }

    private static int[] keptUnits(boolean[] gone) {
        int count = 0;
        for (boolean g : gone) {
            count += g ? 0 : 1;
        }
        int[] keep = new int[count];
        int at = 0;
        for (int u = 0; u < gone.length; u++) {
            if (!gone[u]) {
                keep[at++] = u;
            }
        }
        return keep;
    }
}
