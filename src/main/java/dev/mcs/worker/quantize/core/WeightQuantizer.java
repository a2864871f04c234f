package dev.mcs.worker.quantize.core;


/** The arithmetic of dynamic int8 quantization, kept apart from graph surgery so it can be checked alone. */
public final class WeightQuantizer {

    private static final int INT8_RANGE = 127;
    private static final int UINT8_MAX = 255;

    private WeightQuantizer() {
    }

    /**
     * int8 weights laid out [K,N] with one symmetric scale per output column (or a single scale for the
     * whole tensor); zero points are all 0.
     */
    public record PerColumn(int k, int n, byte[] values, float[] scales) {
    }

    /** uint8 table with one asymmetric scale and zero point for the whole tensor. */
    record PerTensor(byte[] values, float scale, int zeroPoint) {
    }

    /** Full int8 range: weights in [-127, 127]. */
    public static final int FULL_RANGE = INT8_RANGE;
    /** ONNX Runtime's {@code reduce_range}: 7-bit weights in [-64, 64], as its reference int8 models have. */
    public static final int REDUCED_RANGE = 64;

    /**
     * Quantizes a MatMul/Gemm weight. With {@code transposed} the matrix is stored [N,K] (Gemm transB=1)
     * and is written out as [K,N] because MatMulInteger has no transpose flag.
     */
    static PerColumn perColumn(FloatMatrix w, boolean transposed) {
        return quantize(w, transposed, FULL_RANGE, true);
    }

    /**
     * @param range      largest magnitude of a quantized value ({@link #FULL_RANGE} or {@link #REDUCED_RANGE})
     * @param perChannel one scale per output column; otherwise {@code scales} has a single entry for the tensor
     */
    public static PerColumn quantize(FloatMatrix w, boolean transposed, int range, boolean perChannel) {
        int k = transposed ? w.cols() : w.rows();
        int n = transposed ? w.rows() : w.cols();
        float[] maxAbs = new float[perChannel ? n : 1];
        float[] v = w.values();
        for (int i = 0; i < v.length; i++) {
            int column = perChannel ? (transposed ? i / w.cols() : i % w.cols()) : 0;
            maxAbs[column] = Math.max(maxAbs[column], Math.abs(v[i]));
        }
        float[] scales = new float[maxAbs.length];
        for (int c = 0; c < scales.length; c++) {
            // An all-zero column would divide by zero; any scale represents it exactly.
            scales[c] = maxAbs[c] == 0f ? 1f : maxAbs[c] / range;
        }
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int row = transposed ? i % w.cols() : i / w.cols();
            int column = transposed ? i / w.cols() : i % w.cols();
            float scale = scales[perChannel ? column : 0];
            q[row * n + column] = (byte) clamp(Math.rint(v[i] / scale), -range, range);
        }
        return new PerColumn(k, n, q, scales);
    }

    /** Quantizes an embedding table; the range always includes 0 so that 0 stays exact. */
    static PerTensor perTensorUint8(float[] v) {
        float min = 0f;
        float max = 0f;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        float scale = max == min ? 1f : (max - min) / UINT8_MAX;
        int zeroPoint = clamp(Math.rint(-min / scale), 0, UINT8_MAX);
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = (byte) clamp(Math.rint(v[i] / scale) + zeroPoint, 0, UINT8_MAX);
        }
        return new PerTensor(q, scale, zeroPoint);
    }

    private static int clamp(double x, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, x));
    }
}
