package dev.mcs.worker.prune.structured;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcs.worker.prune.onnx.Weights;

/** Entries of a tensor grouped by their index along one axis: norms per index, and the tensor with some kept. */
final class Slices {

    private Slices() {}

    /** Sum of squares of the entries at each index along {@code axis}. */
    static double[] squares(TensorProto t, int axis) {
        long[] dims = Weights.dims(t);
        float[] v = Weights.values(t);
        int len = (int) dims[axis];
        int inner = inner(dims, axis);
        double[] out = new double[len];
        for (int i = 0; i < v.length; i++) {
            out[(i / inner) % len] += (double) v[i] * v[i];
        }
        return out;
    }

    /** Sum of the entries ({@code values} laid out as {@code dims}) at each index along {@code axis}. */
    static double[] sums(double[] values, long[] dims, int axis) {
        int len = (int) dims[axis];
        int inner = inner(dims, axis);
        double[] out = new double[len];
        for (int i = 0; i < values.length; i++) {
            out[(i / inner) % len] += values[i];
        }
        return out;
    }

    /** Per unit: the sum of {@code perIndex} over the unit's block of indices. */
    static double[] perUnit(double[] perIndex, int block) {
        double[] out = new double[perIndex.length / block];
        for (int i = 0; i < perIndex.length; i++) {
            out[i / block] += perIndex[i];
        }
        return out;
    }

    /** The tensor with only the kept units (ascending) along {@code axis}, each {@code block} indices wide. */
    static TensorProto keep(TensorProto t, Cut cut, int[] kept) {
        long[] dims = Weights.dims(t);
        float[] v = Weights.values(t);
        int len = (int) dims[cut.axis()];
        int inner = inner(dims, cut.axis());
        int outer = v.length / (len * inner);
        int newLen = kept.length * cut.block();
        float[] out = new float[outer * newLen * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int unit : kept) {
                int from = (o * len + unit * cut.block()) * inner;
                int size = cut.block() * inner;
                System.arraycopy(v, from, out, at, size);
                at += size;
            }
        }
        dims[cut.axis()] = newLen;
        return Weights.with(t, out, dims);
    }

    static int inner(long[] dims, int axis) {
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= (int) dims[d];
        }
        return inner;
    }
}
