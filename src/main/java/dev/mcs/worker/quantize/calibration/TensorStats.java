package dev.mcs.worker.quantize.calibration;

import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.FloatBuffer;

/** Running statistics of one float tensor over the calibration samples; memory O(channels + bins). */
public final class TensorStats {

    private final String name;
    private final boolean trackChannels;
    private final Histogram histogram;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private float[] channelAbsMax;
    private long count;

    TensorStats(String name, StatsSpec spec) {
        this.name = name;
        this.trackChannels = spec.channelAbsMax();
        this.histogram = spec.histogramBins() > 0 ? new Histogram(spec.histogramBins()) : null;
    }

    /** Adds one sample's values; {@code lastDim} is the size of the last axis (1 for a scalar). */
    void accept(FloatBuffer values, int lastDim) throws QuantizationException {
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (trackChannels) {
            acceptChannels(values, lastDim);
        }
        if (histogram != null) {
            histogram.add(values);
        }
        count += values.remaining();
    }

    private void acceptChannels(FloatBuffer values, int lastDim) throws QuantizationException {
        if (channelAbsMax == null) {
            channelAbsMax = new float[lastDim];
        } else if (channelAbsMax.length != lastDim) {
            throw new QuantizationException("tensor '" + name + "' changes its last dimension between calibration"
                    + " samples (" + channelAbsMax.length + " then " + lastDim + "), so per-channel statistics are undefined");
        }
        int offset = values.position();
        for (int i = 0; i < values.remaining(); i++) {
            int c = i % lastDim;
            channelAbsMax[c] = Math.max(channelAbsMax[c], Math.abs(values.get(offset + i)));
        }
    }

    public String name() {
        return name;
    }

    /** Smallest value seen (+Inf before any value). */
    public float min() {
        return min;
    }

    /** Largest value seen (-Inf before any value). */
    public float max() {
        return max;
    }

    /** Max |x| per index of the last axis, or null unless asked for in the {@link StatsSpec}. */
    public float[] channelAbsMax() {
        return channelAbsMax == null ? null : channelAbsMax.clone();
    }

    /** Histogram of |x|, or null unless asked for. */
    public Histogram histogram() {
        return histogram;
    }

    /** Number of values seen, over all samples. */
    public long count() {
        return count;
    }
}
