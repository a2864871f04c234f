package dev.mcs.worker.distill;

/**
 * One epoch of training, a row of the training curve.
 *
 * @param epoch from 1
 * @param trainLoss mean loss over the epoch's training steps
 * @param validationLoss mean loss on the validation slice after the epoch
 * @param validationAgreement share of validation samples whose top-1 class matches the teacher's
 * @param samplesPerSecond training samples per second in this epoch
 * @param elapsedMs training time since the first epoch began
 */
record EpochReport(int epoch, double trainLoss, double validationLoss, double validationAgreement,
        double samplesPerSecond, long elapsedMs) {

    /** One line for the job's stage, e.g. "epoch 3/100: train loss 0.412, validation loss 0.388, ...". */
    String describe(int epochs) {
        return String.format(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f, validation loss %.4f,"
                + " agreement %.3f, %.0f samples/s", epoch, epochs, trainLoss, validationLoss, validationAgreement,
                samplesPerSecond);
    }
}
