package dev.mcs.worker.train.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.HashSet;
import java.util.Set;

/**
 * Weights that exporters such as Paddle2ONNX store in {@code Constant} nodes instead of initializers: a Constant
 * holding a float tensor of more than one element becomes an initializer of the same name, so it trains like any
 * other weight and is written back as an initializer (an equivalent graph). Scalars and integer tensors stay
 * Constant nodes: they are settings and shapes, not weights.
 */
final class ConstantWeights {

    private ConstantWeights() {
    }

    static OnnxMl.ModelProto lift(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode();
        int lifted = 0;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            OnnxMl.TensorProto weight = weight(node);
            if (weight == null || graphOutputs.contains(node.getOutput(0))) {
                out.addNode(node);
            } else {
                out.addInitializer(weight.toBuilder().setName(node.getOutput(0)));
                lifted++;
            }
        }
        return lifted == 0 ? model : model.toBuilder().setGraph(out).build();
    }

    private static OnnxMl.TensorProto weight(OnnxMl.NodeProto node) {
        if (!node.getOpType().equals("Constant") || !(node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"))
                || node.getOutputCount() != 1 || node.getAttributeCount() != 1) {
            return null;
        }
        OnnxMl.AttributeProto a = node.getAttribute(0);
        if (!a.getName().equals("value") || !a.hasT() || !TensorProtos.isFloat(a.getT())) {
            return null;
        }
        long elements = a.getT().getDimsList().stream().mapToLong(Long::longValue).reduce(1, (x, y) -> x * y);
        return elements > 1 ? a.getT() : null;
    }
}
