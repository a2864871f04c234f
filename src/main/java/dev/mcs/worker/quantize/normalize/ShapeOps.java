package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/** Output shapes of the data-movement operators {@link FoldOps} folds, and Transpose of float tensors. */
final class ShapeOps {

    private ShapeOps() {
    }

    /** The output dims when the node only reinterprets its first input's data, else null. */
    static long[] outputDims(OnnxMl.NodeProto node, OnnxMl.TensorProto[] in) {
        long[] dims = TensorValues.dims(in[0]);
        return switch (node.getOpType()) {
            case "Identity" -> dims;
            case "Reshape" -> in.length == 2 && attr(node, "allowzero", 0) == 0 ? reshape(dims, TensorValues.readLongs(in[1])) : null;
            case "Flatten" -> flatten(dims, (int) attr(node, "axis", 1));
            case "Squeeze" -> squeeze(dims, axes(node, in));
            case "Unsqueeze" -> unsqueeze(dims, axes(node, in));
            default -> null;
        };
    }

    static OnnxMl.TensorProto transpose(OnnxMl.NodeProto node, OnnxMl.TensorProto t) {
        long[] dims = TensorValues.dims(t);
        OnnxMl.AttributeProto p = Names.attribute(node, "perm");
        int rank = dims.length;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = p == null ? rank - 1 - i : (int) p.getInts(i);
        }
        float[] src = TensorValues.readFloats(t);
        long[] outDims = new long[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = dims[perm[i]];
        }
        long[] srcStrides = strides(dims);
        float[] out = new float[src.length];
        int[] index = new int[rank];
        for (int o = 0; o < out.length; o++) {
            long s = 0;
            for (int i = 0; i < rank; i++) {
                s += index[i] * srcStrides[perm[i]];
            }
            out[o] = src[(int) s];
            for (int i = rank - 1; i >= 0 && ++index[i] == outDims[i]; i--) {
                index[i] = 0;
            }
        }
        return TensorValues.floats(node.getOutput(0), out, outDims);
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long step = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= dims[i];
        }
        return s;
    }

    private static long[] reshape(long[] dims, long[] shape) {
        long[] out = shape.clone();
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = dims[i];
            }
            if (out[i] == -1) {
                inferred = i;
            } else {
                known *= out[i];
            }
        }
        if (inferred >= 0) {
            out[inferred] = TensorValues.elements(dims) / known;
        }
        return out;
    }

    private static long[] flatten(long[] dims, int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= dims[i];
        }
        return new long[] {outer, TensorValues.elements(dims) / outer};
    }

    private static long[] squeeze(long[] dims, long[] axes) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            boolean named = axes == null ? dims[i] == 1 : contains(axes, i, dims.length);
            if (!named) {
                out.add(dims[i]);
            } else if (dims[i] != 1) {
                throw new IllegalArgumentException("squeezing a dimension that is not 1");
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] unsqueeze(long[] dims, long[] axes) {
        int rank = dims.length + axes.length;
        long[] out = new long[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = contains(axes, i, rank) ? 1 : dims[next++];
        }
        return out;
    }

    private static boolean contains(long[] axes, int axis, int rank) {
        for (long a : axes) {
            if ((a < 0 ? a + rank : a) == axis) {
                return true;
            }
        }
        return false;
    }

    /** Axes from the attribute (before opset 13) or the second input (13 and newer); null when absent. */
    private static long[] axes(OnnxMl.NodeProto node, OnnxMl.TensorProto[] in) {
        OnnxMl.AttributeProto a = Names.attribute(node, "axes");
        if (a != null) {
            return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
        return in.length > 1 ? TensorValues.readLongs(in[1]) : null;
    }

    private static long attr(OnnxMl.NodeProto node, String name, long fallback) {
        OnnxMl.AttributeProto a = Names.attribute(node, name);
        return a == null ? fallback : a.getI();
    }
}
