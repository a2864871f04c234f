package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Small conversions shared by the operator families. */
final class Values {

    private Values() {
    }

    static long[] longs(NDArray array) {
        return array.getDataType() == DataType.INT64 ? array.toLongArray() : array.toType(DataType.INT64, false).toLongArray();
    }

    static float scalar(NDArray array) {
        return array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()[0]
                : array.toType(DataType.FLOAT32, false).toFloatArray()[0];
    }

    /** An ONNX axis (negative counts from the end) as a dimension index. */
    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new OnnxExecutionException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    static int[] axes(long[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(axes[i], rank);
        }
        return out;
    }

    static int[] allAxes(int rank) {
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = i;
        }
        return out;
    }

    static NDList one(NDArray array) {
        return new NDList(array);
    }

    static boolean isInteger(DataType type) {
        return type.isInteger() || type == DataType.UINT8;
    }

    /** {@code shape} with {@code value} repeated {@code count} times. */
    static Shape repeated(long value, int count) {
        long[] dims = new long[count];
        java.util.Arrays.fill(dims, value);
        return new Shape(dims);
    }

    /** The numpy broadcast of the shapes. */
    static Shape broadcast(Shape... shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            rank = Math.max(rank, s.dimension());
        }
        long[] out = new long[rank];
        java.util.Arrays.fill(out, 1);
        for (Shape s : shapes) {
            for (int i = 0; i < s.dimension(); i++) {
                long d = s.get(i);
                int at = rank - s.dimension() + i;
                out[at] = out[at] == 1 ? d : out[at];
            }
        }
        return new Shape(out);
    }

    /** {@code where} of DJL's torch engine does not broadcast, ONNX's Where does. */
    static NDArray where(NDArray condition, NDArray a, NDArray b) {
        Shape shape = broadcast(condition.getShape(), a.getShape(), b.getShape());
        return ai.djl.ndarray.NDArrays.where(expand(condition, shape), expand(a, shape), expand(b, shape));
    }

    private static NDArray expand(NDArray x, Shape shape) {
        return x.getShape().equals(shape) ? x : x.broadcast(shape);
    }
}
