package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes nodes whose inputs are all constants, for the few operators whose result here is bit-identical to
 * ONNX Runtime's ({@link FoldOps}), and stores the results as initializers. A weight that an exporter wrote as
 * {@code Transpose(W)} or {@code Reshape(W)} is then a plain initializer the methods can quantize. Anything else
 * is left to the runtime. Initializers nothing reads any more are dropped.
 */
final class ConstantFolder {

    record Result(OnnxMl.GraphProto graph, int folded) {
    }

    private ConstantFolder() {
    }

    static Result fold(OnnxMl.GraphProto graph) {
        Map<String, OnnxMl.TensorProto> constants = new HashMap<>();
        graph.getInitializerList().forEach(t -> constants.put(t.getName(), t));
        // An initializer that is also a graph input is only a default: the caller may feed another value.
        graph.getInputList().forEach(v -> constants.remove(v.getName()));
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        List<OnnxMl.NodeProto> kept = new ArrayList<>();
        List<OnnxMl.TensorProto> added = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            OnnxMl.TensorProto value = graphOutputs.contains(first(node)) ? null : FoldOps.compute(node, constants);
            if (value == null) {
                kept.add(node);
            } else {
                constants.put(value.getName(), value);
                added.add(value);
            }
        }
        if (added.isEmpty()) {
            return new Result(graph, 0);
        }
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(kept).addAllInitializer(added);
        return new Result(withoutUnusedInitializers(out.build()), added.size());
    }

    private static String first(OnnxMl.NodeProto node) {
        return node.getOutputCount() == 1 ? node.getOutput(0) : "";
    }

    private static OnnxMl.GraphProto withoutUnusedInitializers(OnnxMl.GraphProto graph) {
        Set<String> read = new HashSet<>();
        collectReads(graph, read);
        graph.getOutputList().forEach(v -> read.add(v.getName()));
        graph.getInputList().forEach(v -> read.add(v.getName()));
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearInitializer();
        graph.getInitializerList().stream().filter(t -> read.contains(t.getName())).forEach(out::addInitializer);
        return out.build();
    }

    /** Subgraphs may read outer-scope tensors by name, so their reads count too. */
    private static void collectReads(OnnxMl.GraphProto graph, Set<String> read) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            read.addAll(node.getInputList());
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    collectReads(a.getG(), read);
                }
                a.getGraphsList().forEach(g -> collectReads(g, read));
            }
        }
    }
}
