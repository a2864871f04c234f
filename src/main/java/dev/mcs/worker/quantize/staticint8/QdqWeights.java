package dev.mcs.worker.quantize.staticint8;


/** The arithmetic of static QDQ weights: symmetric int8 per channel (or per tensor) and int32 biases. */
final class QdqWeights {

    private static final int INT8_RANGE = 127;

    private QdqWeights() {
    }

    /**
     * Symmetric int8 weights, zero points all 0.
     *
     * @param scales one per channel along {@code axis}, or a single one when {@code perChannel} is false
     */
    record Int8(byte[] values, float[] scales) {
    }

    static Int8 int8(float[] w, long[] dims, int axis, boolean perChannel) {
        int channels = perChannel ? (int) dims[axis] : 1;
        int inner = perChannel ? innerSize(dims, axis) : w.length;
        float[] maxAbs = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = (i / inner) % channels;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            // An all-zero channel would divide by zero; any scale represents it exactly.
            scales[c] = maxAbs[c] == 0f ? 1f : maxAbs[c] / INT8_RANGE;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            double v = Math.rint(w[i] / scales[(i / inner) % channels]);
            q[i] = (byte) Math.max(-INT8_RANGE, Math.min(INT8_RANGE, v));
        }
        return new Int8(q, scales);
    }

    /** Elements after one step along {@code axis} in row-major order. */
    private static int innerSize(long[] dims, int axis) {
        long inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        return (int) inner;
    }

    /** Bias scales: input scale times each weight scale, the scale of the int32 accumulator ORT adds it to. */
    static float[] biasScales(float inputScale, float[] weightScales, int length) {
        float[] scales = new float[length];
        for (int c = 0; c < length; c++) {
            scales[c] = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
        }
        return scales;
    }

    static int[] int32(float[] bias, float[] scales) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            double v = scales[c] == 0f ? 0 : Math.rint(bias[c] / (double) scales[c]);
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }
}
