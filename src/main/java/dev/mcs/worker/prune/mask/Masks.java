package dev.mcs.worker.prune.mask;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.shared.technique.OpTypes;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Masks by weight name (true = kept) and the model with the masked weights set to zero. */
public final class Masks {

    private Masks() {}

    public static ModelProto apply(ModelProto model, Map<String, boolean[]> masks) {
        Map<String, float[]> zeroed = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            boolean[] keep = masks.get(t.getName());
            if (keep != null) {
                float[] v = Weights.values(t);
                for (int k = 0; k < v.length; k++) {
                    if (!keep[k]) {
                        v[k] = 0f;
                    }
                }
                zeroed.put(t.getName(), v);
            }
        }
        return withWeights(model, zeroed);
    }

    /** The model with the named initializers' values replaced (same shapes). */
    static ModelProto withWeights(ModelProto model, Map<String, float[]> values) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            float[] v = values.get(g.getInitializer(i).getName());
            if (v != null) {
                g.setInitializer(i, Weights.with(g.getInitializer(i), v));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }

    /**
     * Whether {@code excludeNodes} names {@code node}: by its name, or by the label submission checks names against
     * ({@link OpTypes#label}: an unnamed node's first output), so every name a job was accepted with keeps its node.
     */
    static boolean excluded(NodeProto node, List<String> excludeNodes) {
        return excludeNodes.contains(node.getName()) || excludeNodes.contains(OpTypes.label(node.getName(),
                node.getOutputCount() > 0 ? node.getOutput(0) : null, node.getOpType()));
    }

    /** Keeps all but the {@code remove} entries of smallest score among {@code indices} of {@code score}. */
    static void dropLowest(float[] score, int[] indices, int remove, boolean[] keep) {
        if (remove <= 0) {
            return;
        }
        float[] values = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            values[i] = score[indices[i]];
        }
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        float threshold = sorted[Math.min(remove, sorted.length) - 1];
        int below = 0;
        for (float v : values) {
            below += v < threshold ? 1 : 0;
        }
        int ties = remove - below;
        for (int i = 0; i < indices.length; i++) {
            if (values[i] < threshold || (values[i] == threshold && ties-- > 0)) {
                keep[indices[i]] = false;
            }
        }
    }
}
