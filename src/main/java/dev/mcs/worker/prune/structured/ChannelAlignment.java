package dev.mcs.worker.prune.structured;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Rounds each channel group's kept count to a multiple of {@link #MULTIPLE}. ONNX Runtime's CPU convolutions run
 * fastest on channel counts that fill its blocked (NCHWc) layout; measured here on the MobileNet-style digits net, a
 * pruned graph with 67 of 144 depthwise channels ran 1.5 x slower than the original, and with aligned counts faster
 * (docs/pruning.md, Further CNNs). The count goes to the nearest multiple (ties up; the group's size counts as one),
 * never below one multiple; the units added back are the best-scored removed ones, those dropped the worst-scored kept
 * ones. Groups no larger than one multiple keep the selection as it is.
 */
final class ChannelAlignment {

    static final int MULTIPLE = 8;

    private ChannelAlignment() {}

    static Map<PrunableGroup, int[]> aligned(Map<PrunableGroup, int[]> kept, Map<PrunableGroup, double[]> scores,
            int multiple) {
        Map<PrunableGroup, int[]> out = new LinkedHashMap<>();
        kept.forEach((group, units) -> out.put(group, group.kind().equals(PruningGroups.CHANNELS)
                && group.units() > multiple ? realign(units, scores.get(group), group.units(), multiple) : units));
        return out;
    }

    /** The nearest of the multiples below and above {@code kept} (the group's size standing in for one above it). */
    static int target(int kept, int units, int multiple) {
        int down = Math.max(multiple, kept / multiple * multiple);
        int up = Math.min(units, (kept + multiple - 1) / multiple * multiple);
        return kept - down < up - kept ? down : up;
    }

    private static int[] realign(int[] kept, double[] score, int units, int multiple) {
        int target = target(kept.length, units, multiple);
        if (target == kept.length) {
            return kept;
        }
        boolean[] isKept = new boolean[units];
        Arrays.stream(kept).forEach(u -> isKept[u] = true);
        // Kept units first, then removed ones, each best score first: the target's prefix is the new selection.
        Integer[] order = IntStream.range(0, units).boxed().sorted(Comparator
                .comparing((Integer u) -> !isKept[u]).thenComparing(u -> -score[u])).toArray(Integer[]::new);
        return Arrays.stream(order, 0, target).mapToInt(Integer::intValue).sorted().toArray();
    }
}
