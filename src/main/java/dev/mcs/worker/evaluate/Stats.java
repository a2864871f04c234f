package dev.mcs.worker.evaluate;

import java.util.Arrays;

/** Order statistics for latency samples. */
final class Stats {

    private Stats() {}

    /**
     * Nearest-rank percentile: the smallest sample with at least {@code p} percent of samples at or below it.
     * It always returns a measured value, which keeps small sample counts honest.
     */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
