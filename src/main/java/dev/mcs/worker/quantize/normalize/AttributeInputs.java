package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/**
 * Converters for operators whose attributes became inputs (Slice at 10, TopK at 10, Clip and Pad at 11,
 * Squeeze, Unsqueeze, ReduceSum and Split at 13): the attribute's values become a constant input, with the
 * old defaults kept by leaving an optional input empty.
 */
final class AttributeInputs {

    private AttributeInputs() {
    }

    static List<OnnxMl.NodeProto> slice(OnnxMl.NodeProto node, Conversion c) {
        List<String> inputs = new ArrayList<>(List.of(node.getInput(0), ints(node, "starts", c), ints(node, "ends", c)));
        if (Names.attribute(node, "axes") != null) {
            inputs.add(ints(node, "axes", c));
        }
        return List.of(rebuilt(node, inputs, "starts", "ends", "axes"));
    }

    static List<OnnxMl.NodeProto> topK(OnnxMl.NodeProto node, Conversion c) {
        String k = c.longs(Names.label(node) + "_k", Names.attribute(node, "k").getI());
        return List.of(rebuilt(node, List.of(node.getInput(0), k), "k"));
    }

    /** Squeeze, Unsqueeze, ReduceSum and Split: one optional int list attribute becomes input 1. */
    static OpConverter listToSecondInput(String attribute) {
        return (node, c) -> {
            List<String> inputs = new ArrayList<>(List.of(node.getInput(0)));
            if (Names.attribute(node, attribute) != null) {
                inputs.add(ints(node, attribute, c));
            }
            return List.of(rebuilt(node, inputs, attribute));
        };
    }

    static List<OnnxMl.NodeProto> clip(OnnxMl.NodeProto node, Conversion c) {
        OnnxMl.AttributeProto min = Names.attribute(node, "min");
        OnnxMl.AttributeProto max = Names.attribute(node, "max");
        List<String> inputs = new ArrayList<>(List.of(node.getInput(0)));
        inputs.add(min == null ? "" : c.floatScalar(Names.label(node) + "_min", min.getF()));
        if (max != null) {
            inputs.add(c.floatScalar(Names.label(node) + "_max", max.getF()));
        }
        return List.of(rebuilt(node, inputs, "min", "max"));
    }

    static List<OnnxMl.NodeProto> pad(OnnxMl.NodeProto node, Conversion c) throws NormalizationException {
        if (Names.attribute(node, "pads") == null) {
            throw new NormalizationException("Pad node '" + Names.label(node) + "' has no 'pads' attribute");
        }
        List<String> inputs = new ArrayList<>(List.of(node.getInput(0), ints(node, "pads", c)));
        OnnxMl.AttributeProto value = Names.attribute(node, "value");
        if (value != null) {
            inputs.add(c.floatScalar(Names.label(node) + "_value", value.getF()));
        }
        return List.of(rebuilt(node, inputs, "pads", "value"));
    }

    private static String ints(OnnxMl.NodeProto node, String attribute, Conversion c) {
        OnnxMl.AttributeProto a = Names.attribute(node, attribute);
        return c.longs(Names.label(node) + "_" + attribute, a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    private static OnnxMl.NodeProto rebuilt(OnnxMl.NodeProto node, List<String> inputs, String... removedAttributes) {
        List<String> trimmed = new ArrayList<>(inputs);
        while (trimmed.get(trimmed.size() - 1).isEmpty()) {
            trimmed.remove(trimmed.size() - 1); // an absent optional input at the end is left out
        }
        return Names.withoutAttributes(node, removedAttributes).toBuilder().clearInput().addAllInput(trimmed).build();
    }
}
