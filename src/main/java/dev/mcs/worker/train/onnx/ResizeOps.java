package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * Upsampling the way detection heads export it: Resize in {@code nearest} mode (the spec's coordinate
 * transformations and nearest modes, scales or sizes, opset 11+) as a Gather per resized axis. Linear and cubic
 * Resize are refused with the node named.
 */
final class ResizeOps {

    private ResizeOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Resize", ResizeOps::resize);
    }

    private static NDList resize(NodeCall call) {
        if (call.opset() < 11 || !call.stringAttribute("mode", "nearest").equals("nearest")) {
            throw new OnnxExecutionException(call.label() + ": only nearest Resize at opset 11 or later is supported");
        }
        NDArray x = call.input(0);
        long[] dims = x.getShape().getShape();
        float[] scales = new float[dims.length];
        long[] sizes = new long[dims.length];
        boolean bySizes = call.has(3) && call.input(3).size() > 0;
        float[] given = bySizes ? null : call.input(2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        long[] givenSizes = bySizes ? call.longs(3) : null;
        for (int i = 0; i < dims.length; i++) {
            sizes[i] = bySizes ? givenSizes[i] : (long) Math.floor(dims[i] * given[i]);
            scales[i] = bySizes ? (float) sizes[i] / dims[i] : given[i];
        }
        NDArray out = x;
        for (int axis = 0; axis < dims.length; axis++) {
            if (sizes[axis] != dims[axis] || scales[axis] != 1f) {
                long[] source = new long[(int) sizes[axis]];
                for (int i = 0; i < source.length; i++) {
                    source[i] = nearest(call, i, scales[axis], dims[axis], sizes[axis]);
                }
                out = IndexOps.gather(out, axis, HostArrays.owned(x.getManager(), source));
            }
        }
        return Values.one(out == x ? x.duplicate() : out);
    }

    private static long nearest(NodeCall call, int index, float scale, long inSize, long outSize) {
        String transform = call.stringAttribute("coordinate_transformation_mode", "half_pixel");
        double original = switch (transform) {
            case "asymmetric" -> index / (double) scale;
            case "align_corners" -> outSize == 1 ? 0 : index * (inSize - 1) / (double) (outSize - 1);
            case "pytorch_half_pixel" -> outSize > 1 ? (index + 0.5) / scale - 0.5 : 0;
            case "half_pixel" -> (index + 0.5) / scale - 0.5;
            case "tf_half_pixel_for_nn" -> (index + 0.5) / scale;
            default -> throw new OnnxExecutionException(call.label() + ": coordinate transformation " + transform
                    + " is not supported");
        };
        String mode = call.stringAttribute("nearest_mode", "round_prefer_floor");
        long chosen = switch (mode) {
            case "floor" -> (long) Math.floor(original);
            case "ceil" -> (long) Math.ceil(original);
            case "round_prefer_ceil" -> (long) Math.floor(original + 0.5);
            default -> (long) Math.ceil(original - 0.5);
        };
        return Math.max(0, Math.min(inSize - 1, chosen));
    }
}
