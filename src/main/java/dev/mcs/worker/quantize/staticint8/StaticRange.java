package dev.mcs.worker.quantize.staticint8;

import dev.mcs.worker.quantize.calibration.HistogramEntropy;
import dev.mcs.worker.quantize.calibration.StatsSpec;
import dev.mcs.worker.quantize.calibration.TensorStats;

/**
 * Range estimation of static int8 calibration and the uint8 parameters it gives.
 *
 * <p>{@code minmax} keeps the observed [min, max]; {@code percentile} and {@code entropy} choose a
 * threshold t for |x| and clip the observed range to [-t, t], so a Relu output keeps its lower bound 0
 * (zero point 0, which ONNX Runtime needs to fold the Relu away) and spends every level on [0, t].
 */
final class StaticRange {

    static final int HISTOGRAM_BINS = 2048;
    private static final int UINT8_MAX = 255;

    /** Asymmetric uint8 quantization of one activation. */
    record Uint8(float scale, int zeroPoint, float min, float max) {
    }

    private StaticRange() {
    }

    static StatsSpec statsSpec(String calibration) {
        return "minmax".equals(calibration) ? StatsSpec.MIN_MAX : new StatsSpec(false, HISTOGRAM_BINS);
    }

    static Uint8 of(TensorStats stats, String calibration, double percentile) {
        float lo = stats.count() == 0 ? 0f : stats.min();
        float hi = stats.count() == 0 ? 0f : stats.max();
        if (!"minmax".equals(calibration)) {
            double t = "entropy".equals(calibration) ? HistogramEntropy.threshold(stats.histogram())
                    : stats.histogram().percentileAbs(percentile);
            lo = (float) Math.max(lo, -t);
            hi = (float) Math.min(hi, t);
        }
        return uint8(lo, hi);
    }

    /** The range always holds 0, so zero padding and Relu's zeros are exact. */
    static Uint8 uint8(float lo, float hi) {
        float min = Math.min(0f, lo);
        float max = Math.max(0f, hi);
        float scale = (max - min) / UINT8_MAX;
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            return new Uint8(1f, 0, min, max);
        }
        int zeroPoint = (int) Math.max(0, Math.min(UINT8_MAX, Math.rint(-min / scale)));
        return new Uint8(scale, zeroPoint, min, max);
    }
}
