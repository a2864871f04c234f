package dev.mcs.worker.distill.training;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/** The learning-rate schedule of distillation: linear warm-up to the peak, then cosine decay towards zero. */
public final class LearningRates {

    /** Where the cosine decay ends, as a fraction of the peak: a small floor keeps late steps from being wasted. */
    static final float FINAL_FRACTION = 0.01f;

    private LearningRates() {}

    /**
     * @param peak the learning rate at the end of warm-up
     * @param warmupSteps optimizer steps of linear warm-up from 0 (0 for none)
     * @param totalSteps every optimizer step of the run, warm-up included
     */
    public static Tracker warmupThenCosine(float peak, int warmupSteps, int totalSteps) {
        Tracker decay = CosineTracker.builder().setBaseValue(peak).optFinalValue(peak * FINAL_FRACTION)
                .setMaxUpdates(Math.max(1, totalSteps - warmupSteps)).build();
        if (warmupSteps == 0) {
            return decay;
        }
        return WarmUpTracker.builder().setMainTracker(decay).optWarmUpSteps(warmupSteps).optWarmUpBeginValue(0f)
                .optWarmUpMode(WarmUpTracker.Mode.LINEAR).build();
    }
}
