package dev.mcs.worker.distill;

import dev.mcs.worker.engine.TorchRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import dev.mcs.worker.distill.training.GradientGuard;
import dev.mcs.worker.distill.training.LearningRates;
import dev.mcs.worker.distill.training.SoftTargetLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a student on the teacher's outputs with AdamW, warm-up and cosine decay. After every epoch it scores the
 * validation slice; each better score (the lowest loss, or the sparsest within a tolerance: {@link Checkpoint}) saves
 * the student to the output file, so the output always holds the chosen checkpoint, also when training stops early (patience), at its time limit, or because it diverged. Gradients are
 * clipped to a global norm and a step with a non-finite loss or gradient is skipped ({@link GradientGuard}), so one
 * bad batch cannot poison the weights and Adam's state. A skipped step leaves the weights as they were, so skipped
 * steps alone are not divergence (libtorch's Conv kernels gave bursts of them on pruned CNNs, see {@code PaddedConv}):
 * an epoch diverges when none of its steps was taken or its validation loss is not finite.
 */
final class StudentTrainer {

    private final TrainingPlan plan;
    private final SoftTargetLoss loss;
    private final Consumer<EpochReport> onEpoch;

    StudentTrainer(TrainingPlan plan, SoftTargetLoss loss, Consumer<EpochReport> onEpoch) {
        this.plan = plan;
        this.loss = loss;
        this.onEpoch = onEpoch;
    }

    TrainingOutcome train(TrainableStudent student, TrainingSet data, Path bestOutput) throws IOException {
        Optimizer optimizer = optimizer(data.training().size());
        long start = System.nanoTime();
        List<EpochReport> curve = new ArrayList<>();
        Checkpoint best = new Checkpoint(student, bestOutput, plan.sparsestWithin());
        String stopped = null;
        for (int epoch = 1; epoch <= plan.epochs() && stopped == null; epoch++) {
            try {
                EpochReport report = epoch(student, data, optimizer, epoch, start);
                curve.add(report);
                onEpoch.accept(report);
                stopped = stopReason(report, best, start);
            } catch (Diverged e) {
                stopped = "diverged";
            }
        }
        if (best.epoch() == 0) {
            throw new Diverged(); // not even the first epoch gave a finite loss: there is no checkpoint to keep
        }
        return new TrainingOutcome(curve, best.epoch(), stopped == null ? "epochs" : stopped, elapsedMs(start));
    }

    private Optimizer optimizer(int trainingSamples) {
        int steps = plan.epochs() * plan.stepsPerEpoch(trainingSamples);
        return Optimizer.adamW().optLearningRateTracker(LearningRates.warmupThenCosine(plan.learningRate(),
                (int) (plan.warmupFraction() * steps), steps)).optWeightDecays(plan.weightDecay()).build();
    }

    /** Why training stops after this epoch, or null to go on; the checkpoint rule may save the student first. */
    private String stopReason(EpochReport report, Checkpoint best, long start) throws IOException {
        if (!best.offer(report) && report.epoch() - best.patienceFrom() >= plan.patience()) {
            return "patience";
        }
        boolean more = report.epoch() < plan.epochs();
        return more && elapsedMs(start) >= plan.maxTime().toMillis() ? "maxTrainingTime" : null;
    }

    private EpochReport epoch(TrainableStudent student, TrainingSet data, Optimizer optimizer, int epoch,
            long start) {
        List<Integer> order = new ArrayList<>(data.training());
        Collections.shuffle(order, new Random(plan.seed() * 1_000_003L + epoch));
        long epochStart = System.nanoTime();
        double lossSum = 0;
        int trained = 0;
        for (int from = 0; from < order.size(); from += plan.batchSize()) {
            List<Integer> indices = order.subList(from, Math.min(order.size(), from + plan.batchSize()));
            double loss = step(student, data, optimizer, indices);
            if (Double.isFinite(loss)) {
                lossSum += loss * indices.size();
                trained += indices.size();
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - epochStart) / 1e9);
        double[] validation = validate(student, data);
        if (trained == 0 || !Double.isFinite(validation[0])) {
            throw new Diverged();
        }
        return new EpochReport(epoch, lossSum / trained, validation[0], validation[1], order.size() / seconds,
                elapsedMs(start));
    }

    /**
     * One optimizer step; a batch whose loss or gradient is not finite is computed again, up to
     * {@link GradientGuard#ATTEMPTS} times, before the step is skipped. libtorch's Conv kernels can return a NaN
     * gradient now and then on a TorchScript model (see {@code PaddedConv} for the ONNX executor's own fix). The NaN
     * losses a pruned digits CNN showed with finite weights came in bursts that outlasted three attempts.
     */
    private double step(TrainableStudent student, TrainingSet data, Optimizer optimizer, List<Integer> indices) {
        for (int attempt = 1; attempt <= GradientGuard.ATTEMPTS; attempt++) {
            try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
                double value = backward(student, scope, data.batch(scope, indices));
                if (Double.isFinite(GradientGuard.clip(student.parameters(), value, GradientGuard.MAX_NORM))) {
                    student.step(optimizer);
                    return value;
                }
            }
        }
        return Double.NaN;
    }

    /** The batch's loss, with its gradients in the student's parameters. */
    private double backward(TrainableStudent student, NDManager scope, TrainingSet.Batch batch) {
        try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            NDArray out = student.forward(scope, batch.feed(), true);
            NDArray batchLoss = loss.evaluate(out, batch.teacher(), batch.labels());
            double value = batchLoss.getFloat();
            collector.backward(batchLoss);
            return value;
        }
    }

    /** Mean validation loss and top-1 agreement with the teacher (also of a saved student, loaded again). */
    double[] validate(TrainableStudent student, TrainingSet data) {
        double lossSum = 0;
        long agree = 0;
        List<Integer> all = data.validation();
        for (int from = 0; from < all.size(); from += plan.batchSize()) {
            List<Integer> indices = all.subList(from, Math.min(all.size(), from + plan.batchSize()));
            try (NDManager scope = TorchRuntime.engine().newBaseManager()) {
                TrainingSet.Batch batch = data.batch(scope, indices);
                NDArray out = student.forward(scope, batch.feed(), false);
                lossSum += loss.evaluate(out, batch.teacher(), batch.labels()).getFloat() * indices.size();
                agree += out.argMax(-1).eq(batch.teacher().argMax(-1)).sum().getLong();
            }
        }
        return new double[] {lossSum / all.size(), (double) agree / all.size()};
    }

    /**
     * A loss that is no longer finite: the weights are lost for good (Adam's state holds the NaN too), so training
     * stops and the last saved checkpoint, which had a finite validation loss, stays the output.
     */
    static final class Diverged extends RuntimeException {
        Diverged() {
            super("training diverged: the loss is no longer finite; try a lower learningRate", null, false, false);
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
