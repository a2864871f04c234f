package dev.mcs.worker.distill;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import dev.mcs.worker.distill.training.GradientGuard;
import dev.mcs.worker.distill.training.LayerMatchLoss;
import dev.mcs.worker.distill.training.PooledEmbeddingLoss;
import dev.mcs.worker.distill.training.TimeBoundSchedule;
import dev.mcs.worker.engine.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains an encoder ({@link EncoderStudent}: a layers student, a pruned ONNX or TorchScript encoder) on the teacher's
 * pooled outputs (and, with layer matching, hidden states) with AdamW. The time limit is checked after every step,
 * leaving room for one validation (timed before training starts), and the learning-rate schedule is shortened to the
 * steps that fit in it, so the rate decays within the time available. Gradients are clipped to a global norm of 1, and
 * a step with a non-finite loss or gradient is skipped ({@link GradientGuard}); ten skipped in a row count as
 * divergence. After each epoch (or the partial one the limit ended) the validation slice is scored; each better pooled
 * loss saves the student, so the output is the best checkpoint.
 */
final class EncoderTrainer {

    /** Steps between re-estimates of how many steps fit in the time limit. */
    private static final int ESTIMATE_EVERY = 20;

    private final TrainingPlan plan;
    private final PooledEmbeddingLoss loss;
    private final EncoderProgress progress;
    private final Distillation.AfterStep afterStep;
    private final long start = System.nanoTime();
    private TimeBoundSchedule schedule;
    private int steps;
    private int skipped;
    private int skippedInARow;
    private long validationMs;
    private long saveMs;
    private int bestEpoch;
    private double bestLoss = Double.POSITIVE_INFINITY;

    EncoderTrainer(TrainingPlan plan, PooledEmbeddingLoss loss, EncoderProgress progress,
            Distillation.AfterStep afterStep) {
        this.plan = plan;
        this.loss = loss;
        this.progress = progress;
        this.afterStep = afterStep;
    }

    EncoderOutcome train(EncoderStudent student, EncoderData data, Path bestOutput) throws IOException {
        int perEpoch = plan.stepsPerEpoch(data.training().size());
        schedule = new TimeBoundSchedule(plan.learningRate(), plan.warmupFraction(), plan.epochs() * perEpoch);
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(plan.weightDecay())
                .build();
        validate(student, data); // timed, so that the time limit leaves room for the last validation and checkpoint
        List<EncoderEpoch> curve = new ArrayList<>();
        String stopped = null;
        for (int epoch = 1; epoch <= plan.epochs() && stopped == null; epoch++) {
            EncoderEpoch report = epoch(student, data, optimizer, epoch);
            curve.add(report);
            progress.epoch(report, plan.epochs());
            boolean finite = Double.isFinite(report.trainLoss()) && Double.isFinite(report.validationLoss());
            stopped = finite ? keepIfBetter(report, student, bestOutput) : "diverged";
        }
        if (bestEpoch == 0) {
            throw new StudentTrainer.Diverged();
        }
        return new EncoderOutcome(curve, bestEpoch, stopped == null ? "epochs" : stopped, elapsedMs(), steps,
                schedule.horizon(), skipped);
    }

    /** Saves the student when its validation loss is the best so far; then says why training stops, or null. */
    private String keepIfBetter(EncoderEpoch report, EncoderStudent student, Path bestOutput) throws IOException {
        if (report.validationLoss() < bestLoss) {
            bestLoss = report.validationLoss();
            bestEpoch = report.epoch();
            long saveStart = System.nanoTime();
            student.save(bestOutput);
            saveMs = (System.nanoTime() - saveStart) / 1_000_000;
        }
        return stopReason(report.epoch(), bestEpoch);
    }

    private String stopReason(int epoch, int bestEpoch) {
        if (timeUp()) {
            return "maxTrainingTime";
        }
        return epoch - bestEpoch >= plan.patience() ? "patience" : null;
    }

    private EncoderEpoch epoch(EncoderStudent student, EncoderData data, Optimizer optimizer, int epoch) {
        List<Integer> order = new ArrayList<>(data.training());
        Collections.shuffle(order, new Random(plan.seed() * 1_000_003L + epoch));
        long epochStart = System.nanoTime();
        double lossSum = 0;
        int trained = 0;
        int epochSteps = 0;
        for (int from = 0; from < order.size() && !timeUp(); from += plan.batchSize()) {
            List<Integer> indices = order.subList(from, Math.min(order.size(), from + plan.batchSize()));
            double value = step(student, data, optimizer, indices);
            skippedInARow = Double.isFinite(value) ? 0 : skippedInARow + 1;
            if (skippedInARow >= GradientGuard.MAX_SKIPPED_IN_A_ROW) {
                lossSum = Double.NaN;
                break;
            }
            if (!Double.isFinite(value)) {
                continue;
            }
            lossSum += value * indices.size();
            trained += indices.size();
            epochSteps++;
            progress.step(epoch, plan.epochs(), epochSteps, plan.stepsPerEpoch(order.size()), lossSum / trained);
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - epochStart) / 1e9);
        double[] validation = validate(student, data);
        return new EncoderEpoch(epoch, epochSteps, lossSum / Math.max(1, trained), validation[0], validation[1],
                trained / seconds, elapsedMs(), EncoderEpoch.currentHeapMb(), EncoderEpoch.currentResidentMb());
    }

    private double step(EncoderStudent student, EncoderData data, Optimizer optimizer, List<Integer> indices) {
        try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
            EncoderData.Batch batch = data.batch(scope, indices);
            double value;
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                Map<String, NDArray> out = student.forward(scope, batch.feed(), data.forwardNames(), true);
                NDArray total = loss.evaluate(out.get(data.output()), batch.teacherPooled(), batch.mask());
                for (int l = 0; l < data.matched().size(); l++) {
                    total = total.add(OwnedScalars.div(LayerMatchLoss.relativeError(out.get(data.matched().get(l)),
                            batch.teacherHidden().get(l), batch.mask()), data.matched().size()));
                }
                value = total.getFloat();
                collector.backward(total);
            }
            if (!Double.isFinite(GradientGuard.clip(student.parameters(), value, GradientGuard.MAX_NORM))) {
                skipped++;
                return Double.NaN;
            }
            afterStep.beforeStep(student.parameters());
            student.step(optimizer);
            afterStep.apply(student.parameters());
            steps++;
            fitScheduleToTime();
            return value;
        }
    }

    /** Shortens the schedule to the steps that fit before the time limit, at the pace measured so far. */
    private void fitScheduleToTime() {
        if (steps % ESTIMATE_EVERY == 0) {
            double msPerStep = elapsedMs() / (double) steps;
            long left = plan.maxTime().toMillis() - elapsedMs() - reserveMs();
            schedule.shortenTo((int) (steps + left / msPerStep));
        }
    }

    /** Mean pooled loss and pooled cosine to the teacher on the validation slice. */
    private double[] validate(EncoderStudent student, EncoderData data) {
        long validationStart = System.nanoTime();
        double lossSum = 0;
        double cosineSum = 0;
        List<Integer> all = data.validation();
        for (int from = 0; from < all.size(); from += plan.batchSize()) {
            List<Integer> indices = all.subList(from, Math.min(all.size(), from + plan.batchSize()));
            try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
                EncoderData.Batch batch = data.batch(scope, indices);
                NDArray out = student.forward(scope, batch.feed(), List.of(data.output()), false).get(data.output());
                lossSum += loss.evaluate(out, batch.teacherPooled(), batch.mask()).getFloat() * indices.size();
                NDArray pooled = PooledEmbeddingLoss.pool(out, batch.mask());
                cosineSum += PooledEmbeddingLoss.cosine(pooled, batch.teacherPooled()).sum().getFloat();
            }
        }
        validationMs = (System.nanoTime() - validationStart) / 1_000_000;
        return new double[] {lossSum / all.size(), cosineSum / all.size()};
    }

    /** Whether the time left is about what one more step, the last validation and the checkpoint need. */
    private boolean timeUp() {
        return elapsedMs() + reserveMs() >= plan.maxTime().toMillis();
    }

    /** Half again the last validation and two average steps: steps and validations vary with the machine's load. */
    private long reserveMs() {
        long stepMs = steps == 0 ? 0 : elapsedMs() / steps;
        return validationMs * 3 / 2 + 2 * stepMs + saveMs;
    }

    private long elapsedMs() {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
