package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * ReduceMean/Sum/Max/Min/Prod/SumSquare/L2: axes as attribute (ReduceSum before opset 13, the others before 18)
 * or as input; {@code keepdims} 1 by default; no axes means all, unless {@code noop_with_empty_axes}.
 */
final class ReduceOps {

    interface Reduction {
        NDArray apply(NDArray x, int[] axes, boolean keep);
    }

    private ReduceOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        put(ops, "ReduceMean", 18, NDArray::mean);
        put(ops, "ReduceSum", 13, NDArray::sum);
        put(ops, "ReduceMax", 18, NDArray::max);
        put(ops, "ReduceMin", 18, NDArray::min);
        put(ops, "ReduceProd", 18, NDArray::prod);
        put(ops, "ReduceSumSquare", 18, (x, axes, keep) -> x.square().sum(axes, keep));
        put(ops, "ReduceL2", 18, (x, axes, keep) -> x.square().sum(axes, keep).sqrt());
    }

    private static void put(Map<String, OnnxOp> ops, String type, long axesInputSince, Reduction reduction) {
        ops.put(type, call -> reduce(call, axesInputSince, reduction));
    }

    private static NDList reduce(NodeCall call, long axesInputSince, Reduction reduction) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        long[] axes = call.opset() < axesInputSince ? call.intsAttribute("axes") : call.has(1) ? call.longs(1) : null;
        boolean keep = call.intAttribute("keepdims", 1) == 1;
        if (axes == null || axes.length == 0) {
            if (call.intAttribute("noop_with_empty_axes", 0) == 1) {
                return Values.one(x.duplicate());
            }
            return Values.one(byAxis(reduction, x, Values.allAxes(rank), keep));
        }
        return Values.one(byAxis(reduction, x, Values.axes(axes, rank), keep));
    }

    /** One axis at a time (torch through DJL reduces mean, max, min and prod over a single axis only). */
    static NDArray byAxis(Reduction reduction, NDArray x, int[] axes, boolean keep) {
        NDArray out = x;
        for (int axis : axes) {
            NDArray next = reduction.apply(out, new int[] {axis}, true);
            if (out != x) {
                out.close();
            }
            out = next;
        }
        return keep ? out : out.squeeze(axes);
    }
}
