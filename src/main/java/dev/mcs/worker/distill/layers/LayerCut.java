package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A student that keeps some of an encoder's layers: the other layers' nodes are removed, each kept layer reads the
 * previous kept layer's output (the first reads the embeddings'), and whatever read the last layer's output reads the
 * last kept layer's. Weights are the teacher's, unchanged; what nothing reads any more is dropped.
 */
public final class LayerCut {

    private LayerCut() {}

    /**
     * @param keep layer indices, ascending, each once, within the encoder's layers
     * @throws IllegalArgumentException naming the problem when {@code keep} does not fit the encoder
     */
    public static OnnxMl.ModelProto keep(OnnxMl.ModelProto teacher, EncoderLayers encoder, List<Integer> keep) {
        check(encoder, keep);
        OnnxMl.GraphProto graph = teacher.getGraph();
        GraphIndex index = new GraphIndex(graph);
        Plan plan = plan(index, encoder, keep);
        String last = encoder.layers().get(encoder.count() - 1).output();
        List<OnnxMl.NodeProto> nodes = rewired(index, plan, last);
        if (!last.equals(plan.lastKept()) && graph.getOutputList().stream().anyMatch(o -> o.getName().equals(last))) {
            nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("kept_layers_output")
                    .addInput(plan.lastKept()).addOutput(last).build());
        }
        return teacher.toBuilder().setGraph(Pruning.unused(graph.toBuilder().clearNode().addAllNode(nodes).build()))
                .build();
    }

    /**
     * What changes: the dropped layers' nodes, and per node of a kept layer, its old input renamed to its new one.
     *
     * @param dropped node indices to remove
     * @param renames per node index, tensor renames
     * @param lastKept the last kept layer's output
     */
    private record Plan(Set<Integer> dropped, Map<Integer, Map<String, String>> renames, String lastKept) {}

    private static Plan plan(GraphIndex index, EncoderLayers encoder, List<Integer> keep) {
        Set<Integer> dropped = new HashSet<>();
        Map<Integer, Map<String, String>> renames = new HashMap<>();
        String feed = encoder.layers().get(0).input();
        for (int i = 0; i < encoder.count(); i++) {
            EncoderLayers.Layer layer = encoder.layers().get(i);
            Set<Integer> nodes = index.between(layer.input(), layer.output());
            if (!keep.contains(i)) {
                dropped.addAll(nodes);
                continue;
            }
            for (int n : nodes) {
                renames.computeIfAbsent(n, k -> new HashMap<>()).put(layer.input(), feed);
            }
            feed = layer.output();
        }
        return new Plan(dropped, renames, feed);
    }

    public static void check(EncoderLayers encoder, List<Integer> keep) {
        if (keep == null || keep.isEmpty()) {
            throw new IllegalArgumentException("'keep' must name at least one of the teacher's " + encoder.count()
                    + " layers");
        }
        for (int i = 0; i < keep.size(); i++) {
            int layer = keep.get(i);
            if (layer < 0 || layer >= encoder.count()) {
                throw new IllegalArgumentException("'keep' names layer " + layer + ", but the teacher has "
                        + encoder.count() + " layers (0 to " + (encoder.count() - 1) + ")");
            }
            if (i > 0 && layer <= keep.get(i - 1)) {
                throw new IllegalArgumentException("'keep' must list layers in ascending order, each once, got " + keep);
            }
        }
    }

    /** The remaining nodes with kept layers reading their new inputs and later readers reading the new last output. */
    private static List<OnnxMl.NodeProto> rewired(GraphIndex index, Plan plan, String last) {
        List<OnnxMl.NodeProto> out = new ArrayList<>();
        for (int n = 0; n < index.nodes().size(); n++) {
            if (plan.dropped().contains(n)) {
                continue;
            }
            Map<String, String> rename = plan.renames().getOrDefault(n, Map.of(last, plan.lastKept()));
            OnnxMl.NodeProto.Builder node = index.node(n).toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                node.setInput(i, rename.getOrDefault(node.getInput(i), node.getInput(i)));
            }
            out.add(node.build());
        }
        return out;
    }
}
