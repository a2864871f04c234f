package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/** Conv (groups, dilations, asymmetric and automatic pads) and the pooling operators, for 1-D to 3-D inputs. */
final class ConvPoolOps {

    private ConvPoolOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Conv", ConvPoolOps::conv);
        ops.put("MaxPool", ConvPoolOps::maxPool);
        ops.put("AveragePool", ConvPoolOps::averagePool);
        ops.put("GlobalAveragePool", call -> Values.one(globalReduce(call.input(0), true)));
        ops.put("GlobalMaxPool", call -> Values.one(globalReduce(call.input(0), false)));
        PadOp.register(ops);
    }

    private static NDList conv(NodeCall call) {
        NDArray x = call.input(0);
        NDArray w = call.input(1);
        int n = w.getShape().dimension() - 2;
        long[] kernel = w.getShape().slice(2).getShape();
        long[] strides = SpatialPads.orOnes(call.intsAttribute("strides"), n);
        long[] dilations = SpatialPads.orOnes(call.intsAttribute("dilations"), n);
        SpatialPads pads = SpatialPads.of(call, x, kernel, strides, dilations);
        NDArray input = pads.applyAsymmetric(x, 0);
        NDArray bias = call.has(2) ? call.input(2) : null;
        int group = (int) call.intAttribute("group", 1);
        PaddedConv.ConvShape shape = new PaddedConv.ConvShape(new Shape(strides), pads.symmetricPadding(),
                new Shape(dilations));
        if (PaddedConv.needed(w, group)) {
            return PaddedConv.apply(call, input, w, bias, shape);
        }
        return input.getNDArrayInternal().convolution(input, w, bias, shape.strides(), shape.padding(),
                shape.dilations(), group);
    }

    private static NDList maxPool(NodeCall call) {
        NDArray x = call.input(0);
        long[] kernel = call.intsAttribute("kernel_shape");
        int n = kernel.length;
        long[] strides = SpatialPads.orOnes(call.intsAttribute("strides"), n);
        long[] dilations = SpatialPads.orOnes(call.intsAttribute("dilations"), n);
        if (call.wantsOutput(1) || !java.util.Arrays.equals(dilations, SpatialPads.orOnes(null, n))) {
            throw new OnnxExecutionException(call.label() + ": MaxPool indices output and dilations are not supported");
        }
        SpatialPads pads = SpatialPads.of(call, x, kernel, strides, dilations);
        NDArray input = pads.applyAsymmetric(x, Double.NEGATIVE_INFINITY);
        return Values.one(input.getNDArrayInternal().maxPool(new Shape(kernel), new Shape(strides),
                pads.symmetricPadding(), call.intAttribute("ceil_mode", 0) == 1));
    }

    private static NDList averagePool(NodeCall call) {
        NDArray x = call.input(0);
        long[] kernel = call.intsAttribute("kernel_shape");
        int n = kernel.length;
        long[] strides = SpatialPads.orOnes(call.intsAttribute("strides"), n);
        SpatialPads pads = SpatialPads.of(call, x, kernel, strides, SpatialPads.orOnes(null, n));
        boolean countPads = call.intAttribute("count_include_pad", 0) == 1;
        if (!pads.symmetric() && !countPads) {
            throw new OnnxExecutionException(call.label()
                    + ": AveragePool with asymmetric pads that are not counted is not supported");
        }
        NDArray input = pads.applyAsymmetric(x, 0);
        boolean ceil = call.intAttribute("ceil_mode", 0) == 1;
        NDArray sums = input.getNDArrayInternal().avgPool(new Shape(kernel), new Shape(strides), pads.symmetricPadding(),
                ceil, true);
        if (countPads || !pads.symmetric() || java.util.Arrays.stream(pads.begin()).allMatch(p -> p == 0)) {
            return Values.one(sums);
        }
        // libtorch through DJL counts padded positions whatever the flag says; dividing by the average of ones
        // over the same windows leaves the mean over the real positions only, as ONNX's default asks.
        NDArray share = input.onesLike().getNDArrayInternal().avgPool(new Shape(kernel), new Shape(strides),
                pads.symmetricPadding(), ceil, true);
        return Values.one(sums.div(share));
    }

    private static NDArray globalReduce(NDArray x, boolean average) {
        int rank = x.getShape().dimension();
        int[] spatial = new int[rank - 2];
        for (int i = 0; i < spatial.length; i++) {
            spatial[i] = i + 2;
        }
        return ReduceOps.byAxis(average ? NDArray::mean : NDArray::max, x, spatial, true);
    }
}
