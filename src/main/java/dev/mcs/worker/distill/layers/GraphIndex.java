package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who produces and who reads each tensor of a graph (nodes by their index), and which tensors are weights. */
final class GraphIndex {

    private final List<OnnxMl.NodeProto> nodes;
    private final Map<String, Integer> producers = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> weights = new HashSet<>();

    GraphIndex(OnnxMl.GraphProto graph) {
        this.nodes = graph.getNodeList();
        graph.getInitializerList().forEach(t -> weights.add(t.getName()));
        for (int i = 0; i < nodes.size(); i++) {
            OnnxMl.NodeProto node = nodes.get(i);
            for (String output : node.getOutputList()) {
                producers.put(output, i);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(i);
            }
            if (node.getOpType().equals("Constant")) {
                weights.add(node.getOutput(0));
            }
        }
    }

    List<OnnxMl.NodeProto> nodes() {
        return nodes;
    }

    OnnxMl.NodeProto node(int index) {
        return nodes.get(index);
    }

    List<OnnxMl.NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of()).stream().map(nodes::get).toList();
    }

    /** The node that computes {@code tensor}, or null for inputs and initializers. */
    OnnxMl.NodeProto producer(String tensor) {
        Integer index = producers.get(tensor);
        return index == null ? null : nodes.get(index);
    }

    /** An initializer or a Constant node's output. */
    boolean isWeight(String tensor) {
        return weights.contains(tensor);
    }

    /** The nodes that read, directly or not, any of {@code tensors}. */
    Set<Integer> descendants(Collection<String> tensors) {
        Set<Integer> seen = new HashSet<>();
        Deque<String> open = new ArrayDeque<>(tensors);
        while (!open.isEmpty()) {
            for (int reader : consumers.getOrDefault(open.poll(), List.of())) {
                if (seen.add(reader)) {
                    open.addAll(nodes.get(reader).getOutputList());
                }
            }
        }
        return seen;
    }

    /** The nodes any of {@code tensors} is computed from, directly or not. */
    Set<Integer> ancestors(Collection<String> tensors) {
        Set<Integer> seen = new HashSet<>();
        Deque<String> open = new ArrayDeque<>(tensors);
        while (!open.isEmpty()) {
            Integer producer = producers.get(open.poll());
            if (producer != null && seen.add(producer)) {
                open.addAll(nodes.get(producer).getInputList());
            }
        }
        return seen;
    }

    /** The nodes between two points of the residual stream: computed from {@code from} and needed for {@code to}. */
    Set<Integer> between(String from, String to) {
        Set<Integer> span = descendants(List.of(from));
        span.retainAll(ancestors(List.of(to)));
        return span;
    }
}
