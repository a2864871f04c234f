package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The begin/end padding of each spatial axis of a Conv or pool: explicit {@code pads} ([x1_begin, x2_begin, …,
 * x1_end, x2_end, …]) or {@code auto_pad} SAME_UPPER / SAME_LOWER (output = ceil(input / stride), the odd pixel
 * at the end resp. the beginning) or VALID. Torch pads symmetrically, so asymmetric pads are applied to the input
 * first ({@link #applyAsymmetric}).
 */
record SpatialPads(long[] begin, long[] end) {

    static SpatialPads of(NodeCall call, NDArray x, long[] kernel, long[] strides, long[] dilations) {
        int n = kernel.length;
        String auto = call.stringAttribute("auto_pad", "NOTSET");
        long[] begin = new long[n];
        long[] end = new long[n];
        if (auto.startsWith("SAME")) {
            for (int i = 0; i < n; i++) {
                long in = x.getShape().get(2 + i);
                long out = (in + strides[i] - 1) / strides[i];
                long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in);
                begin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                end[i] = total - begin[i];
            }
        } else if (!auto.equals("VALID")) {
            long[] pads = call.intsAttribute("pads");
            for (int i = 0; pads != null && i < n; i++) {
                begin[i] = pads[i];
                end[i] = pads[i + n];
            }
        }
        return new SpatialPads(begin, end);
    }

    boolean symmetric() {
        return java.util.Arrays.equals(begin, end);
    }

    Shape symmetricPadding() {
        return new Shape(symmetric() ? begin : new long[begin.length]);
    }

    /** The input with the padding applied (torch pad lists the last axis first), when it is not symmetric. */
    NDArray applyAsymmetric(NDArray x, double value) {
        if (symmetric()) {
            return x;
        }
        int n = begin.length;
        long[] spec = new long[2 * n];
        for (int i = 0; i < n; i++) {
            spec[2 * i] = begin[n - 1 - i];
            spec[2 * i + 1] = end[n - 1 - i];
        }
        return x.pad(new Shape(spec), value);
    }

    static long[] orOnes(long[] values, int n) {
        if (values != null) {
            return values;
        }
        long[] ones = new long[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }
}
