package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.util.List;

/**
 * How a Conv, Gemm or MatMul that {@link UnitTrace} meets reads a group's units: as its input features, which ends
 * the path there (a terminal), or channel by channel (a depthwise Conv), which carries the units on to its output.
 */
final class LayerReads {

    /**
     * @param cuts the layer's initializer slices that hold the units
     * @param terminal the layer as a reader of the units; null for a depthwise Conv
     * @param carries the depthwise Conv's output, which carries the units on; null for a terminal
     */
    record Read(List<Cut> cuts, Terminal terminal, String carries) {}

    private LayerReads() {}

    /** @param fromEnd the units' axis in {@code tensor}, counted from the end */
    static Read conv(Graph graph, NodeProto node, String tensor, int fromEnd, int units) throws NotPrunable {
        TensorProto w = graph.weight(node.getInput(1)).orElseThrow(() -> new NotPrunable("Conv "
                + Graph.label(node) + " has no weight initializer"));
        long group = Graph.intAttribute(node, "group", 1);
        if (!node.getInput(0).equals(tensor) || fromEnd != -(w.getDimsCount() - 1)) {
            throw new NotPrunable("Conv " + Graph.label(node) + " reads its units other than as input channels");
        }
        if (group == 1 && w.getDims(1) == units) {
            Cut inputs = new Cut(node.getInput(1), 1, 1);
            return new Read(List.of(inputs), new Terminal(tensor, true, inputs, null), null);
        }
        if (group == units && w.getDims(0) == units && w.getDims(1) == 1) {
            boolean biased = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
            List<Cut> cuts = biased ? List.of(new Cut(node.getInput(1), 0, 1), new Cut(node.getInput(2), 0, 1))
                    : List.of(new Cut(node.getInput(1), 0, 1));
            return new Read(cuts, null, node.getOutput(0));
        }
        throw new NotPrunable("Conv " + Graph.label(node) + " has group " + group + " over " + units + " channels");
    }

    /** @param block features per unit as known so far (a flattened channel's positions); 0 until a layer tells */
    static Read dense(Graph graph, NodeProto node, String tensor, int block, int units) throws NotPrunable {
        TensorProto w = graph.weight(node.getInput(1)).filter(t -> t.getDimsCount() == 2).orElseThrow(
                () -> new NotPrunable(node.getOpType() + " " + Graph.label(node) + " has no 2-D weight initializer"));
        boolean gemm = node.getOpType().equals("Gemm");
        if (!node.getInput(0).equals(tensor) || (gemm && Graph.intAttribute(node, "transA", 0) != 0)) {
            throw new NotPrunable(node.getOpType() + " " + Graph.label(node) + " reads its units as weights");
        }
        int axis = gemm && Graph.intAttribute(node, "transB", 0) != 0 ? 1 : 0;
        long features = w.getDims(axis);
        int perUnit = block == 0 ? (int) (features / units) : block;
        if (perUnit < 1 || features != (long) perUnit * units) {
            throw new NotPrunable(node.getOpType() + " " + Graph.label(node) + " reads " + features
                    + " features, not a multiple of " + units);
        }
        Cut cut = new Cut(node.getInput(1), axis, perUnit);
        return new Read(List.of(cut), new Terminal(tensor, false, cut, DenseBias.of(graph, node,
                w.getDims(1 - axis))), null);
    }
}
