package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** Converters that rename an operator or drop an attribute whose only remaining value is the default. */
final class SimpleConverters {

    private SimpleConverters() {
    }

    /** BatchNormalization-9 removed {@code spatial}; its default 1 is the only behaviour left. */
    static List<OnnxMl.NodeProto> batchNormalization(OnnxMl.NodeProto node, Conversion c) throws NormalizationException {
        OnnxMl.AttributeProto spatial = Names.attribute(node, "spatial");
        if (spatial != null && spatial.getI() != 1) {
            throw new NormalizationException("BatchNormalization node '" + Names.label(node)
                    + "' uses spatial=0 (per-element statistics), which opset 9 and newer cannot express");
        }
        return List.of(Names.withoutAttributes(node, "spatial", "is_test", "consumed_inputs"));
    }

    /** Inference never drops anything: Dropout is an Identity at every opset, as long as its mask is not read. */
    static List<OnnxMl.NodeProto> dropout(OnnxMl.NodeProto node, Conversion c) throws NormalizationException {
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw new NormalizationException("Dropout node '" + Names.label(node)
                    + "' has a mask output, whose type changed at opset 10");
        }
        return List.of(Conversion.node("Identity", node.getName(), List.of(node.getInput(0)), List.of(node.getOutput(0))));
    }

    /** Scatter (deprecated at 11) is ScatterElements under its new name. */
    static List<OnnxMl.NodeProto> scatter(OnnxMl.NodeProto node, Conversion c) {
        return List.of(node.toBuilder().setOpType("ScatterElements").build());
    }
}
