package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes from a graph the nodes, initializers and value infos that no graph output needs any more. */
final class Pruning {

    private Pruning() {}

    static OnnxMl.GraphProto unused(OnnxMl.GraphProto graph) {
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        Set<OnnxMl.NodeProto> needed = new HashSet<>();
        Set<String> read = new HashSet<>();
        Deque<String> open = new ArrayDeque<>(graph.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        while (!open.isEmpty()) {
            String tensor = open.poll();
            if (!read.add(tensor)) {
                continue;
            }
            OnnxMl.NodeProto producer = producers.get(tensor);
            if (producer != null && needed.add(producer)) {
                open.addAll(producer.getInputList());
            }
        }
        List<OnnxMl.NodeProto> nodes = graph.getNodeList().stream().filter(needed::contains).toList();
        Set<String> produced = new HashSet<>();
        nodes.forEach(n -> produced.addAll(n.getOutputList()));
        return graph.toBuilder().clearNode().addAllNode(nodes)
                .clearInitializer().addAllInitializer(graph.getInitializerList().stream()
                        .filter(t -> read.contains(t.getName())).toList())
                .clearValueInfo().addAllValueInfo(graph.getValueInfoList().stream()
                        .filter(v -> produced.contains(v.getName())).toList())
                .build();
    }
}
