package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns {@code Constant} nodes that hold a tensor into initializers. Exporters such as Paddle2ONNX write every
 * weight this way, and the methods only recognise weights that are initializers ("weight is not a constant
 * float tensor"). The tensor keeps the Constant's output name, so no reader changes.
 */
final class ConstantLifter {

    record Result(OnnxMl.GraphProto graph, int lifted) {
    }

    private ConstantLifter() {
    }

    static Result lift(OnnxMl.GraphProto graph) {
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearNode();
        int lifted = 0;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            OnnxMl.TensorProto tensor = tensorOf(node);
            // A graph output produced by a Constant stays a node: an initializer is not a computed output.
            if (tensor == null || graphOutputs.contains(node.getOutput(0))) {
                out.addNode(node);
                continue;
            }
            out.addInitializer(tensor);
            lifted++;
        }
        return new Result(out.build(), lifted);
    }

    /** The node's value as a named tensor, or null when it is not a Constant holding a dense numeric tensor. */
    static OnnxMl.TensorProto tensorOf(OnnxMl.NodeProto node) {
        if (!node.getOpType().equals("Constant") || !Names.isDefaultDomain(node.getDomain())
                || node.getOutputCount() != 1 || node.getAttributeCount() != 1) {
            return null;
        }
        OnnxMl.AttributeProto a = node.getAttribute(0);
        String name = node.getOutput(0);
        return switch (a.getName()) {
            case "value" -> a.hasT() && !TensorValues.isExternal(a.getT()) ? a.getT().toBuilder().setName(name).build() : null;
            case "value_float" -> TensorValues.floats(name, new float[] {a.getF()});
            case "value_floats" -> TensorValues.floats(name, toArray(a), a.getFloatsCount());
            case "value_int" -> TensorValues.longs(name, new long[] {a.getI()});
            case "value_ints" -> TensorValues.longs(name, a.getIntsList().stream().mapToLong(Long::longValue).toArray(),
                    a.getIntsCount());
            default -> null;
        };
    }

    private static float[] toArray(OnnxMl.AttributeProto a) {
        float[] values = new float[a.getFloatsCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.getFloats(i);
        }
        return values;
    }
}
