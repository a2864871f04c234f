package dev.mcs.worker.quantize.weightonly;


/**
 * Half-Quadratic Quantization (Badri &amp; Shaji, 2023), calibration-free. Starting from round-to-nearest it
 * alternates (1) a sparse error estimate {@code We = shrink_p(W − dequant(Q), β)} with the generalized
 * soft-threshold for an l_p norm, p &lt; 1, which lets a few outliers stay unexplained instead of
 * stretching the whole block, and (2) a least-squares refit of the block's scale (and, when asymmetric,
 * its zero point) to {@code W − We}; β grows by κ each round. The zero point stays an integer because
 * MatMulNBits stores packed integer zero points. The block keeps whichever iterate had the smallest mean
 * absolute error, round-to-nearest included, and stops at the first round that does not improve.
 */
final class HqqOptimizer {

    record Settings(double p, double beta, double kappa, int iterations) {
        static final Settings DEFAULT = new Settings(0.7, 10.0, 1.01, 20);
    }

    private final Settings settings;

    HqqOptimizer(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    BlockQuantizer.Block refine(float[] w, BlockQuantizer.Block start, BlockQuantizer quantizer) {
        BlockQuantizer.Block best = start;
        double bestError = meanAbsError(w, start);
        double beta = settings.beta();
        BlockQuantizer.Block current = start;
        for (int i = 0; i < settings.iterations(); i++) {
            float[] target = shrunkTarget(w, current, beta);
            current = refit(target, w, current, quantizer);
            beta *= settings.kappa();
            double error = meanAbsError(w, current);
            if (error >= bestError) {
                break;
            }
            best = current;
            bestError = error;
        }
        return best;
    }

    /** {@code W − We}: the weights with the outlier part of the current error removed. */
    private float[] shrunkTarget(float[] w, BlockQuantizer.Block q, double beta) {
        float[] target = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            double e = w[i] - q.dequantized(i);
            double magnitude = Math.abs(e);
            double shrunk = magnitude == 0 ? 0 : Math.max(0, magnitude - Math.pow(magnitude, settings.p() - 1) / beta);
            target[i] = (float) (w[i] - Math.signum(e) * shrunk);
        }
        return target;
    }

    /** Least squares of {@code target ≈ scale × (code − zero)} for the current codes, then new codes. */
    private BlockQuantizer.Block refit(float[] target, float[] w, BlockQuantizer.Block q, BlockQuantizer quantizer) {
        int zero = q.zeroPoint();
        if (!quantizer.symmetric()) {
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += q.codes()[i] - target[i] / q.scale();
            }
            zero = quantizer.clamp(Math.rint(sum / w.length));
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < w.length; i++) {
            double c = q.codes()[i] - zero;
            num += target[i] * c;
            den += c * c;
        }
        float scale = den == 0 || num == 0 ? q.scale() : (float) (num / den);
        return new BlockQuantizer.Block(quantizer.codes(w, scale, zero), scale, zero);
    }

    static double meanAbsError(float[] w, BlockQuantizer.Block q) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += Math.abs(w[i] - q.dequantized(i));
        }
        return sum / w.length;
    }
}
