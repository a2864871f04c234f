package dev.mcs.worker.prune.structured;

import dev.mcs.worker.prune.onnx.FeatureStats;
import dev.mcs.worker.prune.onnx.Graph;
import java.util.Map;

/**
 * Importance of each unit of a group. {@code magnitude}: the L2 norm of the unit's producing weights times that of
 * the weights that read it. {@code activation} (after FLAP): the variance of the unit's features where the next
 * layer reads them times the squared norm of that layer's weights for them, i.e. how much the next layer's output
 * moves with the unit; a unit that barely varies can be replaced by its mean (see {@link GraphCutter}).
 */
final class UnitScores {

    private UnitScores() {}

    /**
     * Each producer's output norm (times its BatchNorm's scale, {@link BatchNormScale}) summed over the producers (a
     * residual stream has several writers), times the norm of the reading weights.
     */
    static double[] magnitude(PrunableGroup group, Graph graph) {
        double[] out = new double[group.units()];
        for (Cut producer : group.producers()) {
            double[] squares = Slices.perUnit(Slices.squares(graph.initializers().get(producer.initializer()),
                    producer.axis()), producer.block());
            double[] norms = new double[squares.length];
            for (int u = 0; u < norms.length; u++) {
                norms[u] = Math.sqrt(squares[u]);
            }
            double[] folded = BatchNormScale.folded(producer, graph, norms);
            for (int u = 0; u < out.length; u++) {
                out[u] += folded[u];
            }
        }
        double[] in = new double[group.units()];
        for (Terminal terminal : group.terminals()) {
            double[] t = terminalSquares(terminal, graph);
            for (int u = 0; u < in.length; u++) {
                in[u] += t[u];
            }
        }
        double[] score = new double[group.units()];
        for (int u = 0; u < score.length; u++) {
            score[u] = out[u] * Math.sqrt(in[u]);
        }
        return score;
    }

    static double[] activation(PrunableGroup group, Graph graph, Map<String, FeatureStats.Stats> stats) {
        double[] score = new double[group.units()];
        for (Terminal terminal : group.terminals()) {
            Cut w = terminal.weight();
            double[] columns = Slices.squares(graph.initializers().get(w.initializer()), w.axis());
            double[] variance = stats.get(terminal.probe()).variance();
            for (int f = 0; f < columns.length; f++) {
                score[f / w.block()] += variance[f] * columns[f];
            }
        }
        return score;
    }

    private static double[] terminalSquares(Terminal terminal, Graph graph) {
        Cut w = terminal.weight();
        return Slices.perUnit(Slices.squares(graph.initializers().get(w.initializer()), w.axis()), w.block());
    }
}
