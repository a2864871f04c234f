package dev.mcs.worker.prune.recovery;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.HashMap;
import java.util.Map;

/**
 * A masked weight W is read through {@code Mul(W, mask)}: the gradient of a masked entry is zero, so whatever the
 * optimizer does to W there, the product stays zero; {@link #fold} writes W x mask back and removes the Mul.
 */
final class MaskedGraph {

    static final String MASK = "__prune_mask";
    private static final String MASKED = "__prune_masked";

    private MaskedGraph() {}

    /** The model reading each masked weight (by name: true = kept) through a frozen mask. */
    static ModelProto wrap(ModelProto model, Map<String, boolean[]> masks) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        Map<String, TensorProto> byName = new HashMap<>();
        g.getInitializerList().forEach(t -> byName.put(t.getName(), t));
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder node = g.getNode(i).toBuilder();
            for (int k = 0; k < node.getInputCount(); k++) {
                if (masks.containsKey(node.getInput(k))) {
                    node.setInput(k, node.getInput(k) + MASKED);
                }
            }
            g.setNode(i, node);
        }
        masks.forEach((name, keep) -> {
            float[] m = new float[keep.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = keep[i] ? 1f : 0f;
            }
            g.addInitializer(Weights.with(byName.get(name).toBuilder().setName(name + MASK).build(), m));
            g.addNode(0, NodeProto.newBuilder().setOpType("Mul").setName(name + MASKED).addInput(name)
                    .addInput(name + MASK).addOutput(name + MASKED));
        });
        return model.toBuilder().setGraph(g).build();
    }

    /** The trained model with each mask multiplied into its weight and the Mul nodes gone. */
    static ModelProto fold(ModelProto trained) {
        GraphProto.Builder g = trained.getGraph().toBuilder().clearInitializer();
        Map<String, TensorProto> byName = new HashMap<>();
        trained.getGraph().getInitializerList().forEach(t -> byName.put(t.getName(), t));
        for (TensorProto t : trained.getGraph().getInitializerList()) {
            if (t.getName().endsWith(MASK)) {
                continue;
            }
            TensorProto mask = byName.get(t.getName() + MASK);
            g.addInitializer(mask == null ? t : Weights.with(t, times(Weights.values(t), Weights.values(mask))));
        }
        for (int i = g.getNodeCount() - 1; i >= 0; i--) {
            if (g.getNode(i).getOpType().equals("Mul") && g.getNode(i).getOutput(0).endsWith(MASKED)) {
                g.removeNode(i);
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder node = g.getNode(i).toBuilder();
            for (int k = 0; k < node.getInputCount(); k++) {
                String in = node.getInput(k);
                if (in.endsWith(MASKED)) {
                    node.setInput(k, in.substring(0, in.length() - MASKED.length()));
                }
            }
            g.setNode(i, node);
        }
        return trained.toBuilder().setGraph(g).build();
    }

    private static float[] times(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }
}
