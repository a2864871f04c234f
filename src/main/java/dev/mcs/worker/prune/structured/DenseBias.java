package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.List;

/**
 * The bias of a dense layer that reads a group's units: Gemm's C, or the 1-D initializer that a MatMul's only reader
 * (an Add) adds. Removed units' contributions are folded into it; a bias shared with other nodes is not used.
 */
final class DenseBias {

    private DenseBias() {}

    /** The bias initializer's name, or null when the layer has none of its own. */
    static String of(Graph graph, NodeProto node, long outputs) {
        boolean gemm = node.getOpType().equals("Gemm");
        if (gemm) {
            String c = node.getInputCount() > 2 ? node.getInput(2) : "";
            return graph.weight(c).filter(t -> Weights.count(t) == outputs && graph.readers(c).size() == 1)
                    .map(TensorProto::getName).orElse(null);
        }
        List<NodeProto> readers = graph.readers(node.getOutput(0));
        if (readers.size() != 1 || !readers.get(0).getOpType().equals("Add")) {
            return null;
        }
        for (String input : readers.get(0).getInputList()) {
            var t = graph.weight(input);
            if (t.isPresent() && t.get().getDimsCount() == 1 && t.get().getDims(0) == outputs
                    && graph.readers(input).size() == 1) {
                return input;
            }
        }
        return null;
    }
}
