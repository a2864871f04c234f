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
        Set<String> read = new HashSet<>();
        Set<OnnxMl.NodeProto> needed = needed(graph, read);
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

    /** The nodes the graph outputs are computed from; every tensor they read is added to {@code read}. */
    private static Set<OnnxMl.NodeProto> needed(OnnxMl.GraphProto graph, Set<String> read) {
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        Set<OnnxMl.NodeProto> needed = new HashSet<>();
        Deque<String> open = new ArrayDeque<>(graph.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        while (!open.isEmpty()) {
            String tensor = open.poll();
            OnnxMl.NodeProto producer = producers.get(tensor);
            if (read.add(tensor) && producer != null && needed.add(producer)) {
                open.addAll(producer.getInputList());
            }
        }
        return needed;
    }
}
