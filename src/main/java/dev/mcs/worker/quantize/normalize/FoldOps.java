package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.Map;

/**
 * The operators {@link ConstantFolder} computes. Each is exact: data movement (Identity, Reshape, Flatten,
 * Squeeze, Unsqueeze, Transpose) copies values unchanged, and float32 Add/Sub/Mul/Div round each element once
 * under IEEE 754 in Java exactly as in ONNX Runtime's kernels. Broadcasting is limited to equal shapes and a
 * one-element operand, which is what exporters write around weights; any other form returns null (not folded).
 */
final class FoldOps {

    private FoldOps() {
    }

    /** The node's single output as a tensor, or null when the node is not one this class folds exactly. */
    static OnnxMl.TensorProto compute(OnnxMl.NodeProto node, Map<String, OnnxMl.TensorProto> constants) {
        if (!Names.isDefaultDomain(node.getDomain()) || node.getOutputCount() != 1 || node.getInputCount() == 0) {
            return null;
        }
        OnnxMl.TensorProto[] in = new OnnxMl.TensorProto[node.getInputCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = constants.get(node.getInput(i));
            if (in[i] == null || TensorValues.isExternal(in[i])) {
                return null;
            }
        }
        try {
            long[] dims = ShapeOps.outputDims(node, in);
            if (dims != null) {
                return withDims(in[0], node.getOutput(0), dims);
            }
            return switch (node.getOpType()) {
                case "Transpose" -> ShapeOps.transpose(node, in[0]);
                case "Add", "Sub", "Mul", "Div" -> in.length == 2 ? Arithmetic.apply(node, in[0], in[1]) : null;
                default -> null;
            };
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            return null; // a form this class does not handle: the runtime computes it
        }
    }

    private static OnnxMl.TensorProto withDims(OnnxMl.TensorProto t, String name, long[] dims) {
        if (TensorValues.elements(dims) != TensorValues.elements(TensorValues.dims(t))) {
            throw new IllegalArgumentException("element count changes");
        }
        OnnxMl.TensorProto.Builder b = t.toBuilder().setName(name).clearDims();
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }
}
