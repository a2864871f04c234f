package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/**
 * Upsample (scales an attribute until 9, an input from 9, deprecated at 10) and Resize-10 into the form of the
 * target opset. Up to opset 10 both map a pixel back with {@code x / scale} (asymmetric); ONNX Runtime rounds a
 * nearest pixel down when upsampling and up when downsampling. Resize-11 says so explicitly:
 * {@code coordinate_transformation_mode=asymmetric} and {@code nearest_mode=floor} or {@code ceil}, which needs
 * constant scales that do not mix both directions.
 */
final class ResizeConverter {

    private ResizeConverter() {
    }

    static List<OnnxMl.NodeProto> convert(OnnxMl.NodeProto node, Conversion c) throws NormalizationException {
        String mode = mode(node);
        String scales = scalesInput(node, c);
        if (c.target() < 10) {
            return List.of(base(node, "Upsample", List.of(node.getInput(0), scales), mode));
        }
        if (c.target() == 10) {
            return List.of(base(node, "Resize", List.of(node.getInput(0), scales), mode));
        }
        OnnxMl.NodeProto.Builder resize = base(node, "Resize",
                List.of(node.getInput(0), c.emptyFloats(Names.label(node) + "_roi"), scales), mode).toBuilder()
                .addAttribute(Conversion.stringAttr("coordinate_transformation_mode", "asymmetric"));
        if (mode.equals("nearest")) {
            resize.addAttribute(Conversion.stringAttr("nearest_mode", nearestMode(node, scales, c)));
        }
        return List.of(resize.build());
    }

    private static String mode(OnnxMl.NodeProto node) throws NormalizationException {
        OnnxMl.AttributeProto a = Names.attribute(node, "mode");
        String mode = a == null ? "nearest" : a.getS().toStringUtf8();
        if (mode.equals("bilinear")) {
            return "linear"; // the name Upsample-7's specification also accepted for linear
        }
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw new NormalizationException(node.getOpType() + " node '" + Names.label(node) + "' uses mode '" + mode
                    + "', which has no Resize equivalent here");
        }
        return mode;
    }

    /** Upsample-7's scales attribute becomes a constant input; later forms already have the input. */
    private static String scalesInput(OnnxMl.NodeProto node, Conversion c) {
        OnnxMl.AttributeProto a = Names.attribute(node, "scales");
        if (a == null) {
            return node.getInput(1);
        }
        float[] values = new float[a.getFloatsCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.getFloats(i);
        }
        return c.floatsInput(Names.label(node) + "_scales", values);
    }

    private static String nearestMode(OnnxMl.NodeProto node, String scales, Conversion c) throws NormalizationException {
        OnnxMl.TensorProto t = c.constant(scales);
        if (t == null || t.getDataType() != TensorValues.FLOAT) {
            throw new NormalizationException(node.getOpType() + " node '" + Names.label(node)
                    + "' computes its scales at run time, so its nearest-pixel rounding cannot be carried into Resize-11");
        }
        boolean up = false;
        boolean down = false;
        for (float s : TensorValues.readFloats(t)) {
            up |= s > 1;
            down |= s < 1;
        }
        if (up && down) {
            throw new NormalizationException(node.getOpType() + " node '" + Names.label(node)
                    + "' enlarges some axes and shrinks others; Resize-11 has no rounding that matches both");
        }
        return down ? "ceil" : "floor";
    }

    private static OnnxMl.NodeProto base(OnnxMl.NodeProto node, String op, List<String> inputs, String mode) {
        OnnxMl.NodeProto.Builder b = Names.withoutAttributes(node, "mode", "scales").toBuilder().setOpType(op)
                .clearInput().addAllInput(new ArrayList<>(inputs));
        return b.addAttribute(Conversion.stringAttr("mode", mode)).build();
    }
}
