package dev.mcs.worker.distill;

import dev.mcs.shared.technique.distill.DistillParams;
import java.time.Duration;

/**
 * The training settings of one DISTILL run, from its validated parameters.
 *
 * @param epochs most epochs
 * @param batchSize samples per step
 * @param learningRate AdamW's peak learning rate
 * @param weightDecay AdamW's weight decay
 * @param warmupFraction share of the steps spent warming up
 * @param patience epochs without a better validation loss before stopping
 * @param maxTime training time after which the best checkpoint is kept
 * @param seed seed of the shuffling
 * @param sparsestWithin null: the checkpoint is the lowest validation loss; else the epoch with the most zeros
 *     ({@link TrainableStudent#zeros()}) whose validation agreement lies within this of the best agreement seen
 *     ({@link StudentTrainer}; classifier students only)
 */
record TrainingPlan(int epochs, int batchSize, float learningRate, float weightDecay, double warmupFraction,
        int patience, Duration maxTime, long seed, Double sparsestWithin) {

    /** A plan whose checkpoint is the lowest validation loss. */
    TrainingPlan(int epochs, int batchSize, float learningRate, float weightDecay, double warmupFraction,
            int patience, Duration maxTime, long seed) {
        this(epochs, batchSize, learningRate, weightDecay, warmupFraction, patience, maxTime, seed, null);
    }

    static TrainingPlan of(DistillParams p) {
        return new TrainingPlan(p.epochs(), p.batchSize(), p.learningRate().floatValue(),
                p.weightDecay().floatValue(), p.warmupFraction(), p.patience(), p.maxTrainingTime(), p.seed());
    }

    int stepsPerEpoch(int samples) {
        return Math.max(1, (samples + batchSize - 1) / batchSize);
    }
}
