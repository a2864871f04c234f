package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.HashSet;
import java.util.Set;

/** Fresh tensor names for what the normalizer adds, and the few proto look-ups it needs. */
final class Names {

    private final Set<String> used = new HashSet<>();

    Names(OnnxMl.GraphProto graph) {
        graph.getInputList().forEach(v -> used.add(v.getName()));
        graph.getInitializerList().forEach(t -> used.add(t.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            used.addAll(node.getInputList());
            used.addAll(node.getOutputList());
        }
    }

    String fresh(String base) {
        String name = base;
        for (int i = 1; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static OnnxMl.NodeProto withoutAttributes(OnnxMl.NodeProto node, String... names) {
        Set<String> drop = Set.of(names);
        OnnxMl.NodeProto.Builder b = node.toBuilder().clearAttribute();
        node.getAttributeList().stream().filter(a -> !drop.contains(a.getName())).forEach(b::addAttribute);
        return b.build();
    }

    static String label(OnnxMl.NodeProto node) {
        return !node.getName().isEmpty() ? node.getName() : node.getOutputCount() > 0 ? node.getOutput(0) : node.getOpType();
    }
}
