package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.util.HashSet;
import java.util.Set;

/** Every tensor and node name in a graph and its subgraphs, so that added names never collide. */
public final class NameScope {

    private final Set<String> taken = new HashSet<>();

    public NameScope(OnnxMl.GraphProto graph) {
        collect(graph);
    }

    /** {@code base} itself when free, otherwise {@code base_1}, {@code base_2}, … */
    public String fresh(String base) {
        String name = base;
        for (int i = 1; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private void collect(OnnxMl.GraphProto graph) {
        graph.getInitializerList().forEach(t -> taken.add(t.getName()));
        graph.getInputList().forEach(v -> taken.add(v.getName()));
        graph.getOutputList().forEach(v -> taken.add(v.getName()));
        graph.getValueInfoList().forEach(v -> taken.add(v.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            taken.add(node.getName());
            taken.addAll(node.getInputList());
            taken.addAll(node.getOutputList());
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    collect(a.getG());
                }
                a.getGraphsList().forEach(this::collect);
            }
        }
    }
}
