package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A group-1 Conv in the trainable executor, run with zero filters added until its output channels are a multiple of
 * {@value #BLOCK}, with zero input channels added likewise when it reads more than 16, and the extra output channels
 * sliced off again. libtorch 2.7.1's float CPU Conv (DJL's native build) got both wrong at batch 32,
 * with the channel counts structured pruning and small students leave. Measured against the same network in double
 * precision, which matched ONNX Runtime to 2e-7 and central differences to five digits ({@code PaddedConvTest}):
 * <ul>
 *   <li>Output channels not a multiple of 16 (8, 9, 24): the gradient of the Conv's input was wrong, so the layers
 *   before it trained on it. Conv 8→8, Relu, Conv 8→8: the first Conv's weight and bias gradients were 69 % and 85 %
 *   off. Conv 1→8, Relu, Conv 8→9: 79 % off, and NaN in 21 of 2,000 steps; a digits CNN's recovery stopped as
 *   diverged.</li>
 *   <li>Input channels 20, 24 or 40: the output itself was 26–46 % off ONNX Runtime's, in the forward pass. 1–16 and 32
 *   input channels were right.</li>
 * </ul>
 * Added filters and channels are zero, so the output is the Conv's and every gradient is the exact one.
 */
final class PaddedConv {

    /** The channel multiple at which the kernel was never seen to fail. */
    static final long BLOCK = 16;

    private PaddedConv() {
    }

    /**
     * Whether {@link #apply} is needed: a group-1 Conv with a channel count to pad. Whether a gradient flows does not
     * matter: the wrong outputs came outside a gradient collector too, and every trainable weight requires one anyway.
     */
    static boolean needed(NDArray w, int group) {
        return group == 1 && (extra(w.getShape().get(0), 0) > 0 || extra(w.getShape().get(1), BLOCK) > 0);
    }

    /** Channels to add to {@code count} for a multiple of {@value #BLOCK}; none at or below {@code upTo}. */
    private static long extra(long count, long upTo) {
        return count <= upTo || count % BLOCK == 0 ? 0 : BLOCK - count % BLOCK;
    }

    /** The Conv of {@code input} (already padded in space) with {@code w} and {@code bias} (or null). */
    static NDList apply(NodeCall call, NDArray input, NDArray w, NDArray bias, ConvShape shape) {
        long out = w.getShape().get(0);
        long moreOut = extra(out, 0);
        long moreIn = extra(w.getShape().get(1), BLOCK);
        NDArray filters = withZeros(call, withZeros(call, w, 0, moreOut), 1, moreIn);
        NDArray biases = bias == null ? null : withZeros(call, bias, 0, moreOut);
        NDArray x = withZeros(call, input, 1, moreIn);
        NDArray all = x.getNDArrayInternal().convolution(x, filters, biases, shape.strides(), shape.padding(),
                shape.dilations(), 1).singletonOrThrow();
        return Values.one(moreOut == 0 ? all : all.get(new NDIndex(":, :{}", out)));
    }

    /** {@code array} with {@code count} zero slices appended along {@code axis}. */
    private static NDArray withZeros(NodeCall call, NDArray array, int axis, long count) {
        if (count == 0) {
            return array;
        }
        long[] dims = array.getShape().getShape().clone();
        dims[axis] = count;
        return array.concat(call.manager().zeros(new Shape(dims), array.getDataType()), axis);
    }

    /** Strides, symmetric padding and dilations of a Conv, as libtorch takes them. */
    record ConvShape(Shape strides, Shape padding, Shape dilations) {}
}
