package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what a static QDQ model quantizes: the weights of the chosen nodes, their float inputs and
 * outputs, and the tensors around shape-only ops between them, so that ONNX Runtime can keep the
 * uint8 path (QLinearConv, QLinearMatMul, QGemm, uint8 MaxPool) instead of dequantizing in between.
 */
final class StaticQuantPlan {

    /** Ops that only move or select values: quantizing their input and output with one scale is exact. */
    private static final Set<String> PASS_THROUGH =
            Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze");
    /** Activations ORT folds into the preceding op when the Q after them has zero point 0. */
    private static final Set<String> FUSED_ACTIVATIONS = Set.of("Relu");

    private final OnnxMl.GraphProto graph;
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final List<StaticQuantTarget> targets;
    private final Map<String, String> keptFloat;
    /** Quantized activation → the tensor whose calibrated range it shares (itself unless behind a pass-through op). */
    private final Map<String, String> activations = new LinkedHashMap<>();

    StaticQuantPlan(OnnxMl.GraphProto graph, StaticTargetFinder finder) throws QuantizationException {
        this.graph = graph;
        graph.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            node.getInputList().forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node));
        }
        finder.scan(graph);
        this.targets = finder.targets();
        this.keptFloat = finder.keptFloat();
        planActivations();
    }

    List<StaticQuantTarget> targets() {
        return targets;
    }

    /** Node label → why it stays float. */
    Map<String, String> keptFloat() {
        return keptFloat;
    }

    /** Every activation to wrap in QuantizeLinear/DequantizeLinear, mapped to the tensor it takes its range from. */
    Map<String, String> activations() {
        return activations;
    }

    /** Tensors whose range calibration must measure. */
    Set<String> calibrated() {
        return new LinkedHashSet<>(activations.values());
    }

    private void planActivations() {
        Set<String> wanted = new LinkedHashSet<>();
        for (StaticQuantTarget t : targets) {
            wanted.add(t.input());
            String out = outputAfterActivation(t.node().getOutput(0));
            if (!graphOutputs.contains(out)) {
                wanted.add(out); // graph outputs stay exact float: nothing downstream would run in int8
            }
        }
        extendThroughPassThrough(wanted);
        for (String tensor : wanted) {
            activations.put(tensor, tensor);
        }
        shareRangesAlongPassThrough();
    }

    /** A node output read only by a Relu is quantized after the Relu, so ORT fuses both into one int8 op. */
    private String outputAfterActivation(String output) {
        List<OnnxMl.NodeProto> readers = consumers.getOrDefault(output, List.of());
        if (readers.size() == 1 && FUSED_ACTIVATIONS.contains(readers.get(0).getOpType())
                && !graphOutputs.contains(output) && Protos.isDefaultDomain(readers.get(0).getDomain())) {
            return readers.get(0).getOutput(0);
        }
        return output;
    }

    /** Walks back from quantized tensors through pass-through ops whose input nothing else reads. */
    private void extendThroughPassThrough(Set<String> wanted) {
        List<OnnxMl.NodeProto> nodes = graph.getNodeList();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxMl.NodeProto node = nodes.get(i);
            if (isPassThrough(node) && wanted.contains(node.getOutput(0))) {
                String input = node.getInput(0);
                boolean soleReader = consumers.getOrDefault(input, List.of()).size() == 1;
                if (soleReader && !graphOutputs.contains(input) && !isInitializer(input)) {
                    wanted.add(input);
                }
            }
        }
    }

    /** Q and DQ around a pass-through op must share scale and zero point for ORT to drop them. */
    private void shareRangesAlongPassThrough() {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            String in = node.getInputCount() > 0 ? node.getInput(0) : "";
            if (isPassThrough(node) && activations.containsKey(in) && activations.containsKey(node.getOutput(0))) {
                activations.put(node.getOutput(0), activations.get(in));
            }
        }
    }

    private static boolean isPassThrough(OnnxMl.NodeProto node) {
        // MaxPool's optional Indices output would need the float path.
        boolean oneOutput = node.getOutputCount() == 1 || node.getOutputCount() == 2 && node.getOutput(1).isEmpty();
        return Protos.isDefaultDomain(node.getDomain()) && PASS_THROUGH.contains(node.getOpType())
                && node.getInputCount() > 0 && oneOutput;
    }

    private boolean isInitializer(String name) {
        return graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(name));
    }
}
