package dev.mcs.worker.prune.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A read-only index of a top-level graph: initializers by name, the nodes that read each tensor, graph outputs. */
public final class Graph {

    private final GraphProto proto;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, List<NodeProto>> readers = new HashMap<>();
    private final Set<String> outputs = new HashSet<>();

    public Graph(GraphProto proto) {
        this.proto = proto;
        proto.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (NodeProto node : proto.getNodeList()) {
            for (String input : node.getInputList()) {
                if (!input.isEmpty()) {
                    readers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                }
            }
        }
        proto.getOutputList().forEach(v -> outputs.add(v.getName()));
    }

    public GraphProto proto() {
        return proto;
    }

    public List<NodeProto> readers(String tensor) {
        return readers.getOrDefault(tensor, List.of());
    }

    public boolean isOutput(String tensor) {
        return outputs.contains(tensor);
    }

    /** A float initializer of that name, if the input is one. */
    public Optional<TensorProto> weight(String name) {
        TensorProto t = initializers.get(name);
        return t != null && Weights.isFloat(t) ? Optional.of(t) : Optional.empty();
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    public Map<String, TensorProto> initializers() {
        return initializers;
    }

    public static long intAttribute(NodeProto node, String name, long fallback) {
        return attribute(node, name).map(AttributeProto::getI).orElse(fallback);
    }

    public static Optional<AttributeProto> attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    /** A node's name for messages: its name, else its op type and first output. */
    public static String label(NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() + "(" + node.getOutput(0) + ")" : node.getName();
    }
}
