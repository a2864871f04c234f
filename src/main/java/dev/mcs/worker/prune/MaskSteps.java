package dev.mcs.worker.prune;

import dev.mcs.shared.technique.prune.RecoverySpec;
import dev.mcs.worker.distill.Distillation;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.StageProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedule of the mask methods: one step, or with {@code recovery.steps} k above 1 the cubic ramp of gradual
 * {@code structured} pruning ({@link GradualPruning#sparsityAfter}): step i zeroes the share s (1 - (1 - i/k)^3) of
 * the recovered model's weights, chosen as in one step. Weights already zero score lowest (|0|, and |0| x ||X||), so
 * each step's zeros include the last step's. Each recovery trains against the original model with
 * {@code maxTrainingTime / k}; each step's sparsity and fidelity become a job stage and a report row.
 */
final class MaskSteps {

    private final MethodRun run;
    private final RecoverySpec recovery;
    private final double target;
    private final int count;
    private final List<GradualStep> rows = new ArrayList<>();

    /**
     * @param recovery the method's recovery, or null
     * @param target the share of zeros asked for (each pruned weight's, or of all of them together)
     */
    MaskSteps(MethodRun run, RecoverySpec recovery, double target) {
        this.run = run;
        this.recovery = recovery;
        this.target = target;
        this.count = recovery == null ? 1 : recovery.steps();
    }

    int count() {
        return count;
    }

    double sparsity(int step) {
        return count == 1 ? target : GradualPruning.sparsityAfter(target, step, count);
    }

    /** Each step's recovery: the method's, with an equal share of its training time; null without recovery. */
    RecoverySpec recovery() {
        if (recovery == null || count == 1) {
            return recovery;
        }
        return recovery.withSteps(1, recovery.maxTrainingTime().dividedBy(count));
    }

    /** The run with its progress mapped into {@code step}, each stage prefixed with it. */
    MethodRun run(int step) {
        if (count == 1) {
            return run;
        }
        return run.withinStep(step, count);
    }

    /** One row per step of a gradual schedule; empty for one step. */
    List<GradualStep> rows() {
        return List.copyOf(rows);
    }

    /**
     * Keeps the row of {@code step} and reports it as a stage, in a gradual schedule; a weight counts as a unit.
     *
     * @param layers the pruned weights after the step's recovery
     */
    void record(int step, List<LayerSparsity> layers, long parameters, Distillation.Trained trained) {
        if (count == 1) {
            return;
        }
        long total = layers.stream().mapToLong(LayerSparsity::parameters).sum();
        long zeros = layers.stream().mapToLong(LayerSparsity::zeros).sum();
        Double cosine = trained instanceof Distillation.EncoderResult e ? e.pooledCosineAfter() : null;
        Double agreement = trained instanceof Distillation.Result r ? r.bestValidationAgreement() : null;
        GradualStep row = new GradualStep(step, total == 0 ? 0 : (double) zeros / total, (int) (total - zeros),
                parameters, cosine, agreement, trained.stoppedBecause(), trained.trainingMs());
        rows.add(row);
        StageProgress.report(run.progress(), Math.min(0.99, step / (double) count), row.describe(count)
                .replace("units kept", "weights kept"));
    }
}
