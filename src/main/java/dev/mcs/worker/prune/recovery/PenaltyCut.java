package dev.mcs.worker.prune.recovery;

import java.util.List;

/**
 * What structured recovery's group lasso bought: the units it brought to zero, removed from the graph by the same cut
 * as {@code structured}, beyond the requested sparsity.
 *
 * @param penalty {@code group-lasso}
 * @param strength {@code penaltyStrength}
 * @param threshold the proximal step's t = learningRate x strength (times sqrt(unit size) per unit)
 * @param removalTolerance a unit is removed when its norm is at most this share of the largest unit norm of its group
 * @param kinds per kind of group: units after pruning, those exactly zero, those removed
 * @param parametersBefore float parameters of the recovered checkpoint before the cut
 * @param parametersAfter the same after it
 * @param fileBytesBefore the checkpoint's file size before the cut
 * @param fileBytesAfter the output's file size after it
 */
public record PenaltyCut(String penalty, double strength, double threshold, double removalTolerance,
        List<KindCut> kinds, long parametersBefore, long parametersAfter, long fileBytesBefore, long fileBytesAfter) {

    /**
     * One kind's units.
     *
     * @param kind {@code channels}, {@code ffn} or {@code heads}
     * @param units units of this kind in the pruned graph, before the cut
     * @param zeroed those whose every weight is exactly zero after recovery
     * @param removed those cut from the graph (zeroed, plus any within the removal tolerance)
     */
    public record KindCut(String kind, int units, int zeroed, int removed) {}
}
