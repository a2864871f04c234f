package dev.mcs.worker.distill;

import dev.mcs.worker.technique.StageProgress;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/** A layers job's progress as the job's stage: each epoch's result, and every so many steps within long epochs. */
final class EncoderProgress {

    private static final int STEPS_BETWEEN_REPORTS = 25;

    private final DoubleConsumer progress;

    EncoderProgress(DoubleConsumer progress) {
        this.progress = progress;
    }

    void stage(double fraction, String stage) {
        StageProgress.report(progress, fraction, stage);
    }

    void epoch(EncoderEpoch report, int epochs) {
        stage(Math.min(0.99, report.epoch() / (double) epochs), report.describe(epochs));
    }

    void step(int epoch, int epochs, int step, int steps, double trainLoss) {
        if (step % STEPS_BETWEEN_REPORTS == 0) {
            double fraction = Math.min(0.99, (epoch - 1 + step / (double) steps) / epochs);
            stage(fraction, String.format(Locale.ROOT, "epoch %d/%d: step %d/%d, train loss %.4f", epoch, epochs,
                    step, steps, trainLoss));
        }
    }
}
