package dev.mcs.worker.quantize.smoothquant;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the MatMuls SmoothQuant can smooth, grouped by the activation they read (Q, K and V share one
 * X and so one set of factors), and how X / s can be produced: folded into the node that makes X, or
 * by an explicit Mul.
 */
final class SmoothGroups {

    /** How X / s enters the graph. */
    enum FoldKind {
        /** gamma and beta of a LayerNormalization, or of the decomposed Mul(gamma) + Add(beta) ending. */
        LAYER_NORM,
        /** the columns of the MatMul (and bias Add) producing X. */
        LINEAR,
        /** the value projection behind an attention context X (see {@link SmoothValuePath}). */
        VALUE,
        /** an inserted Mul by 1/s: costs an elementwise op at run time. */
        MUL
    }

    /**
     * @param activation X, the tensor every MatMul of the group reads as its first input
     * @param channels   K, the size of X's last axis and the rows of every weight
     * @param divided    initializers whose last axis is divided by s (empty for {@link FoldKind#MUL})
     */
    record Group(String activation, int channels, List<OnnxMl.NodeProto> matMuls, FoldKind fold,
                 List<String> divided) {
    }

    private final GraphUses uses;
    private final OnnxDynamicQuantizer.Options options;
    private final Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
    private final SmoothValuePath valuePath;

    private SmoothGroups(OnnxMl.GraphProto graph, GraphUses uses, OnnxDynamicQuantizer.Options options) {
        this.uses = uses;
        this.options = options;
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        this.valuePath = new SmoothValuePath(uses, producers);
    }

    static List<Group> find(OnnxMl.GraphProto graph, GraphUses uses, OnnxDynamicQuantizer.Options options) {
        return new SmoothGroups(graph, uses, options).find(graph);
    }

    private List<Group> find(OnnxMl.GraphProto graph) {
        Map<String, List<OnnxMl.NodeProto>> byActivation = new LinkedHashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (isSmoothable(node)) {
                byActivation.computeIfAbsent(node.getInput(0), k -> new ArrayList<>()).add(node);
            }
        }
        List<Group> groups = new ArrayList<>();
        byActivation.forEach((x, nodes) -> groups.add(group(x, nodes)));
        return groups;
    }

    /** A quantizable MatMul with its own weight, reading an activation (not a constant). */
    private boolean isSmoothable(OnnxMl.NodeProto node) {
        if (!node.getOpType().equals("MatMul") || !Protos.isDefaultDomain(node.getDomain())
                || node.getInputCount() != 2 || !options.opTypes().contains("MatMul")
                || options.excludeNodes().contains(Protos.label(node))) {
            return false;
        }
        String w = node.getInput(1);
        return uses.isFloatMatrix(w) && ownedBy(w, node) && !uses.initializers().containsKey(node.getInput(0));
    }

    private Group group(String x, List<OnnxMl.NodeProto> nodes) {
        int k = (int) uses.initializers().get(nodes.get(0).getInput(1)).getDims(0);
        if (!onlyReadBy(x, nodes)) {
            return new Group(x, k, List.copyOf(nodes), FoldKind.MUL, List.of());
        }
        List<String> divided = foldTargets(producers.get(x), k);
        if (divided.isEmpty()) {
            String value = valuePath.valueOf(x, k);
            List<String> viaValue = value == null ? List.of() : foldTargets(producers.get(value), k);
            return new Group(x, k, List.copyOf(nodes), viaValue.isEmpty() ? FoldKind.MUL : FoldKind.VALUE, viaValue);
        }
        FoldKind kind = producers.get(x).getOpType().equals("MatMul") || isLinearAdd(producers.get(x), k)
                ? FoldKind.LINEAR : FoldKind.LAYER_NORM;
        return new Group(x, k, List.copyOf(nodes), kind, divided);
    }

    /** Folding changes X itself, so nothing but the group may read it (a residual Add would break). */
    private boolean onlyReadBy(String x, List<OnnxMl.NodeProto> nodes) {
        return !uses.pinned().contains(x) && uses.consumers(x).size() == nodes.size()
                && nodes.containsAll(uses.consumers(x));
    }

    private List<String> foldTargets(OnnxMl.NodeProto producer, int k) {
        if (producer == null) {
            return List.of();
        }
        if (producer.getOpType().equals("LayerNormalization") && producer.getInputCount() >= 2) {
            List<String> targets = new ArrayList<>();
            for (int i = 1; i < Math.min(3, producer.getInputCount()); i++) {
                if (!isOwnedVector(producer.getInput(i), producer, k)) {
                    return List.of();
                }
                targets.add(producer.getInput(i));
            }
            return targets;
        }
        if (producer.getOpType().equals("MatMul") && isFoldableMatMul(producer, k)) {
            return List.of(producer.getInput(1));
        }
        return producer.getOpType().equals("Add") ? addTargets(producer, k) : List.of();
    }

    /** Add(const beta, Mul(·, const gamma)) or Add(const bias, MatMul(·, W)): both absorb 1/s. */
    private List<String> addTargets(OnnxMl.NodeProto add, int k) {
        for (int i = 0; i < 2 && add.getInputCount() == 2; i++) {
            String bias = add.getInput(i);
            OnnxMl.NodeProto inner = producers.get(add.getInput(1 - i));
            if (!isOwnedVector(bias, add, k) || inner == null || uses.consumers(inner.getOutput(0)).size() != 1) {
                continue;
            }
            if (inner.getOpType().equals("MatMul") && isFoldableMatMul(inner, k)) {
                return List.of(inner.getInput(1), bias);
            }
            String gamma = inner.getOpType().equals("Mul") ? vectorInput(inner, k) : null;
            if (gamma != null) {
                return List.of(gamma, bias);
            }
        }
        return List.of();
    }

    private boolean isLinearAdd(OnnxMl.NodeProto producer, int k) {
        List<String> targets = producer.getOpType().equals("Add") ? addTargets(producer, k) : List.of();
        return !targets.isEmpty() && uses.isFloatMatrix(targets.get(0));
    }

    private String vectorInput(OnnxMl.NodeProto mul, int k) {
        for (String input : mul.getInputList()) {
            if (isOwnedVector(input, mul, k)) {
                return input;
            }
        }
        return null;
    }

    private boolean isFoldableMatMul(OnnxMl.NodeProto matMul, int k) {
        String w = matMul.getInput(1);
        return matMul.getInputCount() == 2 && uses.isFloatMatrix(w) && ownedBy(w, matMul)
                && uses.initializers().get(w).getDims(1) == k;
    }

    /** A float initializer of shape [k] that only {@code node} reads. */
    private boolean isOwnedVector(String name, OnnxMl.NodeProto node, int k) {
        OnnxMl.TensorProto t = uses.initializers().get(name);
        return t != null && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() == 1
                && t.getDims(0) == k && ownedBy(name, node);
    }

    private boolean ownedBy(String initializer, OnnxMl.NodeProto node) {
        List<OnnxMl.NodeProto> readers = uses.consumers(initializer);
        return !uses.pinned().contains(initializer) && readers.size() == 1 && readers.get(0) == node;
    }
}
