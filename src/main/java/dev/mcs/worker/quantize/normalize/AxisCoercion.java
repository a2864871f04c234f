package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/**
 * Softmax, LogSoftmax and Hardmax before opset 13 flatten their input to 2-D at {@code axis} (default 1) and
 * normalize each row; from 13 they normalize along {@code axis} alone. Both agree when the axis is the last
 * one. Otherwise the old meaning is written out, exactly and without knowing the rank:
 * {@code Reshape(op(Flatten(x, axis), axis=-1), Shape(x))}.
 */
final class AxisCoercion {

    private AxisCoercion() {
    }

    static List<OnnxMl.NodeProto> convert(OnnxMl.NodeProto node, Conversion c) {
        OnnxMl.AttributeProto a = Names.attribute(node, "axis");
        long axis = a == null ? 1 : a.getI();
        if (axis == -1) {
            return List.of(node);
        }
        String label = Names.label(node);
        String x = node.getInput(0);
        String shape = c.fresh(label + "_shape");
        String flat = c.fresh(label + "_flat");
        String rows = c.fresh(label + "_rows");
        OnnxMl.NodeProto op = Names.withoutAttributes(node, "axis").toBuilder().setName(label + "_2d")
                .clearInput().addInput(flat).clearOutput().addOutput(rows)
                .addAttribute(Conversion.intAttr("axis", -1)).build();
        return List.of(
                Conversion.node("Shape", label + "_shape", List.of(x), List.of(shape)),
                Conversion.node("Flatten", label + "_flatten", List.of(x), List.of(flat)).toBuilder()
                        .addAttribute(Conversion.intAttr("axis", axis)).build(),
                op,
                Conversion.node("Reshape", label + "_restore", List.of(rows, shape), List.of(node.getOutput(0))));
    }
}
