package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One forward pass: runs the planned nodes on the fed tensors and the model's weights. Every computed tensor is
 * attached to the caller's {@code scope} (so nothing lands in the model's own manager), and an intermediate is
 * closed after its last reader unless the caller asked for it; autograd keeps what backward needs on its own.
 */
final class GraphRun {

    private final GraphPlan plan;
    private final Map<String, NDArray> weights;
    private final Set<NDArray> weightArrays;
    private final long opset;

    GraphRun(GraphPlan plan, Map<String, NDArray> weights, long opset) {
        this.plan = plan;
        this.weights = weights;
        this.weightArrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        this.weightArrays.addAll(weights.values());
        this.opset = opset;
    }

    Map<String, NDArray> run(NDManager scope, Map<String, NDArray> feed, List<String> wanted) {
        Set<String> keep = Set.copyOf(wanted);
        Map<String, NDArray> computed = new HashMap<>();
        List<OnnxMl.NodeProto> order = plan.order();
        for (int step = 0; step < order.size(); step++) {
            OnnxMl.NodeProto node = order.get(step);
            List<NDArray> inputs = new ArrayList<>(node.getInputCount());
            for (String name : node.getInputList()) {
                inputs.add(name.isEmpty() ? null : value(name, feed, computed));
            }
            try (NDManager nodeScope = scope.newSubManager()) {
                lendWeights(inputs, nodeScope);
                store(node, execute(new NodeCall(node, inputs, opset, scope)), inputs, scope, computed);
            }
            release(node, step, keep, computed);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : wanted) {
            out.put(name, value(name, feed, computed));
        }
        return out;
    }

    /**
     * DJL attaches a result to its first operand's manager, so temporaries computed from weights alone (a
     * transposed Gemm weight, BatchNormalization's folded scale) would pile up in the model's manager on every
     * pass. While the node runs its weights are lent to a per-node manager, which frees such temporaries and
     * gives the weights back when it closes.
     */
    private void lendWeights(List<NDArray> inputs, NDManager nodeScope) {
        java.util.Set<NDArray> lent = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (NDArray input : inputs) {
            if (input != null && weightArrays.contains(input) && lent.add(input)) {
                input.tempAttach(nodeScope);
            }
        }
    }

    private NDArray value(String name, Map<String, NDArray> feed, Map<String, NDArray> computed) {
        NDArray v = computed.get(name);
        if (v == null) {
            v = feed.get(name);
        }
        if (v == null) {
            v = weights.get(name);
        }
        if (v == null) {
            throw new OnnxExecutionException("tensor '" + name + "' is neither fed, a weight, nor computed");
        }
        return v;
    }

    private static NDList execute(NodeCall call) {
        try {
            return OperatorRegistry.find(call.node().getOpType()).apply(call);
        } catch (OnnxExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OnnxExecutionException(call.label() + " failed: " + e.getMessage(), e);
        }
    }

    private static void store(OnnxMl.NodeProto node, NDList results, List<NDArray> inputs, NDManager scope,
            Map<String, NDArray> computed) {
        for (int i = 0; i < node.getOutputCount() && i < results.size(); i++) {
            NDArray result = results.get(i);
            // An operator may hand back one of its inputs; a copy keeps freeing one from freeing the other.
            NDArray own = inputs.stream().anyMatch(in -> in == result) ? result.duplicate() : result;
            own.attach(scope);
            if (!node.getOutput(i).isEmpty()) {
                computed.put(node.getOutput(i), own);
            }
        }
    }

    private void release(OnnxMl.NodeProto node, int step, Set<String> keep, Map<String, NDArray> computed) {
        for (String name : node.getInputList()) {
            if (!keep.contains(name) && plan.lastUse().getOrDefault(name, -1) == step) {
                NDArray done = computed.remove(name);
                if (done != null) {
                    done.close();
                }
            }
        }
    }
}
