package dev.mcs.worker.distill;

import java.util.List;

/**
 * How a layers student's training went.
 *
 * @param curve one row per epoch run
 * @param bestEpoch the epoch whose checkpoint is the output
 * @param stoppedBecause {@code epochs}, {@code patience}, {@code maxTrainingTime} or {@code diverged}
 * @param trainingMs training time, the teacher's pass not included
 * @param steps optimizer steps taken
 * @param scheduleSteps the steps the learning-rate schedule ended up spanning (fewer than planned when the time
 *     limit shortened it)
 * @param skippedSteps steps skipped because their loss or gradient was not finite
 */
record EncoderOutcome(List<EncoderEpoch> curve, int bestEpoch, String stoppedBecause, long trainingMs, int steps,
        int scheduleSteps, int skippedSteps) {}
