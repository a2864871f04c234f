package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LayerNorms of a graph as (input tensor, output tensor) pairs, in either form exporters write: the fused
 * {@code LayerNormalization} operator, or the decomposed chain {@code ReduceMean(x)}, {@code Sub(x, mean)}, ...,
 * {@code Div(centered, std)}, then an optional {@code Mul} by the scale and {@code Add} of the bias. Recognized by
 * the operators and how they connect, never by names.
 */
final class LayerNorms {

    private final GraphIndex graph;

    LayerNorms(GraphIndex graph) {
        this.graph = graph;
    }

    /** Output tensor by input tensor, in graph order. */
    Map<String, String> find() {
        Map<String, String> norms = new LinkedHashMap<>();
        for (OnnxMl.NodeProto node : graph.nodes()) {
            if (node.getOpType().equals("LayerNormalization")) {
                norms.put(node.getInput(0), node.getOutput(0));
            } else if (node.getOpType().equals("ReduceMean")) {
                decomposed(node).ifPresent(output -> norms.put(node.getInput(0), output));
            }
        }
        return norms;
    }

    /** The output of a decomposed LayerNorm whose mean is {@code mean}, if the chain is one. */
    private Optional<String> decomposed(OnnxMl.NodeProto mean) {
        String x = mean.getInput(0);
        String average = mean.getOutput(0);
        Optional<OnnxMl.NodeProto> sub = graph.consumers(average).stream()
                .filter(n -> n.getOpType().equals("Sub") && n.getInput(0).equals(x) && n.getInput(1).equals(average))
                .findFirst();
        // The centered x is read twice: squared for the variance, and divided by the standard deviation.
        Optional<OnnxMl.NodeProto> div = sub.flatMap(s -> graph.consumers(s.getOutput(0)).stream()
                .filter(d -> d.getOpType().equals("Div") && d.getInput(0).equals(s.getOutput(0))).findFirst());
        if (div.isEmpty()) {
            return Optional.empty();
        }
        String normalized = div.get().getOutput(0);
        Optional<OnnxMl.NodeProto> scale = single(normalized, "Mul").filter(m -> graph.isWeight(other(m, normalized)));
        if (scale.isEmpty()) {
            return Optional.of(normalized);
        }
        String scaled = scale.get().getOutput(0);
        return Optional.of(single(scaled, "Add").filter(a -> graph.isWeight(other(a, scaled)))
                .map(a -> a.getOutput(0)).orElse(scaled));
    }

    private Optional<OnnxMl.NodeProto> single(String tensor, String opType) {
        List<OnnxMl.NodeProto> readers = graph.consumers(tensor);
        return readers.size() == 1 && readers.get(0).getOpType().equals(opType) ? Optional.of(readers.get(0))
                : Optional.empty();
    }

    private static String other(OnnxMl.NodeProto binary, String tensor) {
        return binary.getInput(0).equals(tensor) ? binary.getInput(1) : binary.getInput(0);
    }
}
