package dev.mcs.worker.distill.training;

import ai.djl.training.tracker.Tracker;

/**
 * Warm-up then cosine decay, like {@link LearningRates#warmupThenCosine}, over a horizon that can shrink while
 * training runs: when a time limit will end training before the planned steps, the trainer shortens the horizon to
 * the steps that fit, so the rate still warms up and decays within the time actually available instead of being cut
 * off near its peak.
 */
public final class TimeBoundSchedule implements Tracker {

    private final float peak;
    private final double warmupFraction;
    private volatile int horizon;

    /**
     * @param peak the rate at the end of warm-up
     * @param warmupFraction share of the horizon spent warming up linearly from 0
     * @param plannedSteps every planned optimizer step
     */
    public TimeBoundSchedule(float peak, double warmupFraction, int plannedSteps) {
        this.peak = peak;
        this.warmupFraction = warmupFraction;
        this.horizon = Math.max(1, plannedSteps);
    }

    /** Ends the schedule after {@code steps} steps, if that is sooner than planned. */
    public void shortenTo(int steps) {
        horizon = Math.max(1, Math.min(horizon, steps));
    }

    public int horizon() {
        return horizon;
    }

    @Override
    public float getNewValue(int step) {
        int end = horizon;
        int warmup = (int) (warmupFraction * end);
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, end - warmup));
        float floor = peak * LearningRates.FINAL_FRACTION;
        return (float) (floor + (peak - floor) * (1 + Math.cos(Math.PI * progress)) / 2);
    }
}
