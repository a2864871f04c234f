package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default-domain operators whose meaning or signature changed between opset 7 and 13 (from the ONNX
 * operator changelog), and which of them the normalizer converts. Every other operator only gained types,
 * negative axes or optional inputs and attributes whose defaults keep the old behaviour, so its node stays
 * valid when the model's opset is raised.
 */
public final class OperatorChanges {

    /** Op type to the opsets in which it changed incompatibly. */
    private static final Map<String, long[]> CHANGES = Map.ofEntries(
            Map.entry("BatchNormalization", new long[] {9}), Map.entry("Upsample", new long[] {9, 10}),
            Map.entry("Scan", new long[] {9}),
            Map.entry("Slice", new long[] {10}), Map.entry("TopK", new long[] {10}), Map.entry("Dropout", new long[] {10, 12}),
            Map.entry("ImageScaler", new long[] {10}), Map.entry("Crop", new long[] {10}),
            Map.entry("Clip", new long[] {11}), Map.entry("Pad", new long[] {11}), Map.entry("Resize", new long[] {11}),
            Map.entry("Scatter", new long[] {11}),
            Map.entry("Squeeze", new long[] {13}), Map.entry("Unsqueeze", new long[] {13}),
            Map.entry("ReduceSum", new long[] {13}), Map.entry("Split", new long[] {13}),
            Map.entry("Softmax", new long[] {13}), Map.entry("LogSoftmax", new long[] {13}), Map.entry("Hardmax", new long[] {13}));

    private OperatorChanges() {
    }

    /** The ops of {@code ops} that changed incompatibly in an opset after {@code from}, up to {@code to}. */
    public static Set<String> breaking(Set<String> ops, long from, long to) {
        Set<String> found = new TreeSet<>();
        for (String op : ops) {
            for (long changedAt : CHANGES.getOrDefault(op, new long[0])) {
                if (changedAt > from && changedAt <= to) {
                    found.add(op);
                }
            }
        }
        return found;
    }

    /** The default-domain op types of the graph and of all its subgraphs. */
    public static Set<String> opTypes(OnnxMl.GraphProto graph) {
        Set<String> ops = new TreeSet<>();
        collect(graph, ops);
        return ops;
    }

    static Set<String> topLevelOpTypes(OnnxMl.GraphProto graph) {
        Set<String> ops = new TreeSet<>();
        graph.getNodeList().stream().filter(n -> Names.isDefaultDomain(n.getDomain())).forEach(n -> ops.add(n.getOpType()));
        return ops;
    }

    private static void collect(OnnxMl.GraphProto graph, Set<String> ops) {
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (Names.isDefaultDomain(node.getDomain())) {
                ops.add(node.getOpType());
            }
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    collect(a.getG(), ops);
                }
                a.getGraphsList().forEach(g -> collect(g, ops));
            }
        }
    }
}
