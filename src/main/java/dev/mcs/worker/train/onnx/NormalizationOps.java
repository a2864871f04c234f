package dev.mcs.worker.train.onnx;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * BatchNormalization in inference mode (the running statistics are constants, see
 * {@link OperatorRegistry#constantInputs}), LayerNormalization over the axes from {@code axis} on, and Softmax /
 * LogSoftmax with their opset-dependent axis semantics.
 */
final class NormalizationOps {

    private NormalizationOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("BatchNormalization", NormalizationOps::batchNorm);
        ops.put("LayerNormalization", NormalizationOps::layerNorm);
        ops.put("Softmax", call -> softmax(call, false));
        ops.put("LogSoftmax", call -> softmax(call, true));
    }

    private static NDList batchNorm(NodeCall call) {
        if (call.intAttribute("training_mode", 0) == 1) {
            throw new OnnxExecutionException(call.label() + ": BatchNormalization in training mode is not supported");
        }
        NDArray x = call.input(0);
        long[] perChannel = new long[x.getShape().dimension()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = x.getShape().get(1);
        Shape channels = new Shape(perChannel);
        float epsilon = call.floatAttribute("epsilon", 1e-5f);
        NDArray scale = call.input(1).reshape(channels);
        NDArray bias = call.input(2).reshape(channels);
        NDArray mean = call.input(3).reshape(channels);
        NDArray variance = call.input(4).reshape(channels);
        return Values.one(x.sub(mean).mul(scale.div(variance.add(epsilon).sqrt())).add(bias));
    }

    private static NDList layerNorm(NodeCall call) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        int axis = Values.axis(call.intAttribute("axis", -1), rank);
        int[] axes = new int[rank - axis];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axis + i;
        }
        float epsilon = call.floatAttribute("epsilon", 1e-5f);
        NDArray mean = x.mean(axes, true);
        NDArray centered = x.sub(mean);
        NDArray inverseStd = OwnedScalars.divide(1f, centered.square().mean(axes, true).add(epsilon).sqrt());
        NDArray y = centered.mul(inverseStd).mul(call.input(1));
        NDList out = new NDList(call.has(2) ? y.add(call.input(2)) : y);
        if (call.wantsOutput(1) || call.wantsOutput(2)) {
            out.add(mean);
            out.add(inverseStd);
        }
        return out;
    }

    /**
     * Before opset 13 the input is seen as 2-D, [prod(dims before axis), prod(dims from axis)], with axis 1 by
     * default; since 13 the operation runs along one axis, -1 by default.
     */
    private static NDList softmax(NodeCall call, boolean log) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        if (call.opset() >= 13) {
            int axis = Values.axis(call.intAttribute("axis", -1), rank);
            return Values.one(log ? x.logSoftmax(axis) : x.softmax(axis));
        }
        int axis = Values.axis(call.intAttribute("axis", 1), rank);
        long outer = x.getShape().slice(0, axis).size();
        NDArray flat = x.reshape(outer, x.getShape().size() / Math.max(outer, 1));
        return Values.one((log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(x.getShape()));
    }
}
