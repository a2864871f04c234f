package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InvalidDatasetException;
import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import dev.mcs.worker.train.onnx.UnsupportedOperatorsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code structured}: finds the groups, scores and ranks their units, and cuts the lowest out of the graph. */
public final class StructuredPruner {

    /**
     * One group as pruned.
     *
     * @param kind {@code channels}, {@code ffn} or {@code heads}
     * @param node the producing node
     * @param units units before
     * @param kept units after
     * @param joined a residual stream's group: how many Convs write the stream (stem, blocks' last Convs, projection
     *     shortcuts), each losing the same channels; 0 for a group with one producer
     */
    public record GroupResult(String kind, String node, int units, int kept, int joined) {

        /** A group with one producer. */
        public GroupResult(String kind, String node, int units, int kept) {
            this(kind, node, units, kept, 0);
        }

        /** The same group with another count kept. */
        public GroupResult withKept(int now) {
            return new GroupResult(kind, node, units, now, joined);
        }
    }

    /**
     * @param model the pruned graph
     * @param groups every group found, in graph order
     * @param skipped candidate producers left alone, each with its reason
     */
    public record Outcome(ModelProto model, List<GroupResult> groups, List<String> skipped) {}

    /** No group of the asked kinds: the message lists why each candidate was left alone. */
    public static final class NothingToPrune extends Exception {
        private final boolean streamsLeft;

        NothingToPrune(String message, boolean streamsLeft) {
            super(message);
            this.streamsLeft = streamsLeft;
        }

        /** Whether a Conv's channels were left alone at a residual stream that joining might prune. */
        boolean streamsLeft() {
            return streamsLeft;
        }
    }

    private StructuredPruner() {}

    /**
     * The groups of a graph with every unit's score, before any is removed: what the selection and the cut need.
     *
     * @param stats per-feature calibration statistics ({@code activation}); null with {@code magnitude}
     * @param streamsLeft whether a Conv's channels stayed because they meet a residual stream ({@link GroupFinder})
     */
    record Scored(ModelProto model, Graph graph, Map<PrunableGroup, double[]> scores,
            Map<String, FeatureStats.Stats> stats, List<String> skipped, boolean streamsLeft) {}

    /**
     * @param calibration samples for the {@code activation} and {@code taylor} criteria; null with {@code magnitude}
     * @throws UnsupportedOperatorsException {@code taylor} on a graph the trainable executor cannot run
     */
    public static Outcome prune(ModelProto model, StructuredParams params, DatasetPart calibration)
            throws NothingToPrune, OrtException, InvalidDatasetException, UnsupportedOperatorsException {
        return prune(model, params, calibration, FeatureStats.MAX_SAMPLES);
    }

    /** @param maxSamples the first this many calibration samples are scored on ({@code mcs.evaluation.max-samples}) */
    public static Outcome prune(ModelProto model, StructuredParams params, DatasetPart calibration, int maxSamples)
            throws NothingToPrune, OrtException, InvalidDatasetException, UnsupportedOperatorsException {
        if (!params.decidesResidualStreams()) {
            return cut(score(model, params, calibration, maxSamples), params, UnitSelection.FLOOR);
        }
        return withStreamsDecided(model, params, calibration, maxSamples);
    }

    /**
     * {@code residualStreams: auto}: the residual streams are first kept, and joined when that cut keeps more than the
     * channels' kept share of the parameters, or finds no group at all ({@link StructuredParams#decidesResidualStreams}).
     */
    private static Outcome withStreamsDecided(ModelProto model, StructuredParams params, DatasetPart calibration,
            int maxSamples) throws NothingToPrune, OrtException, InvalidDatasetException,
            UnsupportedOperatorsException {
        Scored streamsKept;
        try {
            streamsKept = score(model, params.withResidualStreams(StructuredParams.KEEP), calibration, maxSamples);
        } catch (NothingToPrune e) {
            if (!e.streamsLeft()) {
                throw e;
            }
            return streamsJoined(model, params, calibration, maxSamples);
        }
        Outcome kept = cut(streamsKept, params, UnitSelection.FLOOR);
        double share = 1 - params.sparsityOf(StructuredParams.CHANNELS);
        return !streamsKept.streamsLeft() || parameters(kept.model()) <= share * parameters(streamsKept.model()) ? kept
                : streamsJoined(model, params, calibration, maxSamples);
    }

    private static Outcome streamsJoined(ModelProto model, StructuredParams params, DatasetPart calibration,
            int maxSamples) throws NothingToPrune, OrtException, InvalidDatasetException,
            UnsupportedOperatorsException {
        return cut(score(model, params.withResidualStreams(StructuredParams.PRUNE), calibration, maxSamples), params,
                UnitSelection.FLOOR);
    }

    /** Elements of the float initializers, as the job's report counts parameters. */
    static long parameters(ModelProto model) {
        return model.getGraph().getInitializerList().stream().filter(Weights::isFloat).mapToLong(Weights::count)
                .sum();
    }

    static Scored score(ModelProto original, StructuredParams params, DatasetPart calibration)
            throws NothingToPrune, OrtException, InvalidDatasetException, UnsupportedOperatorsException {
        return score(original, params, calibration, FeatureStats.MAX_SAMPLES);
    }

    static Scored score(ModelProto original, StructuredParams params, DatasetPart calibration, int maxSamples)
            throws NothingToPrune, OrtException, InvalidDatasetException, UnsupportedOperatorsException {
        ModelProto model = AliasedInitializers.copied(original);
        Graph graph = new Graph(model.getGraph());
        GroupFinder finder = new GroupFinder(graph);
        List<PrunableGroup> groups = finder.find(new HashSet<>(params.groups()), params.prunesResidualStreams());
        if (groups.isEmpty()) {
            throw new NothingToPrune("no prunable group of kinds " + params.groups() + " was found"
                    + (finder.skipped().isEmpty() ? " (the graph has no Conv, Gemm or MatMul with a weight initializer)"
                    : "; candidates left alone: " + String.join("; ", finder.skipped())), finder.streamsLeft());
        }
        Map<String, FeatureStats.Stats> stats = "activation".equals(params.criterion())
                ? FeatureStats.measure(model, calibration, probes(groups), maxSamples) : null;
        Map<PrunableGroup, double[]> taylor = "taylor".equals(params.criterion())
                ? TaylorScores.measure(model, graph, calibration, groups, maxSamples) : Map.of();
        Map<PrunableGroup, double[]> scores = new LinkedHashMap<>();
        Set<String> ordered = stats == null ? Set.of() : orderedKinds(groups, stats);
        for (PrunableGroup group : groups) {
            scores.put(group, comparable(group, graph, stats, taylor.get(group), ordered.contains(group.kind())));
        }
        return new Scored(model, graph, scores, stats, finder.skipped(), finder.streamsLeft());
    }

    /** Removes each kind's share ({@code params}) of the scored units, with {@code floor} ({@link UnitSelection}). */
    static Outcome cut(Scored scored, StructuredParams params, double floor) {
        Map<PrunableGroup, int[]> kept = ChannelAlignment.aligned(UnitSelection.select(scored.scores(),
                params::sparsityOf, floor), scored.scores(), ChannelAlignment.MULTIPLE);
        List<GroupResult> results = new ArrayList<>();
        kept.forEach((g, units) -> results.add(new GroupResult(g.kind(), g.name(), g.units(), units.length,
                g.writers().size())));
        return new Outcome(GraphCutter.cut(scored.model(), scored.graph(), kept, scored.stats()), results,
                scored.skipped());
    }

    /**
     * The kinds whose every group {@link SurgeonOrder} applies to: a kind is ranked on one scale, so a CNN whose last
     * channels alone feed a Gemm keeps the variance score for all its channels.
     */
    private static Set<String> orderedKinds(List<PrunableGroup> groups, Map<String, FeatureStats.Stats> stats) {
        Set<String> kinds = new HashSet<>();
        groups.forEach(g -> kinds.add(g.kind()));
        groups.stream().filter(g -> !SurgeonOrder.applies(g, stats)).forEach(g -> kinds.remove(g.kind()));
        return kinds;
    }

    /** A group's scores on the scale the ranking compares groups on ({@link UnitSelection}). */
    private static double[] comparable(PrunableGroup group, Graph graph, Map<String, FeatureStats.Stats> stats,
            double[] taylor, boolean ordered) {
        if (taylor != null) {
            return UnitSelection.scaledByMean(taylor);
        }
        if (stats == null) {
            return UnitSelection.scaledByMean(UnitScores.magnitude(group, graph));
        }
        return ordered ? SurgeonOrder.scores(group, graph, stats)
                : UnitSelection.scaledByMean(UnitScores.activation(group, graph, stats));
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
