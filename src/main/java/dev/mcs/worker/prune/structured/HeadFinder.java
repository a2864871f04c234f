package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.prune.structured.GroupFinder.NotPrunable;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attention heads of BERT-family exports, found by the shape of multi-head attention: Q, K and V are each a MatMul
 * with a weight, a bias Add and a Reshape to [batch, seq, heads, headSize] whose target is a Concat ending in two
 * constants; the context (probabilities x V) is transposed back, reshaped by a Concat ending in heads x headSize, and
 * read by the output MatMul. A head is a block of headSize columns of W_Q, W_K, W_V (and their biases) and rows of
 * W_O; the heads constants become the kept count.
 */
final class HeadFinder {

    private final Graph graph;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final List<String> skipped = new ArrayList<>();

    HeadFinder(Graph graph) {
        this.graph = graph;
        graph.proto().getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
    }

    List<PrunableGroup> find() {
        List<PrunableGroup> groups = new ArrayList<>();
        for (NodeProto node : graph.proto().getNodeList()) {
            if (!node.getOpType().equals("MatMul") || graph.isInitializer(node.getInput(1))) {
                continue;
            }
            Optional<Projection> v = projection(node.getInput(1));
            if (v.isEmpty() || !fromSoftmax(node.getInput(0))) {
                continue;
            }
            try {
                groups.add(group(node, v.get()));
            } catch (NotPrunable e) {
                skipped.add(Graph.label(node) + ": " + e.getMessage());
            }
        }
        return groups;
    }

    List<String> skipped() {
        return skipped;
    }

    /** One of Q, K, V: its weight and bias, the Reshape's heads and head-size constants. */
    private record Projection(String weight, String bias, String heads, int headCount, int headSize) {}

    /** Transpose <- Reshape(Add(MatMul(x, W), b), Concat(.., [heads], [headSize])). */
    private Optional<Projection> projection(String transposed) {
        NodeProto t = producers.get(transposed);
        NodeProto r = t == null || !t.getOpType().equals("Transpose") ? null : producers.get(t.getInput(0));
        if (r == null || !r.getOpType().equals("Reshape")) {
            return Optional.empty();
        }
        NodeProto add = producers.get(r.getInput(0));
        NodeProto concat = producers.get(r.getInput(1));
        if (add == null || concat == null || !add.getOpType().equals("Add") || !concat.getOpType().equals("Concat")
                || concat.getInputCount() < 2) {
            return Optional.empty();
        }
        String heads = concat.getInput(concat.getInputCount() - 2);
        Optional<Long> h = constant(heads);
        Optional<Long> d = constant(concat.getInput(concat.getInputCount() - 1));
        String bias = graph.isInitializer(add.getInput(0)) ? add.getInput(0) : add.getInput(1);
        NodeProto matMul = producers.get(add.getInput(0).equals(bias) ? add.getInput(1) : add.getInput(0));
        if (h.isEmpty() || d.isEmpty() || matMul == null || !matMul.getOpType().equals("MatMul")
                || graph.weight(matMul.getInput(1)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Projection(matMul.getInput(1), bias, heads, (int) (long) h.get(), (int) (long) d.get()));
    }

    private PrunableGroup group(NodeProto context, Projection v) throws NotPrunable {
        NodeProto scores = scoresMatMul(context.getInput(0));
        Projection q = projection(scores.getInput(0)).orElseThrow(() -> new NotPrunable("no Q projection found"));
        Projection k = projection(scores.getInput(1)).orElseThrow(() -> new NotPrunable("no K projection found"));
        List<NodeProto> after = graph.readers(context.getOutput(0));
        NodeProto back = after.size() == 1 && after.get(0).getOpType().equals("Transpose") ? after.get(0) : null;
        List<NodeProto> reshapes = back == null ? List.of() : graph.readers(back.getOutput(0)).stream()
                .filter(n -> !readsLeadingDimsOnly(n)).toList();
        if (reshapes.size() != 1 || !reshapes.get(0).getOpType().equals("Reshape")) {
            throw new NotPrunable("the attention context is not transposed and reshaped back");
        }
        NodeProto merge = reshapes.get(0);
        NodeProto mergeShape = producers.get(merge.getInput(1));
        List<NodeProto> outputs = graph.readers(merge.getOutput(0));
        if (mergeShape == null || !mergeShape.getOpType().equals("Concat") || outputs.size() != 1
                || !outputs.get(0).getOpType().equals("MatMul") || graph.weight(outputs.get(0).getInput(1)).isEmpty()) {
            throw new NotPrunable("the merged heads are not read by one output MatMul");
        }
        return build(q, k, v, merge, mergeShape, outputs.get(0));
    }

    private PrunableGroup build(Projection q, Projection k, Projection v, NodeProto merge, NodeProto mergeShape,
            NodeProto output) throws NotPrunable {
        int h = v.headCount();
        int d = v.headSize();
        if (q.headCount() != h || k.headCount() != h || q.headSize() != d || k.headSize() != d || h < 2) {
            throw new NotPrunable("Q, K and V disagree on heads or head size");
        }
        String hidden = mergeShape.getInput(mergeShape.getInputCount() - 1);
        if (constant(hidden).filter(x -> x == (long) h * d).isEmpty()) {
            throw new NotPrunable("the merge reshape does not end in heads x head size");
        }
        List<Cut> cuts = new ArrayList<>();
        for (Projection p : List.of(q, k, v)) {
            cuts.add(new Cut(p.weight(), 1, d));
            cuts.add(new Cut(p.bias(), 0, d));
        }
        Cut wo = new Cut(output.getInput(1), 0, d);
        cuts.add(wo);
        List<PrunableGroup.Reshape> constants = List.of(new PrunableGroup.Reshape(q.heads(), 1),
                new PrunableGroup.Reshape(k.heads(), 1), new PrunableGroup.Reshape(v.heads(), 1),
                new PrunableGroup.Reshape(hidden, d));
        for (PrunableGroup.Reshape c : constants) {
            if (graph.readers(c.tensor()).size() != 1) {
                throw new NotPrunable("shape constant '" + c.tensor() + "' is shared");
            }
        }
        Terminal terminal = new Terminal(merge.getOutput(0), false, wo, DenseBias.of(graph, output,
                graph.weight(output.getInput(1)).orElseThrow().getDims(1)));
        return new PrunableGroup(PruningGroups.HEADS, Graph.label(output), h, new Cut(v.weight(), 1, d), cuts,
                List.of(), List.of(terminal), constants);
    }

    /** The attention probabilities: a Softmax, perhaps behind a Dropout or Cast. */
    private boolean fromSoftmax(String tensor) {
        NodeProto node = producers.get(tensor);
        for (int step = 0; node != null && step < 3; step++) {
            if (node.getOpType().equals("Softmax")) {
                return true;
            }
            node = producers.get(node.getInput(0));
        }
        return false;
    }

    /**
     * A Shape whose every reader gathers the batch or sequence dimension (index 0 or 1): exporters compute the merge
     * reshape's leading dimensions so, and removing heads does not change them.
     */
    private boolean readsLeadingDimsOnly(NodeProto node) {
        if (!node.getOpType().equals("Shape")) {
            return false;
        }
        for (NodeProto reader : graph.readers(node.getOutput(0))) {
            if (!reader.getOpType().equals("Gather") || constant(reader.getInput(1)).filter(i -> i == 0 || i == 1)
                    .isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Softmax <- Add(mask) <- Div/Mul(scalar) <- MatMul(Q, K^T), through any of the element-wise steps. */
    private NodeProto scoresMatMul(String probabilities) throws NotPrunable {
        NodeProto node = producers.get(probabilities);
        for (int step = 0; node != null && step < 4 && !node.getOpType().equals("MatMul"); step++) {
            node = producers.get(node.getInput(0));
        }
        if (node == null || !node.getOpType().equals("MatMul")) {
            throw new NotPrunable("no attention scores MatMul before the probabilities");
        }
        return node;
    }

    /** A one-element int64 value of a Constant node or initializer. */
    private Optional<Long> constant(String name) {
        TensorProto t = graph.initializers().get(name);
        NodeProto node = producers.get(name);
        if (t == null && node != null && node.getOpType().equals("Constant")) {
            t = Graph.attribute(node, "value").map(a -> a.getT()).orElse(null);
        }
        if (t == null || Weights.count(t) != 1 || t.getDataType() != TensorProto.DataType.INT64_VALUE) {
            return Optional.empty();
        }
        return Optional.of(t.getRawData().isEmpty() ? t.getInt64Data(0)
                : t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
}
