package dev.mcs.worker.prune.mask;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.prune.MagnitudeParams;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code magnitude}: the weights of smallest absolute value set to zero, per tensor ({@code layer}) or over all
 * pruned tensors together ({@code global}). Biases and normalization parameters are never pruned.
 */
public final class MagnitudeMasks {

    private MagnitudeMasks() {}

    /** Masks (true = kept) of the weights the parameters select; empty when none matches. */
    public static Map<String, boolean[]> masks(ModelProto model, MagnitudeParams params) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (TensorProto w : weights(new Graph(model.getGraph()), params.opTypes(), params.excludeNodes())) {
            values.put(w.getName(), Weights.values(w));
        }
        return choose(values, params.sparsity(), params.scope());
    }

    /**
     * Masks (true = kept) of {@code weights} by name: the {@code sparsity} share of smallest absolute value dropped
     * in each weight (scope {@code layer}) or over all of them together ({@code global}).
     */
    public static Map<String, boolean[]> choose(Map<String, float[]> weights, double sparsity, String scope) {
        if (!scope.equals("layer")) {
            return global(weights, sparsity);
        }
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        weights.forEach((name, values) -> {
            float[] abs = abs(values);
            boolean[] keep = allKept(abs.length);
            Masks.dropLowest(abs, IntStream.range(0, abs.length).toArray(), (int) (sparsity * abs.length), keep);
            masks.put(name, keep);
        });
        return masks;
    }

    private static Map<String, boolean[]> global(Map<String, float[]> weights, double sparsity) {
        int total = weights.values().stream().mapToInt(w -> w.length).sum();
        float[] all = new float[total];
        int at = 0;
        for (float[] w : weights.values()) {
            System.arraycopy(abs(w), 0, all, at, w.length);
            at += w.length;
        }
        boolean[] keep = allKept(total);
        Masks.dropLowest(all, IntStream.range(0, total).toArray(), (int) (sparsity * total), keep);
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        at = 0;
        for (Map.Entry<String, float[]> w : weights.entrySet()) {
            int n = w.getValue().length;
            masks.put(w.getKey(), java.util.Arrays.copyOfRange(keep, at, at + n));
            at += n;
        }
        return masks;
    }

    /** The weight initializers (input 1, at least 2-D) of the selected nodes, each once. */
    static List<TensorProto> weights(Graph graph, List<String> opTypes, List<String> excludeNodes) {
        Map<String, TensorProto> found = new LinkedHashMap<>();
        for (NodeProto node : graph.proto().getNodeList()) {
            if (opTypes.contains(node.getOpType()) && !Masks.excluded(node, excludeNodes)
                    && node.getInputCount() > 1) {
                graph.weight(node.getInput(1)).filter(t -> t.getDimsCount() >= 2)
                        .ifPresent(t -> found.putIfAbsent(t.getName(), t));
            }
        }
        return new ArrayList<>(found.values());
    }

    private static float[] abs(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    static boolean[] allKept(int n) {
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        return keep;
    }
}
