package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Graph;
import dev.mcs.worker.prune.onnx.Weights;
import java.util.List;
import java.util.Optional;

/**
 * The {@code magnitude} score of a Conv followed by BatchNormalization, as if the BN were folded into it. BN scales
 * each channel by |gamma| / sqrt(var + eps); without it a channel's weight norm says little (BN undoes it), and
 * the same network exported with BN folded into the Convs would be ranked differently (network slimming ranks
 * channels by |gamma| for the same reason). Not shown to buy accuracy here: {@code magnitude} 50 % on the
 * MobileNet-style digits net misses the 1-point target with and without it (docs/pruning.md, Further CNNs).
 */
final class BatchNormScale {

    private BatchNormScale() {}

    /** The scores times each channel's BN scale, or the scores as they are when no BN reads the producer. */
    static double[] folded(Cut producer, Graph graph, double[] scores) {
        Optional<NodeProto> norm = batchNorm(producer, graph);
        if (norm.isEmpty()) {
            return scores;
        }
        Optional<TensorProto> gamma = graph.weight(norm.get().getInput(1));
        Optional<TensorProto> variance = graph.weight(norm.get().getInput(4));
        if (gamma.isEmpty() || variance.isEmpty() || Weights.count(gamma.get()) != scores.length
                || Weights.count(variance.get()) != scores.length) {
            return scores;
        }
        float eps = Graph.attribute(norm.get(), "epsilon").map(a -> a.getF()).orElse(1e-5f);
        float[] g = Weights.values(gamma.get());
        float[] v = Weights.values(variance.get());
        double[] out = new double[scores.length];
        for (int u = 0; u < out.length; u++) {
            out[u] = scores[u] * Math.abs(g[u]) / Math.sqrt(v[u] + eps);
        }
        return out;
    }

    /** The BatchNormalization that reads the producing node's output directly. */
    private static Optional<NodeProto> batchNorm(Cut producer, Graph graph) {
        List<NodeProto> producers = graph.readers(producer.initializer());
        if (producers.size() != 1 || !producers.get(0).getOpType().equals("Conv")) {
            return Optional.empty();
        }
        String output = producers.get(0).getOutput(0);
        return graph.readers(output).stream().filter(n -> n.getOpType().equals("BatchNormalization")
                && n.getInput(0).equals(output) && n.getInputCount() == 5).findFirst();
    }
}
