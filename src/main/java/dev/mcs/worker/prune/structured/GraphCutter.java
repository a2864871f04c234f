package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the smaller graph: every initializer of a group keeps only its kept units, depthwise Convs get the kept
 * count as {@code group}, and intermediate shape annotations are dropped (ONNX Runtime infers them again). With
 * feature means, each removed feature's mean contribution is first folded into the reading layer's bias, so the
 * layer's output keeps its expected value (FLAP's bias compensation).
 */
final class GraphCutter {

    private GraphCutter() {}

    static ModelProto cut(ModelProto model, Graph graph, Map<PrunableGroup, int[]> kept,
            Map<String, FeatureStats.Stats> means) {
        Map<String, TensorProto> tensors = new HashMap<>(graph.initializers());
        if (means != null) {
            kept.forEach((group, units) -> compensate(group, units, tensors, means));
        }
        Map<String, Integer> groupAttribute = new HashMap<>();
        Map<String, Long> shapeValues = new HashMap<>();
        kept.forEach((group, units) -> {
            group.reshapes().forEach(r -> shapeValues.put(r.tensor(), (long) units.length * r.perUnit()));
            for (Cut cut : group.cuts()) {
                tensors.put(cut.initializer(), Slices.keep(tensors.get(cut.initializer()), cut, units));
            }
            group.depthwise().forEach(node -> groupAttribute.put(node, units.length));
        });
        GraphProto.Builder out = model.getGraph().toBuilder().clearInitializer().clearValueInfo();
        graph.proto().getInitializerList().forEach(t -> out.addInitializer(shapeValues.containsKey(t.getName())
                ? withLong(t, shapeValues.get(t.getName())) : tensors.get(t.getName())));
        for (int i = 0; i < out.getNodeCount(); i++) {
            NodeProto node = out.getNode(i);
            if (node.getOpType().equals("Constant") && shapeValues.containsKey(node.getOutput(0))) {
                out.setNode(i, withValue(node, shapeValues.get(node.getOutput(0))));
                continue;
            }
            if (node.getOpType().equals("Conv") && groupAttribute.containsKey(node.getOutput(0))) {
                out.setNode(i, withGroup(node, groupAttribute.get(node.getOutput(0))));
            }
        }
        return model.toBuilder().setGraph(out).build();
    }

    private static NodeProto withValue(NodeProto node, long value) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            if (b.getAttribute(i).getName().equals("value")) {
                b.setAttribute(i, b.getAttribute(i).toBuilder().setT(withLong(b.getAttribute(i).getT(), value)));
            }
        }
        return b.build();
    }

    private static TensorProto withLong(TensorProto t, long value) {
        return t.toBuilder().clearRawData().clearInt64Data().addInt64Data(value).build();
    }

    private static NodeProto withGroup(NodeProto node, int group) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            if (b.getAttribute(i).getName().equals("group")) {
                b.setAttribute(i, AttributeProto.newBuilder(b.getAttribute(i)).setI(group));
            }
        }
        return b.build();
    }

    private static void compensate(PrunableGroup group, int[] kept, Map<String, TensorProto> tensors,
            Map<String, FeatureStats.Stats> means) {
        boolean[] keep = new boolean[group.units()];
        for (int u : kept) {
            keep[u] = true;
        }
        for (Terminal terminal : group.terminals()) {
            if (terminal.bias() == null || !means.containsKey(terminal.probe())) {
                continue;
            }
            Cut w = terminal.weight();
            TensorProto weight = tensors.get(w.initializer());
            float[] values = Weights.values(weight);
            long[] dims = Weights.dims(weight);
            int outputs = (int) dims[1 - w.axis()];
            int features = (int) dims[w.axis()];
            FeatureStats.Stats stats = means.get(terminal.probe());
            TensorProto bias = tensors.get(terminal.bias());
            float[] b = Weights.values(bias);
            boolean[] keepFeature = new boolean[features];
            for (int f = 0; f < features; f++) {
                keepFeature[f] = keep[f / w.block()];
            }
            if (LeastSquaresRefit.appliesTo(terminal, means)) {
                LeastSquaresRefit.refit(values, w.axis(), features, outputs, keepFeature, stats, b);
                tensors.put(w.initializer(), Weights.with(weight, values));
            } else {
                shiftByMeans(values, w.axis(), features, outputs, keepFeature, stats.mean(), b);
            }
            tensors.put(terminal.bias(), Weights.with(bias, b));
        }
    }

    /** Adds each removed feature's mean contribution to the bias: the output keeps its expectation. */
    private static void shiftByMeans(float[] w, int axis, int features, int outputs, boolean[] keep, double[] mean,
            float[] bias) {
        for (int f = 0; f < features; f++) {
            if (keep[f]) {
                continue;
            }
            for (int j = 0; j < outputs; j++) {
                bias[j] += (float) (mean[f] * w[LeastSquaresRefit.index(axis, f, j, features, outputs)]);
            }
        }
    }
}
