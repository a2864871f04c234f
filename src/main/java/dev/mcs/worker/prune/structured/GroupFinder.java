package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the prunable groups of a graph by structure: every Conv, Gemm or MatMul with a weight initializer is a
 * candidate producer, and {@link UnitTrace} follows its output to the layers that read it. A candidate whose trace
 * meets anything it cannot cut is skipped with its reason, so a graph with no group can say why.
 */
final class GroupFinder {

    private final Graph graph;
    private final Map<String, NodeProto> constants = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private boolean streamsLeft;

    GroupFinder(Graph graph) {
        this.graph = graph;
        for (NodeProto node : graph.proto().getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                constants.put(node.getOutput(0), node);
            }
            node.getOutputList().forEach(output -> producers.put(output, node));
        }
    }

    /**
     * Groups of the kinds asked for. An initializer axis belongs to one group at most (the first found); one weight
     * may be cut along two axes by two groups (a Conv's outputs by its own group, its inputs by the previous one).
     */
    List<PrunableGroup> find(Set<String> kinds) {
        return find(kinds, false);
    }

    /**
     * @param joinStreams whether a Conv whose channels meet a residual stream joins every Conv that writes the stream
     *     into one group ({@link ResidualStreams}); a writer already joined starts no group of its own
     */
    List<PrunableGroup> find(Set<String> kinds, boolean joinStreams) {
        List<PrunableGroup> groups = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        Set<String> joined = new java.util.HashSet<>();
        if (kinds.contains(PruningGroups.HEADS)) {
            HeadFinder heads = new HeadFinder(graph);
            for (PrunableGroup group : heads.find()) {
                group.cuts().forEach(c -> taken.add(c.initializer() + "#" + c.axis()));
                groups.add(group);
            }
            skipped.addAll(heads.skipped());
        }
        for (NodeProto node : graph.proto().getNodeList()) {
            Optional<Start> start = start(node);
            if (start.isEmpty() || !kinds.contains(start.get().kind())
                    || joined.contains(start.get().cuts().get(0).initializer())) {
                continue;
            }
            try {
                PrunableGroup group = trace(start.get(), joinStreams);
                if (group.cuts().stream().anyMatch(c -> taken.contains(c.initializer() + "#" + c.axis()))) {
                    throw new NotPrunable("a weight it needs to cut is already cut along the same axis by another"
                            + " group");
                }
                group.cuts().forEach(c -> taken.add(c.initializer() + "#" + c.axis()));
                group.writers().forEach(w -> joined.add(w.initializer()));
                groups.add(group);
            } catch (NotPrunable e) {
                skipped.add(Graph.label(node) + ": " + e.getMessage());
            }
        }
        return groups;
    }

    private PrunableGroup trace(Start start, boolean joinStreams) throws NotPrunable {
        try {
            return new UnitTrace(this, start).trace();
        } catch (MeetsOutside e) {
            if (!joinStreams) {
                streamsLeft |= start.kind().equals(PruningGroups.CHANNELS);
                throw e;
            }
            if (!start.kind().equals(PruningGroups.CHANNELS)) {
                throw new NotPrunable(e.getMessage() + "; residualStreams 'prune' joins only streams written by"
                        + " Convs (a transformer's hidden size, tied by LayerNormalization, stays)");
            }
            return ResidualStreams.joined(this, start, e);
        }
    }

    /** Whether a Conv's channels were left alone because they meet a residual stream that could be joined. */
    boolean streamsLeft() {
        return streamsLeft;
    }

    /** Why each candidate producer was left alone. */
    List<String> skipped() {
        return skipped;
    }

    Graph graph() {
        return graph;
    }

    /** A scalar: an initializer or Constant of at most one element. */
    boolean isScalar(String name) {
        if (name.isEmpty()) {
            return true;
        }
        TensorProto t = graph.initializers().get(name);
        if (t == null && constants.containsKey(name)) {
            t = Graph.attribute(constants.get(name), "value").map(a -> a.getT()).orElse(null);
        }
        return t != null && Weights.count(t) <= 1;
    }

    /** The node that writes a tensor; empty for graph inputs and initializers. */
    Optional<NodeProto> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** The values of an int64 initializer or Constant (pads, axes); empty when it is neither. */
    Optional<long[]> int64s(String name) {
        TensorProto t = graph.initializers().get(name);
        if (t == null && constants.containsKey(name)) {
            t = Graph.attribute(constants.get(name), "value").map(a -> a.getT()).orElse(null);
        }
        if (t == null || t.getDataType() != TensorProto.DataType.INT64_VALUE) {
            return Optional.empty();
        }
        if (t.getRawData().isEmpty()) {
            return Optional.of(t.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
        }
        long[] out = new long[(int) Weights.count(t)];
        t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return Optional.of(out);
    }

    /** A producer: where a group starts. */
    record Start(String kind, NodeProto node, int units, int fromEnd, List<Cut> cuts) {}

    Optional<Start> start(NodeProto node) {
        return switch (node.getOpType()) {
            case "Conv" -> conv(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            default -> Optional.empty();
        };
    }

    private Optional<Start> conv(NodeProto node) {
        Optional<TensorProto> w = graph.weight(node.getInput(1));
        if (w.isEmpty() || Graph.intAttribute(node, "group", 1) != 1 || graph.isInitializer(node.getInput(0))) {
            return Optional.empty();
        }
        int units = (int) w.get().getDims(0);
        List<Cut> cuts = new ArrayList<>(List.of(new Cut(node.getInput(1), 0, 1)));
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            cuts.add(new Cut(node.getInput(2), 0, 1));
        }
        return Optional.of(new Start(PruningGroups.CHANNELS, node, units, -(w.get().getDimsCount() - 1), cuts));
    }

    private Optional<Start> gemm(NodeProto node) {
        Optional<TensorProto> w = graph.weight(node.getInput(1));
        if (w.isEmpty() || w.get().getDimsCount() != 2 || Graph.intAttribute(node, "transA", 0) != 0
                || graph.isInitializer(node.getInput(0))) {
            return Optional.empty();
        }
        boolean transB = Graph.intAttribute(node, "transB", 0) != 0;
        int units = (int) w.get().getDims(transB ? 0 : 1);
        List<Cut> cuts = new ArrayList<>(List.of(new Cut(node.getInput(1), transB ? 0 : 1, 1)));
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty() && !isScalar(node.getInput(2))) {
            Optional<TensorProto> c = graph.weight(node.getInput(2));
            if (c.isEmpty() || Weights.count(c.get()) != units) {
                return Optional.empty();
            }
            cuts.add(new Cut(node.getInput(2), c.get().getDimsCount() - 1, 1));
        }
        return Optional.of(new Start(PruningGroups.FFN, node, units, -1, cuts));
    }

    private Optional<Start> matMul(NodeProto node) {
        Optional<TensorProto> w = graph.weight(node.getInput(1));
        if (w.isEmpty() || w.get().getDimsCount() != 2 || graph.isInitializer(node.getInput(0))) {
            return Optional.empty();
        }
        int units = (int) w.get().getDims(1);
        return Optional.of(new Start(PruningGroups.FFN, node, units, -1, List.of(new Cut(node.getInput(1), 1, 1))));
    }

    /** A candidate that cannot be pruned, with the reason. */
    static class NotPrunable extends Exception {
        NotPrunable(String message) {
            super(message, null, false, false);
        }
    }
}
