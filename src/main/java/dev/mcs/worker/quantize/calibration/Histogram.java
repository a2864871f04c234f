package dev.mcs.worker.quantize.calibration;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A fixed-size histogram of |x| over {@code [0, range]}, memory O(bins) however many values it sees.
 *
 * <p>The range starts at the largest |x| of the first non-zero batch. A later value beyond it doubles
 * the range, merging neighbouring bin pairs, which is exact: every old bin lies inside one new bin. So
 * the result depends only on the values and their order, and the finest resolution is range/bins with
 * at least half of the bins below the largest |x|.
 */
public final class Histogram {

    private final long[] counts;
    private double range;
    private float absMax;
    private long total;
    private long zeros;

    public Histogram(int bins) {
        if (bins < 2 || bins % 2 != 0) {
            throw new IllegalArgumentException("bins must be an even number >= 2, got " + bins);
        }
        this.counts = new long[bins];
    }

    /** Adds every remaining value of the buffer without moving its position. */
    public void add(FloatBuffer values) {
        float batchMax = 0f;
        for (int i = values.position(); i < values.limit(); i++) {
            batchMax = Math.max(batchMax, Math.abs(values.get(i)));
        }
        if (Float.isNaN(batchMax) || Float.isInfinite(batchMax)) {
            batchMax = 0f; // NaN/Inf carry no range information; they are counted in the last bin below
        }
        growTo(batchMax);
        for (int i = values.position(); i < values.limit(); i++) {
            float abs = Math.abs(values.get(i));
            counts[bin(abs)]++;
            zeros += abs == 0f ? 1 : 0;
        }
        total += values.remaining();
        absMax = Math.max(absMax, batchMax);
    }

    private void growTo(float batchMax) {
        if (range == 0) {
            range = batchMax;
            return;
        }
        while (batchMax > range) {
            for (int i = 0; i < counts.length / 2; i++) {
                counts[i] = counts[2 * i] + counts[2 * i + 1];
            }
            Arrays.fill(counts, counts.length / 2, counts.length, 0L);
            range *= 2;
        }
    }

    private int bin(float abs) {
        if (range == 0 || abs == 0f) {
            return 0;
        }
        if (!(abs < range)) {
            return counts.length - 1; // the top edge, and NaN/Inf
        }
        return Math.min(counts.length - 1, (int) (abs / range * counts.length));
    }

    /** The |x| below which {@code p} percent of the values lie (upper edge of that bin, capped at the largest |x|). */
    public double percentileAbs(double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        if (total == 0) {
            return 0;
        }
        double target = p / 100.0 * total;
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative >= target) {
                return Math.min(absMax, binWidth() * (i + 1));
            }
        }
        return absMax;
    }

    public int bins() {
        return counts.length;
    }

    /** Upper edge of the last bin; 0 while only zeros were seen. */
    public double range() {
        return range;
    }

    public double binWidth() {
        return range / counts.length;
    }

    /** A copy of the bin counts. */
    public long[] counts() {
        return counts.clone();
    }

    /** How many of the values were exactly 0 (they are also counted in bin 0). */
    public long zeros() {
        return zeros;
    }

    public long total() {
        return total;
    }

    /** Largest finite |x| seen. */
    public float absMax() {
        return absMax;
    }
}
