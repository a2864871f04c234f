package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * Pad: pads as attribute before opset 11 and as input since (with an optional constant value and, since 18,
 * axes); modes constant, edge and reflect. Torch pads only with a constant through DJL, so edge and reflect are
 * built from slices of the input.
 */
final class PadOp {

    private PadOp() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Pad", PadOp::pad);
    }

    private static NDList pad(NodeCall call) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        boolean attributes = call.opset() < 11;
        long[] given = attributes ? call.intsAttribute("pads") : call.longs(1);
        float value = attributes ? call.floatAttribute("value", 0f) : call.has(2) ? Values.scalar(call.input(2)) : 0f;
        int[] axes = !attributes && call.has(3) ? Values.axes(call.longs(3), rank) : Values.allAxes(rank);
        long[] begin = new long[rank];
        long[] end = new long[rank];
        for (int i = 0; i < axes.length; i++) {
            begin[axes[i]] = given[i];
            end[axes[i]] = given[i + axes.length];
        }
        String mode = call.stringAttribute("mode", "constant");
        NDArray out = x;
        for (int axis = 0; axis < rank; axis++) {
            if (begin[axis] < 0 || end[axis] < 0) {
                throw new OnnxExecutionException(call.label() + ": negative pads are not supported");
            }
            if (begin[axis] > 0 || end[axis] > 0) {
                out = padAxis(out, axis, begin[axis], end[axis], mode, value);
            }
        }
        return Values.one(out == x ? x.duplicate() : out);
    }

    private static NDArray padAxis(NDArray x, int axis, long begin, long end, String mode, float value) {
        int rank = x.getShape().dimension();
        if (mode.equals("constant")) {
            long[] spec = new long[2 * rank];
            spec[2 * (rank - 1 - axis)] = begin;
            spec[2 * (rank - 1 - axis) + 1] = end;
            return x.pad(new Shape(spec), value);
        }
        long dim = x.getShape().get(axis);
        long[] positions = new long[(int) (begin + dim + end)];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = source(i - begin, dim, mode);
        }
        return IndexOps.gather(x, axis, HostArrays.owned(x.getManager(), positions));
    }

    /** The input position that padded position {@code p} copies. */
    private static long source(long p, long dim, String mode) {
        return switch (mode) {
            case "edge" -> Math.max(0, Math.min(dim - 1, p));
            case "reflect" -> {
                long period = 2 * (dim - 1);
                long q = period == 0 ? 0 : Math.floorMod(p, period);
                yield q < dim ? q : period - q;
            }
            default -> throw new OnnxExecutionException("Pad mode '" + mode + "' is not supported");
        };
    }
}
