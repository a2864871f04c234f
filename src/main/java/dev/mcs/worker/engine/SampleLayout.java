package dev.mcs.worker.engine;

import java.util.Arrays;
import java.util.List;

/** How one dataset array, whose first axis is the sample axis, maps onto a model input of batch 1. */
final class SampleLayout {

    private SampleLayout() {}

    /**
     * The tensor shape of one sample: the array's per-sample dims, behind a batch dim of 1 when the model input
     * has one more dim than that; every static model dim must match.
     *
     * @param modelShape the model input's dims, -1 where unknown
     * @param arrayShape the array's dims, samples first
     * @return the shape, or {@code null} if the array does not fit the input
     */
    static long[] perSampleShape(long[] modelShape, List<Long> arrayShape) {
        long[] sampleDims = arrayShape.subList(1, arrayShape.size()).stream().mapToLong(Long::longValue).toArray();
        long[] shape;
        if (modelShape.length == sampleDims.length + 1) {
            shape = new long[modelShape.length];
            shape[0] = 1;
            System.arraycopy(sampleDims, 0, shape, 1, sampleDims.length);
        } else if (modelShape.length == sampleDims.length) {
            shape = sampleDims;
        } else {
            return null;
        }
        return fits(modelShape, shape) ? shape : null;
    }

    private static boolean fits(long[] modelShape, long[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (modelShape[i] >= 0 && modelShape[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }

    static String describe(long[] shape) {
        return Arrays.toString(shape).replace("-1", "?");
    }
}
