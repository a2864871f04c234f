package dev.mcs.worker.train.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes of a graph in an order where every input is computed before use (ONNX asks exporters for that order;
 * it is checked and restored here), and for each tensor the step after which nothing reads it, so a forward pass
 * can free intermediates early.
 */
record GraphPlan(List<OnnxMl.NodeProto> order, Map<String, Integer> lastUse) {

    static GraphPlan of(OnnxMl.GraphProto graph, Set<String> available) {
        List<OnnxMl.NodeProto> order = topological(graph.getNodeList(), available);
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (String input : order.get(i).getInputList()) {
                lastUse.put(input, i);
            }
        }
        return new GraphPlan(List.copyOf(order), Map.copyOf(lastUse));
    }

    private static List<OnnxMl.NodeProto> topological(List<OnnxMl.NodeProto> nodes, Set<String> available) {
        Map<String, List<Integer>> consumers = new HashMap<>();
        int[] waiting = new int[nodes.size()];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<String> pending = new HashSet<>();
            for (String input : nodes.get(i).getInputList()) {
                if (!input.isEmpty() && !available.contains(input) && pending.add(input)) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(i);
                }
            }
            waiting[i] = pending.size();
            if (pending.isEmpty()) {
                ready.add(i);
            }
        }
        List<OnnxMl.NodeProto> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            OnnxMl.NodeProto node = nodes.get(ready.poll());
            order.add(node);
            for (String output : node.getOutputList()) {
                for (int consumer : consumers.getOrDefault(output, List.of())) {
                    if (--waiting[consumer] == 0) {
                        ready.add(consumer);
                    }
                }
            }
        }
        if (order.size() != nodes.size()) {
            throw new OnnxExecutionException("the graph has a cycle or reads tensors nothing produces ("
                    + (nodes.size() - order.size()) + " nodes cannot run)");
        }
        return order;
    }
}
