package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Gives every {@code Identity} of an initializer its own copy. Torch's exporter writes one initializer once and
 * aliases equal ones through Identity nodes; in a ResNet with a projection shortcut the two BatchNorm biases that
 * feed the same residual Add get identical gradients, start at zero and so stay equal, and come out as one tensor
 * and an Identity. A channel group that passes such a BatchNorm would meet a tensor it cannot cut; with copies,
 * each layer's parameters are its own again (a few hundred bytes more at most, and only where channels are cut).
 */
final class AliasedInitializers {

    private AliasedInitializers() {}

    static ModelProto copied(ModelProto model) {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        // A graph output stays a node's output: an initializer listed as an output is legal but unusual.
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        GraphProto.Builder out = graph.toBuilder().clearNode();
        boolean changed = false;
        for (NodeProto node : graph.getNodeList()) {
            if (isAlias(node, initializers, outputs)) {
                out.addInitializer(initializers.get(node.getInput(0)).toBuilder().setName(node.getOutput(0)));
                changed = true;
            } else {
                out.addNode(node);
            }
        }
        return changed ? model.toBuilder().setGraph(out).build() : model;
    }

    private static boolean isAlias(NodeProto node, Map<String, TensorProto> initializers, Set<String> outputs) {
        return node.getOpType().equals("Identity") && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"))
                && node.getInputCount() == 1 && initializers.containsKey(node.getInput(0))
                && !outputs.contains(node.getOutput(0));
    }
}
