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
        Graph graph = new Graph(model.getGraph());
        List<TensorProto> weights = weights(graph, params.opTypes(), params.excludeNodes());
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        if (params.scope().equals("layer")) {
            for (TensorProto w : weights) {
                float[] abs = abs(Weights.values(w));
                boolean[] keep = allKept(abs.length);
                Masks.dropLowest(abs, IntStream.range(0, abs.length).toArray(), (int) (params.sparsity() * abs.length),
                        keep);
                masks.put(w.getName(), keep);
            }
            return masks;
        }
        return global(weights, params.sparsity());
    }

    private static Map<String, boolean[]> global(List<TensorProto> weights, double sparsity) {
        int total = weights.stream().mapToInt(w -> (int) Weights.count(w)).sum();
        float[] all = new float[total];
        int at = 0;
        for (TensorProto w : weights) {
            float[] abs = abs(Weights.values(w));
            System.arraycopy(abs, 0, all, at, abs.length);
            at += abs.length;
        }
        boolean[] keep = allKept(total);
        Masks.dropLowest(all, IntStream.range(0, total).toArray(), (int) (sparsity * total), keep);
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        at = 0;
        for (TensorProto w : weights) {
            int n = (int) Weights.count(w);
            masks.put(w.getName(), java.util.Arrays.copyOfRange(keep, at, at + n));
            at += n;
        }
        return masks;
    }

    /** The weight initializers (input 1, at least 2-D) of the selected nodes, each once. */
    static List<TensorProto> weights(Graph graph, List<String> opTypes, List<String> excludeNodes) {
        Map<String, TensorProto> found = new LinkedHashMap<>();
        for (NodeProto node : graph.proto().getNodeList()) {
            if (opTypes.contains(node.getOpType()) && !excludeNodes.contains(node.getName())
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
