package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A group-1 Conv that takes part in a backward pass, run with zero filters added until its output channels are a
 * multiple of {@value #BLOCK}, and the extra channels sliced off again. libtorch 2.7.1's float CPU Conv (DJL's native
 * build) computes a wrong gradient for its input when its output channels are not a multiple of 16, as structured
 * pruning and small students leave them, so the layers before it train on a wrong gradient. Measured here against
 * the same network in double precision (which matched central differences to five digits):
 * <ul>
 *   <li>Conv 8→8, Relu, Conv 8→8: the first Conv's weight and bias gradients were off by 69 % and 85 % (relative to
 *   their largest element). The second Conv's own gradients were right, and so was every gradient with 16 channels
 *   after the second Conv or with a depthwise one.</li>
 *   <li>Conv 1→8, Relu, Conv 8→9: now and then the error is NaN. The first Conv's gradients held NaN in 21 of 2,000
 *   steps unpadded, 16 with only the second Conv padded, none with both padded. A digits CNN's recovery skipped ten
 *   steps in a row and stopped as diverged.</li>
 * </ul>
 * The added filters are zero, so the output is the Conv's as it is and every gradient is the exact one.
 */
final class PaddedConv {

    /** The output-channel multiple at which the kernel was never seen to fail. */
    static final long BLOCK = 16;

    private PaddedConv() {
    }

    /** Whether {@link #apply} is needed: a backward pass will go through this Conv. */
    static boolean needed(NDArray x, NDArray w, int group) {
        return group == 1 && (x.hasGradient() || w.hasGradient()) && w.getShape().get(0) % BLOCK != 0;
    }

    /** The Conv of {@code input} (already padded in space) with {@code w} and {@code bias} (or null). */
    static NDList apply(NodeCall call, NDArray input, NDArray w, NDArray bias, ConvShape shape) {
        long out = w.getShape().get(0);
        long extra = BLOCK - out % BLOCK;
        NDArray filters = w.concat(call.manager().zeros(new Shape(extra).addAll(w.getShape().slice(1)),
                w.getDataType()), 0);
        NDArray biases = bias == null ? null
                : bias.concat(call.manager().zeros(new Shape(extra), bias.getDataType()), 0);
        NDArray all = input.getNDArrayInternal().convolution(input, filters, biases, shape.strides(),
                shape.padding(), shape.dilations(), 1).singletonOrThrow();
        return Values.one(all.get(new NDIndex(":, :{}", out)));
    }

    /** Strides, symmetric padding and dilations of a Conv, as libtorch takes them. */
    record ConvShape(Shape strides, Shape padding, Shape dilations) {}
}
