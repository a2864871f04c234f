package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.Optional;
import java.util.Set;

/**
 * Operators that change a channels-first tensor's other axes but keep its channels where they were: Pad (explicit
 * padding, as TensorFlow converters write before strided convs), reductions over spatial axes ({@code x.mean([2, 3])},
 * a global pooling written as ReduceMean) and Squeeze of spatial axes (after a global pooling). Each answers where the
 * channels sit in its output, counted from the end, or says why it touches them. The channels are on axis 1, so a
 * tensor whose units are {@code fromEnd} from the end has rank {@code 1 - fromEnd}.
 */
final class SpatialOps {

    static final Set<String> OPS = Set.of("Pad", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceL1",
            "ReduceL2", "Squeeze");

    private SpatialOps() {}

    /** The channels' place in the node's output, counted from the end, for a channels-first input. */
    static int outputFromEnd(GroupFinder finder, NodeProto node, int fromEnd) throws NotPrunable {
        int rank = 1 - fromEnd;
        return node.getOpType().equals("Pad") ? pad(finder, node, rank, fromEnd)
                : dropped(finder, node, rank, fromEnd);
    }

    /** Zero padding of the channel axis only: a constant pad value is per position, not per channel. */
    private static int pad(GroupFinder finder, NodeProto node, int rank, int fromEnd) throws NotPrunable {
        long[] pads = node.getInputCount() > 1 ? finder.int64s(node.getInput(1)).orElse(null)
                : Graph.attribute(node, "pads").map(a -> a.getIntsList().stream().mapToLong(Long::longValue)
                        .toArray()).orElse(null);
        if (pads == null || (node.getInputCount() > 2 && !finder.isScalar(node.getInput(2)))) {
            throw new NotPrunable("node " + Graph.label(node) + " (Pad) has pads that are not constant");
        }
        long[] axes = node.getInputCount() > 3 && !node.getInput(3).isEmpty()
                ? finder.int64s(node.getInput(3)).orElse(null) : range(rank);
        if (axes == null || pads.length != 2 * axes.length) {
            throw new NotPrunable("node " + Graph.label(node) + " (Pad) has axes that are not constant");
        }
        for (int i = 0; i < axes.length; i++) {
            if (normalized(axes[i], rank) <= 1 && (pads[i] != 0 || pads[i + axes.length] != 0)) {
                throw new NotPrunable("node " + Graph.label(node) + " pads the batch or channel axis");
            }
        }
        return fromEnd;
    }

    /** A reduction or Squeeze over axes other than batch and channels; without keepdims they leave the rank. */
    private static int dropped(GroupFinder finder, NodeProto node, int rank, int fromEnd) throws NotPrunable {
        Optional<long[]> axes = Graph.attribute(node, "axes")
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
                .or(() -> node.getInputCount() > 1 && !node.getInput(1).isEmpty()
                        ? finder.int64s(node.getInput(1)) : Optional.empty());
        if (axes.isEmpty() || axes.get().length == 0) {
            throw new NotPrunable("node " + Graph.label(node) + " (" + node.getOpType() + ") has no constant axes"
                    + " (it may reduce over the channels)");
        }
        for (long axis : axes.get()) {
            if (normalized(axis, rank) <= 1) {
                throw new NotPrunable("node " + Graph.label(node) + " (" + node.getOpType() + ") reduces over the"
                        + " batch or channel axis");
            }
        }
        boolean keep = !node.getOpType().equals("Squeeze") && Graph.intAttribute(node, "keepdims", 1) != 0;
        return keep ? fromEnd : 1 - (rank - axes.get().length);
    }

    private static long normalized(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    private static long[] range(int rank) {
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = i;
        }
        return out;
    }
}
