package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * Operators that select along axes: Gather (any axis, negative and multi-dimensional indices), Slice (bounds
 * clamped as the spec says, negative steps, attribute form before opset 10) and Split.
 */
final class IndexOps {

    private IndexOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Gather", call -> {
            NDArray data = call.input(0);
            int axis = Values.axis(call.intAttribute("axis", 0), data.getShape().dimension());
            return Values.one(gather(data, axis, call.input(1)));
        });
        ops.put("Slice", IndexOps::slice);
        ops.put("Split", IndexOps::split);
    }

    /** Torch's advanced indexing at one axis has Gather's semantics: the index's dimensions replace the axis. */
    static NDArray gather(NDArray data, int axis, NDArray indices) {
        NDArray index = indices.getDataType() == DataType.INT64 ? indices : indices.toType(DataType.INT64, false);
        NDIndex selection = new NDIndex();
        for (int i = 0; i < axis; i++) {
            selection.addAllDim();
        }
        return data.get(selection.addIndices("{}", index));
    }

    private static NDList slice(NodeCall call) {
        NDArray x = call.input(0);
        int rank = x.getShape().dimension();
        boolean attributes = call.opset() < 10;
        long[] starts = attributes ? call.intsAttribute("starts") : call.longs(1);
        long[] ends = attributes ? call.intsAttribute("ends") : call.longs(2);
        long[] axes = attributes ? call.intsAttribute("axes") : call.has(3) ? call.longs(3) : null;
        long[] steps = !attributes && call.has(4) ? call.longs(4) : null;
        NDArray out = x;
        for (int i = 0; i < starts.length; i++) {
            int axis = Values.axis(axes == null ? i : axes[i], rank);
            long step = steps == null ? 1 : steps[i];
            out = sliceAxis(out, axis, starts[i], ends[i], step);
        }
        return Values.one(out == x ? x.duplicate() : out);
    }

    private static NDArray sliceAxis(NDArray x, int axis, long start, long end, long step) {
        if (step == 0) {
            throw new OnnxExecutionException("Slice step 0 is invalid");
        }
        long dim = x.getShape().get(axis);
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        if (step > 0) {
            s = clamp(s, 0, dim);
            e = clamp(e, 0, dim);
            NDIndex index = new NDIndex();
            for (int i = 0; i < axis; i++) {
                index.addAllDim();
            }
            return x.get(index.addSliceDim(s, Math.max(s, e), step));
        }
        // Torch has no negative steps: the selected positions go through Gather instead.
        s = clamp(s, 0, dim - 1);
        e = clamp(e, -1, dim - 1);
        int count = (int) Math.max(0, (s - e + (-step) - 1) / (-step));
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            positions[i] = s + i * step;
        }
        return gather(x, axis, HostArrays.owned(x.getManager(), positions));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Split sizes: the input (opset 13+) or attribute, else {@code num_outputs} (opset 18) or the output count. */
    private static NDList split(NodeCall call) {
        NDArray x = call.input(0);
        int axis = Values.axis(call.intAttribute("axis", 0), x.getShape().dimension());
        long[] sizes = call.opset() < 13 ? call.intsAttribute("split") : call.has(1) ? call.longs(1) : null;
        long dim = x.getShape().get(axis);
        if (sizes == null) {
            int parts = (int) call.intAttribute("num_outputs", call.node().getOutputCount());
            long chunk = (dim + parts - 1) / parts;
            sizes = new long[parts];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(chunk, dim - i * chunk));
            }
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += sizes[i];
            cuts[i] = at;
        }
        return x.split(cuts, axis);
    }
}
