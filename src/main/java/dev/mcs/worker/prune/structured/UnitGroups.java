package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The units of a graph's prunable groups as a penalty sees them (recovery's group lasso): each unit is the slices of
 * every trainable initializer that holds it, found by the same group discovery as {@code structured}; and the cut
 * that removes the units whose weights a penalty has brought to (nearly) zero, made by the same {@link GraphCutter}.
 */
public final class UnitGroups {

    /** Where a group's units lie in one initializer: unit u is the indices [u * block, (u + 1) * block) of axis. */
    public record Slice(String initializer, int axis, int block) {}

    /**
     * One prunable group.
     *
     * @param kind {@code channels}, {@code ffn} or {@code heads}
     * @param node the producing node
     * @param units how many units it has
     * @param slices the trainable initializers that hold them (BatchNorm running statistics left out: they are not
     *     weights, and shrinking a variance would divide by zero)
     */
    public record Group(String kind, String node, int units, List<Slice> slices) {}

    /**
     * A cut of negligible units.
     *
     * @param model the graph without them (the input itself when none was found)
     * @param groups every group: units before, units kept
     * @param zeroed per group's node, its units whose weights are all exactly zero
     */
    public record Removal(ModelProto model, List<StructuredPruner.GroupResult> groups, Map<String, Integer> zeroed) {}

    private UnitGroups() {}

    /** The groups of {@code kinds} in {@code model}; empty when it has none. */
    public static List<Group> of(ModelProto model, Collection<String> kinds) {
        return of(model, kinds, false);
    }

    /**
     * @param residualStreams whether each residual stream written by Convs is one group, as {@code structured}'s
     *     {@code residualStreams: prune} cuts it
     */
    public static List<Group> of(ModelProto model, Collection<String> kinds, boolean residualStreams) {
        Graph graph = new Graph(model.getGraph());
        Set<String> stats = runningStatistics(graph);
        List<Group> out = new ArrayList<>();
        for (PrunableGroup g : new GroupFinder(graph).find(new HashSet<>(kinds), residualStreams)) {
            List<Slice> slices = g.cuts().stream().filter(c -> !stats.contains(c.initializer()))
                    .map(c -> new Slice(c.initializer(), c.axis(), c.block())).toList();
            out.add(new Group(g.kind(), g.name(), g.units(), slices));
        }
        return out;
    }

    /**
     * Removes every unit whose weights' norm is at most {@code relativeTolerance} times the largest unit norm of its
     * group; each group keeps at least its largest unit (a layer of no units is not a graph ONNX Runtime runs).
     */
    public static Removal removeNegligible(ModelProto model, Collection<String> kinds, double relativeTolerance) {
        return removeNegligible(model, kinds, false, relativeTolerance);
    }

    /** As {@link #removeNegligible(ModelProto, Collection, double)}, residual streams joined as {@link #of} does. */
    public static Removal removeNegligible(ModelProto model, Collection<String> kinds, boolean residualStreams,
            double relativeTolerance) {
        Graph graph = new Graph(model.getGraph());
        Set<String> stats = runningStatistics(graph);
        Map<PrunableGroup, int[]> kept = new LinkedHashMap<>();
        List<StructuredPruner.GroupResult> results = new ArrayList<>();
        Map<String, Integer> zeroed = new LinkedHashMap<>();
        for (PrunableGroup g : new GroupFinder(graph).find(new HashSet<>(kinds), residualStreams)) {
            double[] norms = unitNorms(g, graph, stats);
            double largest = 0;
            int zeros = 0;
            for (double n : norms) {
                largest = Math.max(largest, n);
                zeros += n == 0 ? 1 : 0;
            }
            int[] keep = keep(norms, largest * relativeTolerance);
            zeroed.put(g.name(), zeros);
            results.add(new StructuredPruner.GroupResult(g.kind(), g.name(), g.units(), keep.length,
                    g.writers().size()));
            if (keep.length < g.units()) {
                kept.put(g, keep);
            }
        }
        ModelProto cut = kept.isEmpty() ? model : GraphCutter.cut(model, graph, kept, null);
        return new Removal(cut, results, zeroed);
    }

    private static int[] keep(double[] norms, double below) {
        int[] keep = IntStream.range(0, norms.length).filter(u -> norms[u] > below).toArray();
        if (keep.length > 0) {
            return keep;
        }
        int top = 0;
        for (int u = 1; u < norms.length; u++) {
            top = norms[u] > norms[top] ? u : top;
        }
        return new int[] {top};
    }

    /** The L2 norm of each unit over all its trainable slices. */
    static double[] unitNorms(PrunableGroup g, Graph graph, Set<String> runningStatistics) {
        double[] squares = new double[g.units()];
        for (Cut c : g.cuts()) {
            TensorProto t = graph.initializers().get(c.initializer());
            if (runningStatistics.contains(c.initializer()) || t == null || !Weights.isFloat(t)) {
                continue;
            }
            double[] perUnit = Slices.perUnit(Slices.squares(t, c.axis()), c.block());
            for (int u = 0; u < squares.length; u++) {
                squares[u] += perUnit[u];
            }
        }
        for (int u = 0; u < squares.length; u++) {
            squares[u] = Math.sqrt(squares[u]);
        }
        return squares;
    }

    /** Initializers a BatchNormalization reads as its running mean or variance. */
    private static Set<String> runningStatistics(Graph graph) {
        Set<String> out = new HashSet<>();
        for (NodeProto node : graph.proto().getNodeList()) {
            if (node.getOpType().equals("BatchNormalization")) {
                for (int i = 3; i < Math.min(5, node.getInputCount()); i++) {
                    out.add(node.getInput(i));
                }
            }
        }
        return out;
    }
}
