package dev.mcs.worker.quantize.calibration;


/**
 * Which statistics {@link CalibrationRun#collect} gathers beyond min, max and count.
 *
 * @param channelAbsMax per-channel max |x| along the last axis (SmoothQuant's activation scales)
 * @param histogramBins bins of a histogram of |x|, 0 for none; even, so the range can grow by merging pairs
 */
public record StatsSpec(boolean channelAbsMax, int histogramBins) {

    public static final StatsSpec MIN_MAX = new StatsSpec(false, 0);

    public StatsSpec {
        if (histogramBins < 0 || histogramBins % 2 != 0) {
            throw new IllegalArgumentException("histogramBins must be 0 or a positive even number, got " + histogramBins);
        }
    }
}
