package dev.mcs.worker.quantize.weightonly;


/**
 * Quantizes one block of weights to unsigned {@code bits}-bit codes with one scale and one integer zero
 * point: {@code w ≈ scale × (code − zeroPoint)}. That is the dequantization of ONNX Runtime's MatMulNBits
 * and GatherBlockQuantized, so the codes can be packed for either.
 */
final class BlockQuantizer {

    /** Codes of one block plus its scale and zero point. */
    record Block(int[] codes, float scale, int zeroPoint) {

        float dequantized(int i) {
            return scale * (codes[i] - zeroPoint);
        }
    }

    private final int bits;
    private final boolean symmetric;
    private final HqqOptimizer hqq;

    /** @param hqq null for round-to-nearest */
    BlockQuantizer(int bits, boolean symmetric, HqqOptimizer hqq) {
        this.bits = bits;
        this.symmetric = symmetric;
        this.hqq = hqq;
    }

    int maxCode() {
        return (1 << bits) - 1;
    }

    /** The zero point ORT assumes when a model gives none: the middle code (8 for 4 bits, 128 for 8 bits). */
    int defaultZeroPoint() {
        return 1 << (bits - 1);
    }

    boolean symmetric() {
        return symmetric;
    }

    Block quantize(float[] w) {
        Block rtn = symmetric ? symmetricRtn(w) : asymmetricRtn(w);
        return hqq == null ? rtn : hqq.refine(w, rtn, this);
    }

    /**
     * The value of largest magnitude maps to code 0 (−8 for 4 bits), so the scale may be negative: this uses
     * all 2^bits codes where a plain max-abs/7 scale would waste one.
     */
    private Block symmetricRtn(float[] w) {
        float extreme = 0f;
        for (float x : w) {
            if (Math.abs(x) > Math.abs(extreme)) {
                extreme = x;
            }
        }
        float scale = extreme == 0f ? 1f : extreme / -defaultZeroPoint();
        return new Block(codes(w, scale, defaultZeroPoint()), scale, defaultZeroPoint());
    }

    private Block asymmetricRtn(float[] w) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : w) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        float scale = max == min ? (max == 0f ? 1f : Math.abs(max)) : (max - min) / maxCode();
        int zeroPoint = clamp(Math.rint(-min / scale));
        return new Block(codes(w, scale, zeroPoint), scale, zeroPoint);
    }

    int[] codes(float[] w, float scale, int zeroPoint) {
        int[] codes = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            codes[i] = clamp(Math.rint(w[i] / scale) + zeroPoint);
        }
        return codes;
    }

    int clamp(double code) {
        return (int) Math.max(0, Math.min(maxCode(), code));
    }
}
