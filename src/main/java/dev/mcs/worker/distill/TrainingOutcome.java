package dev.mcs.worker.distill;

import java.util.List;

/**
 * How a training run went.
 *
 * @param curve one row per epoch run
 * @param bestEpoch the epoch whose checkpoint is the output
 * @param stoppedBecause {@code epochs} (all ran), {@code patience} (no better validation loss for that many
 *     epochs), {@code maxTrainingTime}, or {@code diverged} (the loss stopped being finite; the epoch where it
 *     happened is not in the curve)
 * @param trainingMs training time, teacher outputs not included
 */
record TrainingOutcome(List<EpochReport> curve, int bestEpoch, String stoppedBecause, long trainingMs) {}
