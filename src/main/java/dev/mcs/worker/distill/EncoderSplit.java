package dev.mcs.worker.distill;

import java.util.ArrayList;
import java.util.List;

/**
 * The training samples of a layers job split as for every student ({@link TrainingSet#VALIDATION_EVERY}): every tenth
 * is kept out of training; at most {@code validationMax} of those score the epochs, the rest stay unused.
 *
 * @param training indices that train
 * @param validation indices that score epochs, choose the checkpoint and the layers
 */
record EncoderSplit(List<Integer> training, List<Integer> validation) {

    static EncoderSplit of(int samples, int validationMax) {
        List<Integer> training = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        int every = TrainingSet.VALIDATION_EVERY;
        for (int i = 0; i < samples; i++) {
            if (i % every != every - 1) {
                training.add(i);
            } else if (validation.size() < validationMax) {
                validation.add(i);
            }
        }
        if (validation.isEmpty() || training.isEmpty()) {
            throw new IllegalArgumentException("encoder training needs at least " + every + " training samples (every "
                    + "tenth validates), the dataset has " + samples);
        }
        return new EncoderSplit(List.copyOf(training), List.copyOf(validation));
    }
}
