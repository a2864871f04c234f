package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.GraphUses;
import dev.mcs.worker.quantize.core.NameScope;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the QDQ graph of a {@link StaticQuantPlan}: QuantizeLinear→DequantizeLinear after every planned
 * activation (readers switch to the dequantized copy) and DequantizeLinear in front of int8 weights and
 * int32 biases. New nodes sit right after the producer of their tensor, so the node list stays sorted.
 */
final class QdqRewriter {

    private final OnnxMl.GraphProto graph;
    private final StaticQuantPlan plan;
    private final Map<String, StaticRange.Uint8> ranges;
    private final QdqWeightWriter weights;
    private final NameScope names;
    private final List<OnnxMl.TensorProto> added = new ArrayList<>();
    /** Activation → its dequantized copy. */
    private final Map<String, String> renamed = new HashMap<>();
    /** Calibrated tensor → its scale and zero-point initializer names, shared along pass-through ops. */
    private final Map<String, String[]> paramNames = new HashMap<>();
    /** By identity: the plan holds the very node objects of the graph. */
    private final Map<OnnxMl.NodeProto, StaticQuantTarget> targets = new IdentityHashMap<>();

    QdqRewriter(OnnxMl.GraphProto graph, StaticQuantPlan plan, Map<String, StaticRange.Uint8> ranges, boolean perChannel) {
        this.graph = graph;
        this.plan = plan;
        this.ranges = ranges;
        this.names = new NameScope(graph);
        this.weights = new QdqWeightWriter(new GraphUses(graph).initializers(), names, added, perChannel);
        plan.targets().forEach(t -> targets.put(t.node(), t));
    }

    OnnxMl.GraphProto rewrite() throws QuantizationException {
        plan.activations().keySet().forEach(t -> renamed.put(t, names.fresh(t + "_dequantized")));
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            nodes.addAll(qdq(input.getName()));
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            StaticQuantTarget target = targets.get(node);
            OnnxMl.NodeProto.Builder b = renameInputs(node);
            if (target != null) {
                float inputScale = range(target.input()).scale();
                nodes.addAll(weights.write(target, inputScale, b));
            }
            nodes.add(b.build());
            for (String out : node.getOutputList()) {
                nodes.addAll(qdq(out));
            }
        }
        return assemble(nodes);
    }

    private OnnxMl.NodeProto.Builder renameInputs(OnnxMl.NodeProto node) {
        OnnxMl.NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            String dq = renamed.get(b.getInput(i));
            if (dq != null) {
                b.setInput(i, dq);
            }
        }
        return b;
    }

    private StaticRange.Uint8 range(String activation) throws QuantizationException {
        StaticRange.Uint8 r = ranges.get(plan.activations().get(activation));
        if (r == null) {
            throw new QuantizationException("internal error: no calibrated range for tensor '" + activation + "'");
        }
        return r;
    }

    /** Q and DQ of a planned activation; nothing for any other tensor. */
    private List<OnnxMl.NodeProto> qdq(String tensor) throws QuantizationException {
        if (!plan.activations().containsKey(tensor)) {
            return List.of();
        }
        String[] params = params(plan.activations().get(tensor));
        String q = names.fresh(tensor + "_quantized");
        return List.of(QdqTensors.quantize(names.fresh(tensor + "_QuantizeLinear"), tensor, params[0], params[1], q),
                QdqTensors.dequantize(names.fresh(tensor + "_DequantizeLinear"), q, params[0], params[1],
                        renamed.get(tensor), -1));
    }

    private String[] params(String calibrated) throws QuantizationException {
        String[] existing = paramNames.get(calibrated);
        if (existing != null) {
            return existing;
        }
        StaticRange.Uint8 r = range(calibrated);
        String[] created = {names.fresh(calibrated + "_scale"), names.fresh(calibrated + "_zero_point")};
        added.add(Protos.floats(created[0], new float[] {r.scale()}));
        added.add(Protos.uint8(created[1], new byte[] {(byte) r.zeroPoint()}));
        paramNames.put(calibrated, created);
        return created;
    }

    /** Drops float weights nothing reads any more, here and in the graph's input list. */
    private OnnxMl.GraphProto assemble(List<OnnxMl.NodeProto> nodes) {
        Set<String> stillRead = new HashSet<>(new GraphUses(graph).pinned());
        nodes.forEach(n -> stillRead.addAll(n.getInputList()));
        Set<String> removed = new HashSet<>(weights.replaced());
        removed.removeAll(stillRead);
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer().clearInput();
        graph.getInitializerList().stream().filter(t -> !removed.contains(t.getName())).forEach(out::addInitializer);
        out.addAllInitializer(added);
        graph.getInputList().stream().filter(v -> !removed.contains(v.getName())).forEach(out::addInput);
        return out.build();
    }
}
