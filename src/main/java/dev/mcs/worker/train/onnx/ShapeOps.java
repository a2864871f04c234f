package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;

/**
 * Operators that move or reshape data without computing on it, and the shape arithmetic exporters emit
 * around them (Shape, Reshape with 0 and -1, Squeeze/Unsqueeze with axes as attribute before opset 13 and as
 * input since, Expand's two-way broadcast).
 */
final class ShapeOps {

    private ShapeOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Shape", ShapeOps::shape);
        ops.put("Size", call -> Values.one(HostArrays.ownedScalar(call.manager(), call.input(0).getShape().size())));
        ops.put("Reshape", ShapeOps::reshape);
        ops.put("Flatten", ShapeOps::flatten);
        ops.put("Transpose", ShapeOps::transpose);
        ops.put("Squeeze", ShapeOps::squeeze);
        ops.put("Unsqueeze", ShapeOps::unsqueeze);
        ops.put("Concat", ShapeOps::concat);
        ops.put("Expand", ShapeOps::expand);
        ops.put("Tile", call -> Values.one(call.input(0).tile(call.longs(1))));
        ConstantOps.register(ops);
    }

    /** Since opset 15 Shape may return a slice of the dimensions ({@code start}, {@code end}, clamped). */
    private static NDList shape(NodeCall call) {
        long[] dims = call.input(0).getShape().getShape();
        int rank = dims.length;
        int start = clampedIndex(call.intAttribute("start", 0), rank);
        int end = clampedIndex(call.intAttribute("end", rank), rank);
        long[] out = Arrays.copyOfRange(dims, start, Math.max(start, end));
        // Owned: a Gather or Slice of this tensor is a view that outlives it, and must not point into a Java buffer.
        return Values.one(HostArrays.owned(call.manager(), out));
    }

    private static int clampedIndex(long index, int rank) {
        long i = index < 0 ? index + rank : index;
        return (int) Math.max(0, Math.min(rank, i));
    }

    private static NDList reshape(NodeCall call) {
        NDArray x = call.input(0);
        long[] target = call.longs(1).clone();
        boolean allowZero = call.intAttribute("allowzero", 0) == 1;
        for (int i = 0; i < target.length && !allowZero; i++) {
            if (target[i] == 0) {
                target[i] = x.getShape().get(i);
            }
        }
        return Values.one(x.reshape(new Shape(target)));
    }

    private static NDList flatten(NodeCall call) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        long axis = call.intAttribute("axis", 1);
        int a = (int) (axis < 0 ? axis + rank : axis);
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.getShape().get(i);
        }
        return Values.one(x.reshape(outer, outer == 0 ? 0 : x.getShape().size() / Math.max(outer, 1)));
    }

    private static NDList transpose(NodeCall call) {
        NDArray x = call.input(0);
        long[] perm = call.intsAttribute("perm");
        int rank = x.getShape().dimension();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = perm == null ? rank - 1 - i : (int) perm[i];
        }
        return Values.one(x.transpose(axes));
    }

    private static long[] axes(NodeCall call) {
        return call.opset() < 13 ? call.intsAttribute("axes") : call.has(1) ? call.longs(1) : null;
    }

    private static NDList squeeze(NodeCall call) {
        NDArray x = call.input(0);
        long[] axes = axes(call);
        if (axes == null) {
            return Values.one(x.squeeze());
        }
        return Values.one(x.squeeze(Values.axes(axes, x.getShape().dimension())));
    }

    /** Axes count in the output's rank, so they are normalized against it and inserted in ascending order. */
    private static NDList unsqueeze(NodeCall call) {
        NDArray x = call.input(0);
        long[] axes = axes(call);
        int outRank = x.getShape().dimension() + axes.length;
        int[] sorted = Values.axes(axes, outRank);
        Arrays.sort(sorted);
        NDArray out = x;
        for (int a : sorted) {
            out = out.expandDims(a);
        }
        return Values.one(out == x ? x.duplicate() : out);
    }

    private static NDList concat(NodeCall call) {
        NDList parts = new NDList();
        call.inputs().forEach(parts::add);
        int axis = Values.axis(call.intAttribute("axis", 0), parts.get(0).getShape().dimension());
        return Values.one(parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, axis));
    }

    /** Expand broadcasts both ways: the result has the broadcast of the input's shape and the requested one. */
    private static NDList expand(NodeCall call) {
        NDArray x = call.input(0);
        long[] requested = call.longs(1);
        long[] own = x.getShape().getShape();
        int rank = Math.max(requested.length, own.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long a = i - (rank - own.length) >= 0 ? own[i - (rank - own.length)] : 1;
            long b = i - (rank - requested.length) >= 0 ? requested[i - (rank - requested.length)] : 1;
            out[i] = a == 1 ? b : a;
        }
        return Values.one(x.broadcast(new Shape(out)));
    }
}
