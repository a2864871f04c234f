package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code structured}: finds the groups, scores and ranks their units, and cuts the lowest out of the graph. */
public final class StructuredPruner {

    /**
     * One group as pruned.
     *
     * @param kind {@code channels} or {@code ffn}
     * @param node the producing node
     * @param units units before
     * @param kept units after
     */
    public record GroupResult(String kind, String node, int units, int kept) {}

    /**
     * @param model the pruned graph
     * @param groups every group found, in graph order
     * @param skipped candidate producers left alone, each with its reason
     */
    public record Outcome(ModelProto model, List<GroupResult> groups, List<String> skipped) {}

    /** No group of the asked kinds: the message lists why each candidate was left alone. */
    public static final class NothingToPrune extends Exception {
        NothingToPrune(String message) {
            super(message);
        }
    }

    private StructuredPruner() {}

    /** @param calibration samples for the {@code activation} criterion; null with {@code magnitude} */
    public static Outcome prune(ModelProto model, StructuredParams params, DatasetPart calibration)
            throws NothingToPrune, OrtException, InvalidDatasetException {
        Graph graph = new Graph(model.getGraph());
        GroupFinder finder = new GroupFinder(graph);
        List<PrunableGroup> groups = finder.find(new HashSet<>(params.groups()));
        if (groups.isEmpty()) {
            throw new NothingToPrune("no prunable group of kinds " + params.groups() + " was found"
                    + (finder.skipped().isEmpty() ? " (the graph has no Conv, Gemm or MatMul with a weight initializer)"
                    : "; candidates left alone: " + String.join("; ", finder.skipped())));
        }
        Map<String, FeatureStats.Stats> stats = "activation".equals(params.criterion())
                ? FeatureStats.measure(model, calibration, probes(groups)) : null;
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        for (PrunableGroup group : groups) {
            scores.put(group, stats == null ? UnitScores.magnitude(group, graph)
                    : UnitScores.activation(group, graph, stats));
        }
        Map<PrunableGroup, int[]> kept = UnitSelection.select(scores, params.sparsity());
        List<GroupResult> results = new ArrayList<>();
        kept.forEach((g, units) -> results.add(new GroupResult(g.kind(), g.name(), g.units(), units.length)));
        return new Outcome(GraphCutter.cut(model, graph, kept, stats), results, finder.skipped());
    }

    private static List<FeatureStats.Probe> probes(List<PrunableGroup> groups) {
        Map<String, FeatureStats.Probe> probes = new LinkedHashMap<>();
        for (PrunableGroup group : groups) {
            for (Terminal t : group.terminals()) {
                probes.putIfAbsent(t.probe(), new FeatureStats.Probe(t.probe(), t.channelAxis(), !t.channelAxis()));
            }
        }
        return List.copyOf(probes.values());
    }
}
