package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who reads which tensor in the top-level graph, and which names subgraphs or graph outputs pin. */
public final class GraphUses {

    public final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
    public final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    /** Names that must survive whatever happens to the top-level nodes. */
    public final Set<String> pinned = new HashSet<>();

    public GraphUses(OnnxMl.GraphProto graph) {
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        graph.getOutputList().forEach(v -> pinned.add(v.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
            node.getAttributeList().forEach(this::pinSubgraphInputs);
        }
    }

    public Map<String, OnnxMl.TensorProto> initializers() {
        return initializers;
    }

    public Set<String> pinned() {
        return pinned;
    }

    /** The top-level nodes that read {@code name}, in graph order (a node reading it twice appears twice). */
    public List<OnnxMl.NodeProto> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /** A constant rank-2 float initializer, judged from its header without reading the data. */
    public boolean isFloatMatrix(String name) {
        OnnxMl.TensorProto t = initializers.get(name);
        return t != null && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() == 2
                && t.getDims(0) > 0 && t.getDims(1) > 0;
    }

    /** An embedding table: a float matrix that only Gather nodes read, and only as their data input. */
    public boolean isEmbeddingTable(String name) {
        if (!isFloatMatrix(name) || pinned.contains(name)) {
            return false;
        }
        for (OnnxMl.NodeProto node : consumers.getOrDefault(name, List.of())) {
            boolean onlyAsData = node.getInputList().lastIndexOf(name) == 0;
            if (!node.getOpType().equals("Gather") || !Protos.isDefaultDomain(node.getDomain()) || !onlyAsData) {
                return false;
            }
        }
        return true;
    }

    /** Subgraphs may read outer-scope initializers by name, so those must never be removed or re-typed. */
    private void pinSubgraphInputs(OnnxMl.AttributeProto attribute) {
        List<OnnxMl.GraphProto> graphs = new ArrayList<>(attribute.getGraphsList());
        if (attribute.hasG()) {
            graphs.add(attribute.getG());
        }
        for (OnnxMl.GraphProto g : graphs) {
            for (OnnxMl.NodeProto node : g.getNodeList()) {
                pinned.addAll(node.getInputList());
                node.getAttributeList().forEach(this::pinSubgraphInputs);
            }
        }
    }
}
